package dev.managedtokens.db;

import dev.managedtokens.db.DatabaseException.Kind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SQLite file shared with the Go service (v0.17.1): the same application_id, user_version, tables and statements,
 * so either program can use a file the other wrote, plus tables of ours that the Go service ignores. One connection,
 * used by one caller at a time; another process (the other executable from cron) is waited for up to the busy timeout.
 * Every failure is a {@link DatabaseException} whose message names the file.
 */
public final class ManagedTokensDatabase implements AutoCloseable {

    /**
     * The Go error text for a missing row; token-push reports a missing UID as
     * {@code could not get UID by username: } followed by this.
     */
    public static final String NO_ROWS_IN_RESULT_SET = "sql: no rows in result set";

    /** Where the Go service looks when {@code dbLocation} is not set. */
    public static final Path DEFAULT_LOCATION = Path.of("/var/lib/managed-tokens/uid.db");

    /** {@code PRAGMA application_id} of a Managed Tokens database (0x5da82553). */
    public static final int APPLICATION_ID = Schema.APPLICATION_ID;

    /** {@code PRAGMA user_version} of the Go service's current schema; our tables never change it. */
    public static final int SCHEMA_VERSION = Schema.SCHEMA_VERSION;

    /** How long a statement waits for another process's lock, as the Go driver does. */
    public static final int BUSY_TIMEOUT_MILLIS = DatabaseOpener.BUSY_TIMEOUT_MILLIS;

    /** A unit of work on the connection. */
    @FunctionalInterface
    private interface Operation<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Path location;
    private final boolean readOnly;
    private final Connection connection;
    private final Set<String> tables;
    private final NameTables names;
    private final UidStore uids;
    private final ErrorCounts errorCounts;
    private final StatusReader statusReader;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private ManagedTokensDatabase(Path location, boolean readOnly, DatabaseOpener.Opened opened) {
        this.location = location;
        this.readOnly = readOnly;
        this.connection = opened.connection();
        this.tables = Set.copyOf(opened.tables());
        NameSpellings spellings = new NameSpellings(tables.contains(Schema.NAME_SPELLINGS));
        this.names = new NameTables(spellings);
        this.uids = new UidStore(spellings);
        this.errorCounts = new ErrorCounts(spellings);
        this.statusReader = new StatusReader(tables, spellings, names, uids);
    }

    /**
     * Opens the database read-write: created (with the Go service's schema) only if the path does not exist, an older
     * schema migrated in one transaction, our tables added if absent. A file whose application_id is not ours
     * (including an empty file) is refused and left untouched.
     */
    public static ManagedTokensDatabase open(Path location) {
        return new ManagedTokensDatabase(location, false, DatabaseOpener.openReadWrite(location));
    }

    /** Opens an existing database without ever writing to it (for {@code status}); writes fail. */
    public static ManagedTokensDatabase openReadOnly(Path location) {
        return new ManagedTokensDatabase(location, true, DatabaseOpener.openReadOnly(location));
    }

    /** The path given when opening. */
    public Path location() {
        return location;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** The UID of the account, empty when it has no row (the Go service's error is {@link #NO_ROWS_IN_RESULT_SET}). */
    public OptionalLong uid(String account) {
        return call("look up the UID of account " + account, c -> uids.uid(c, account));
    }

    /** Every account and its UID, names as written, sorted by account. */
    public Map<String, Long> uids() {
        return call("read the UIDs", uids::all);
    }

    /**
     * Writes the UIDs of the accounts refreshed in this run, in one transaction: new accounts are added, changed UIDs
     * replaced, and a UID moved between accounts of the batch (a swap) is resolved inside the transaction. An account
     * whose new UID another account keeps is not written and is reported as a conflict; every other account still is.
     * Rows are never deleted and the table's {@code uid UNIQUE} constraint always holds.
     */
    public UidUpsertReport upsertUids(Map<String, Long> uidsByAccount) {
        Map<String, Long> batch = Map.copyOf(uidsByAccount);
        return call("save " + batch.size() + " UIDs", c -> uids.upsert(c, batch));
    }

    /** Adds the services not yet known (by configName), keeping the ids of the others; one transaction. */
    public void registerServices(Collection<String> services) {
        List<String> batch = List.copyOf(services);
        call("register services " + batch, c -> {
            names.register(c, NameSpellings.Column.SERVICES_NAME, batch);
            return null;
        });
    }

    /** Every registered service, names as written, in registration order. */
    public List<String> services() {
        return call("list the services", c -> names.list(c, NameSpellings.Column.SERVICES_NAME));
    }

    /** Adds the nodes not yet known, keeping the ids of the others; one transaction. */
    public void registerNodes(Collection<String> nodes) {
        List<String> batch = List.copyOf(nodes);
        call("register nodes " + batch, c -> {
            names.register(c, NameSpellings.Column.NODES_NAME, batch);
            return null;
        });
    }

    /** Every registered node, names as written, in registration order. */
    public List<String> nodes() {
        return call("list the nodes", c -> names.list(c, NameSpellings.Column.NODES_NAME));
    }

    /** The stored setup-error count of the service, empty when it has no row (callers treat that as 0). */
    public OptionalInt setupErrorCount(String service) {
        return call("read the setup error count of " + service, c -> errorCounts.setupErrorCount(c, service));
    }

    /**
     * Stores the setup-error count of a registered service.
     *
     * @return false if the service is not registered; nothing was written
     */
    public boolean setSetupErrorCount(String service, int count) {
        return call("save the setup error count of " + service, c -> errorCounts.setSetupErrorCount(c, service, count));
    }

    /** Node (as written) to stored push-error count, for the nodes of the service that have a row. */
    public Map<String, Integer> pushErrorCounts(String service) {
        return call("read the push error counts of " + service, c -> errorCounts.pushErrorCounts(c, service));
    }

    /** The stored push-error count of the service on the node, empty when there is no row. */
    public OptionalInt pushErrorCount(String service, String node) {
        return call(
                "read the push error count of " + service + " on " + node,
                c -> errorCounts.pushErrorCount(c, service, node));
    }

    /**
     * Stores push-error counts of one service, one transaction.
     *
     * @return the nodes not written because the service or the node is not registered
     */
    public Set<String> setPushErrorCounts(String service, Map<String, Integer> countsByNode) {
        Map<String, Integer> batch = Map.copyOf(countsByNode);
        return call("save the push error counts of " + service, c -> errorCounts.setPushErrorCounts(c, service, batch));
    }

    /** Records push outcomes in our history table, one transaction. */
    public void recordPushes(Collection<PushAttempt> attempts) {
        List<PushAttempt> batch = List.copyOf(attempts);
        if (!tables.contains(Schema.PUSH_HISTORY)) {
            throw new DatabaseException(
                    Kind.QUERY,
                    "cannot record pushes in " + location + ": the file has no table " + Schema.PUSH_HISTORY
                            + " (it could not be added, is the file read-only?)");
        }
        call("record " + batch.size() + " push results", c -> {
            PushHistory.record(c, batch);
            return null;
        });
    }

    public void recordPush(PushAttempt attempt) {
        recordPushes(List.of(attempt));
    }

    /** Services, nodes, error counts, push history and UIDs, as the database holds them. */
    public DatabaseStatus status() {
        return call("read the status", statusReader::read);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                connection.close();
            }
        } catch (SQLException e) {
            throw new DatabaseException(Kind.QUERY, "cannot close database " + location + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private <T> T call(String what, Operation<T> operation) {
        lock.lock();
        try {
            if (closed) {
                throw new DatabaseException(Kind.QUERY, "cannot " + what + ": database " + location + " is closed");
            }
            return operation.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException(
                    Kind.QUERY, "cannot " + what + " in database " + location + ": " + e.getMessage() + hint(e), e);
        } finally {
            lock.unlock();
        }
    }

    private String hint(SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        return switch (primary) {
            case 5, 6 ->
                "; another process held the lock for more than " + BUSY_TIMEOUT_MILLIS / 1000 + " s, try again";
            case 8 -> readOnly ? "; the database was opened read-only" : "; the file or its directory is not writable";
            default -> "";
        };
    }
}
