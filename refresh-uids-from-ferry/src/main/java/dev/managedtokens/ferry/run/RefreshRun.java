package dev.managedtokens.ferry.run;

import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.db.DatabaseException;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.db.UidUpsertReport;
import dev.managedtokens.worker.Deadline;
import dev.managedtokens.worker.ferry.FerryClient;
import dev.managedtokens.worker.ferry.FerryConnection;
import dev.managedtokens.worker.ferry.FerryEndpoint;
import dev.managedtokens.worker.ferry.FerryLookups;
import dev.managedtokens.worker.ferry.FerrySetupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run: the accounts of the configuration, the database, the FERRY login, one request per account, then every UID
 * obtained upserted in one transaction and read back. A failed account keeps the UID it has; nothing is ever deleted;
 * a UID held by another account is a conflict for that account only. Test mode stops before writing and never
 * creates the database.
 */
public final class RefreshRun {

    private static final Logger log = LoggerFactory.getLogger(RefreshRun.class);

    private final Config config;
    private final RunMode mode;
    private final Map<String, String> environment;
    private final Path tmpRoot;
    private final Clock clock;
    private final int maxConcurrentRequests;

    /**
     * @param environment the base environment of kinit, klist and htgettoken (JWT mode)
     * @param tmpRoot     where JWT mode makes its private Kerberos cache and token directories
     */
    public RefreshRun(
            Config config,
            RunMode mode,
            Map<String, String> environment,
            Path tmpRoot,
            Clock clock,
            int maxConcurrentRequests) {
        this.config = config;
        this.mode = mode;
        this.environment = Map.copyOf(environment);
        this.tmpRoot = tmpRoot;
        this.clock = clock;
        this.maxConcurrentRequests = maxConcurrentRequests;
    }

    /** Runs to the end and reports; never throws for FERRY, the database or the login. */
    public RefreshReport run(long startedNanos) {
        Deadline deadline = Deadline.after(config.timeouts().global().minusNanos(System.nanoTime() - startedNanos));
        Map<Stage, Duration> stages = new EnumMap<>(Stage.class);
        List<String> accounts = accounts();
        Outcome o = new Outcome(accounts, stages, startedNanos);
        if (accounts.isEmpty()) {
            return o.setupFailed("no accounts configured in " + config.file()
                    + ": add experiments.<E>.roles.<R>.account" + " entries (nothing to ask FERRY about)");
        }
        Path dbPath = Path.of(config.dbLocation());
        Optional<ManagedTokensDatabase> db;
        try {
            db = openDatabase(dbPath);
        } catch (DatabaseException e) {
            log.error("Could not open or create ManagedTokensDatabase: {}", e.getMessage());
            return o.setupFailed(e.getMessage());
        }
        try {
            db.ifPresent(d -> o.previousUids.putAll(d.uids()));
            return lookUpAndStore(o, db, deadline);
        } catch (DatabaseException e) {
            log.error("database error: {}", e.getMessage());
            return o.setupFailed(e.getMessage());
        } finally {
            db.ifPresent(ManagedTokensDatabase::close);
        }
    }

    private RefreshReport lookUpAndStore(Outcome o, Optional<ManagedTokensDatabase> db, Deadline deadline) {
        FerryEndpoint endpoint =
                new FerryEndpoint(config.ferry().host(), config.ferry().port());
        FerryConnection connection;
        try {
            connection = FerryConnector.connect(
                    config, mode, new ProcessRunner(config.maxConcurrentProcesses()), environment, tmpRoot, deadline);
        } catch (FerrySetupException e) {
            log.error("Could not set up authentication to FERRY: {}", e.getMessage());
            return o.setupFailed(e.getMessage());
        }
        log.debug("Using {} to authenticate to FERRY at {}", connection.description(), endpoint);
        o.stages.put(Stage.SETUP, o.since(o.startedNanos));

        long askStart = System.nanoTime();
        FerryLookups lookups;
        try (FerryClient client =
                new FerryClient(endpoint, connection, config.timeouts().ferryRequest(), maxConcurrentRequests)) {
            lookups = client.lookUp(o.accounts, deadline);
        }
        o.lookups = lookups;
        o.stages.put(Stage.GET_FERRY_DATA, o.since(askStart));
        // The unreachable reason was logged once by the client; the accounts not asked are not failures of theirs.
        lookups.failures().stream()
                .filter(f -> f.kind().countsAsFailedRequest())
                .filter(f -> !lookups.unreachable().map(f::equals).orElse(false))
                .forEach(f -> log.error("Could not get FERRY UID data for user {}: {}", f.account(), f.message()));

        if (lookups.succeeded() == 0) {
            String why = lookups.unreachable()
                    .map(f -> f.message())
                    .orElse("every account failed (see each account's reason)");
            return o.setupFailed("no UID obtained from FERRY, nothing written: " + why);
        }
        if (mode.test()) {
            log.info("Test mode: {} UIDs from FERRY, database not changed", lookups.succeeded());
            return o.done(Optional.empty(), Optional.empty());
        }

        long dbStart = System.nanoTime();
        ManagedTokensDatabase database = db.orElseThrow();
        UidUpsertReport upsert = database.upsertUids(lookups.uids());
        upsert.changed()
                .forEach(c -> log.warn(
                        "UID of account {} changed in FERRY from {} to {}; the database now" + " holds {}",
                        c.account(),
                        c.oldUid(),
                        c.newUid(),
                        c.newUid()));
        upsert.reassignments()
                .forEach(r -> log.warn(
                        "UID {} moved from account {} to account {} (both refreshed" + " in this run)",
                        r.uid(),
                        r.fromAccount(),
                        r.toAccount()));
        upsert.conflicts().forEach(c -> log.error("{}", c.describe()));
        Optional<String> mismatch = verify(database, lookups, upsert);
        o.stages.put(Stage.REFRESH_DB, o.since(dbStart));
        if (mismatch.isPresent()) {
            log.error("{}", mismatch.get());
            o.upsert = Optional.of(upsert);
            return o.setupFailed(mismatch.get());
        }
        log.info(
                "Successfully refreshed Managed Tokens DB: {} added, {} changed, {} unchanged, {} conflicts",
                upsert.added().size(),
                upsert.changed().size(),
                upsert.unchanged().size(),
                upsert.conflicts().size());
        return o.done(Optional.of(upsert), Optional.of(clock.instant()));
    }

    /** Distinct, non-blank, sorted; a role without an account is skipped with a warning (the Go service asked for ""). */
    private List<String> accounts() {
        List<String> all = config.accounts();
        long blank = all.stream().filter(String::isBlank).count();
        if (blank > 0) {
            log.warn("{} role(s) in {} have no account; they are skipped", blank, config.file());
        }
        return List.copyOf(new TreeSet<>(all.stream().filter(a -> !a.isBlank()).toList()));
    }

    /** Test mode reads an existing database and never creates one (the Go service created it even then). */
    private Optional<ManagedTokensDatabase> openDatabase(Path dbPath) {
        if (mode.test()) {
            return Files.exists(dbPath) ? Optional.of(ManagedTokensDatabase.openReadOnly(dbPath)) : Optional.empty();
        }
        return Optional.of(ManagedTokensDatabase.open(dbPath));
    }

    /** Reads the table back: every account written or unchanged must now hold the UID FERRY gave it. */
    private static Optional<String> verify(ManagedTokensDatabase db, FerryLookups lookups, UidUpsertReport upsert) {
        Map<String, Long> stored = db.uids();
        List<String> wrong = new ArrayList<>();
        Map<String, Long> expected = lookups.uids();
        TreeSet<String> check = new TreeSet<>(upsert.written());
        upsert.unchanged().forEach(u -> check.add(u.account()));
        for (String account : check) {
            if (!expected.get(account).equals(stored.get(account))) {
                wrong.add(account + " holds " + stored.get(account) + ", not " + expected.get(account));
            }
        }
        if (wrong.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("verification of the UID table in " + db.location() + " failed after the write: "
                + String.join("; ", wrong) + "; check whether another program writes the table");
    }

    /** What the run has gathered so far, turned into a report at whichever point it ends. */
    private final class Outcome {
        final List<String> accounts;
        final Map<Stage, Duration> stages;
        final long startedNanos;
        final Map<String, Long> previousUids = new java.util.TreeMap<>();
        FerryLookups lookups = new FerryLookups(List.of(), Optional.empty(), 0);
        Optional<UidUpsertReport> upsert = Optional.empty();

        Outcome(List<String> accounts, Map<Stage, Duration> stages, long startedNanos) {
            this.accounts = accounts;
            this.stages = stages;
            this.startedNanos = startedNanos;
        }

        Duration since(long nanos) {
            return Duration.ofNanos(System.nanoTime() - nanos);
        }

        RefreshReport setupFailed(String error) {
            return new RefreshReport(
                    mode,
                    accounts,
                    lookups,
                    previousUids,
                    upsert,
                    Optional.of(error),
                    stages,
                    Optional.empty(),
                    since(startedNanos));
        }

        RefreshReport done(Optional<UidUpsertReport> written, Optional<java.time.Instant> refreshedAt) {
            return new RefreshReport(
                    mode,
                    accounts,
                    lookups,
                    previousUids,
                    written,
                    Optional.empty(),
                    stages,
                    refreshedAt,
                    since(startedNanos));
        }
    }
}
