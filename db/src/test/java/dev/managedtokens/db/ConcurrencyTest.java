package dev.managedtokens.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * token-push and refresh-uids-from-ferry run from cron and may meet on the file: a writer waits for the other's lock
 * (busy timeout) instead of failing, and a write that cannot get the lock fails whole, with nothing left half done.
 */
class ConcurrencyTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void twoConnectionsWritingFromTwoThreadsBothSucceed() throws Exception {
        Path file = dir.resolve("uid.db");
        ManagedTokensDatabase.open(file).close();
        int rounds = 40;
        try (ExecutorService threads = Executors.newFixedThreadPool(2);
                ManagedTokensDatabase first = ManagedTokensDatabase.open(file);
                ManagedTokensDatabase second = ManagedTokensDatabase.open(file)) {
            List<Future<?>> writers = new ArrayList<>();
            for (ManagedTokensDatabase db : List.of(first, second)) {
                String prefix = db == first ? "a" : "b";
                long base = db == first ? 10_000 : 20_000;
                writers.add(threads.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        db.registerNodes(List.of(prefix + "node" + i));
                        db.upsertUids(Map.of(prefix + "user" + i, base + i));
                        db.recordPush(new PushAttempt(prefix + "_svc", prefix + "node" + i, Instant.now(), true));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
        }
        assertEquals(String.valueOf(2 * rounds), RawSql.single(file, "SELECT count(*) FROM nodes"));
        assertEquals(String.valueOf(2 * rounds), RawSql.single(file, "SELECT count(*) FROM uids"));
        assertEquals(String.valueOf(2 * rounds), RawSql.single(file, "SELECT count(*) FROM ext_push_history"));
    }

    /** Another process (the sqlite3 shell standing in for the Go service) holds the write lock; we wait, then write. */
    @Test
    void aWriterWaitsForAnotherProcesssLockAndThenSucceeds() throws Exception {
        Path file = dir.resolve("uid.db");
        ManagedTokensDatabase.open(file).close();
        try (LockHolder holder = LockHolder.start(dir, file);
                ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            holder.awaitLocked();
            CompletableFuture<Void> write =
                    CompletableFuture.runAsync(() -> db.registerNodes(List.of("ours")), Thread.ofVirtual()::start);
            // While the other process holds the lock our write must neither finish nor fail.
            assertThrows(TimeoutException.class, () -> write.get(500, TimeUnit.MILLISECONDS));
            holder.release();
            write.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertTrue(holder.finished().succeeded(), holder.finished().combinedOutput());
        }
        assertEquals(
                "[[1, theirs], [2, ours]]",
                RawSql.rows(file, "SELECT id, name FROM nodes ORDER BY id").toString());
    }

    @Test
    void aWriterThatCannotGetTheLockWithinTheBusyTimeoutFailsWholeAndSaysWhy() throws Exception {
        Path file = dir.resolve("uid.db");
        ManagedTokensDatabase.open(file).close();
        try (LockHolder holder = LockHolder.start(dir, file);
                ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            holder.awaitLocked();
            Instant start = Instant.now();
            DatabaseException e =
                    assertThrows(DatabaseException.class, () -> db.upsertUids(Map.of("alice", 1L, "bob", 2L)));
            Duration waited = Duration.between(start, Instant.now());
            assertTrue(waited.toMillis() >= 4_900, "should have waited the Go driver's 5 s, waited " + waited);
            assertEquals(DatabaseException.Kind.QUERY, e.kind());
            assertTrue(
                    e.getMessage().contains(file.toString())
                            && e.getMessage().contains("locked")
                            && !e.getMessage().contains("\n"),
                    e.getMessage());
            holder.release();
            assertTrue(holder.finished().succeeded(), holder.finished().combinedOutput());
            // The failed batch left no transaction open: the same connection writes again at once.
            db.upsertUids(Map.of("alice", 1L));
            assertEquals(Map.of("alice", 1L), db.uids());
        }
    }

    /** A sqlite3 shell that takes the write lock, inserts a node and waits for a file before it commits. */
    private static final class LockHolder implements AutoCloseable {

        private final Path locked;
        private final Path release;
        private final CompletableFuture<CommandResult> process;

        private LockHolder(Path locked, Path release, CompletableFuture<CommandResult> process) {
            this.locked = locked;
            this.release = release;
            this.process = process;
        }

        static LockHolder start(Path dir, Path file) throws IOException {
            Path locked = dir.resolve("LOCKED");
            Path release = dir.resolve("RELEASE");
            Path wait = Files.writeString(
                    dir.resolve("wait.sh"),
                    "touch '" + locked + "'\n" + "i=0; while [ ! -e '" + release
                            + "' ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done\n");
            String script =
                    "BEGIN IMMEDIATE;\nINSERT INTO nodes(name) VALUES ('theirs');\n.shell sh " + wait + "\nCOMMIT;\n";
            Command command = Sqlite3Cli.start(file, script, DEADLINE);
            return new LockHolder(
                    locked,
                    release,
                    CompletableFuture.supplyAsync(() -> Sqlite3Cli.runUnchecked(command), Thread.ofVirtual()::start));
        }

        void awaitLocked() {
            Instant deadline = Instant.now().plus(DEADLINE);
            while (!Files.exists(locked)) {
                if (process.isDone() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("sqlite3 did not take the lock: " + process.getNow(null));
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }

        void release() throws IOException {
            Files.createFile(release);
        }

        CommandResult finished() {
            try {
                return process.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for sqlite3", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("sqlite3 did not finish within " + DEADLINE + ": " + e, e);
            }
        }

        @Override
        public void close() throws IOException {
            if (!Files.exists(release)) {
                release();
            }
            finished();
        }
    }
}
