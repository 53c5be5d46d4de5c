package dev.managedtokens.testbed;

import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.testbed.support.SystemFilesLock;
import dev.managedtokens.testbed.support.TestbedException;
import dev.managedtokens.testbed.support.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Creates and removes the bed's UNIX accounts with useradd/userdel, one change to /etc/passwd at a time. */
final class UnixAccounts {

    // useradd/userdel exit statuses (shadow-utils).
    private static final int USER_EXISTS = 9;
    private static final int NO_SUCH_USER = 6;

    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    private final Tools tools;

    UnixAccounts(Tools tools) {
        this.tools = tools;
    }

    Optional<PasswdEntry> lookup(String user) {
        CommandResult r = tools.run(List.of("/usr/bin/getent", "passwd", user));
        if (r.succeeded() && !r.stdout().isBlank()) {
            return Optional.of(PasswdEntry.parse(r.stdout().lines().findFirst().orElseThrow()));
        }
        return Optional.empty();
    }

    /** Adds {@code user} with its own group and home {@code home} (null: the system default); returns its entry. */
    PasswdEntry create(String user, Path home, String comment) {
        List<String> argv = new ArrayList<>(List.of(
                "/usr/sbin/useradd", "--create-home", "--user-group", "--shell", "/bin/sh", "--comment", comment));
        if (home != null) {
            argv.addAll(List.of("--home-dir", home.toString()));
        }
        argv.add(user);
        CommandResult r = runRetryingWhileLocked(argv);
        if (!r.succeeded() && !(r.exitCode() == USER_EXISTS && home == null)) {
            throw Tools.failure("create UNIX account " + user, r);
        }
        return lookup(user)
                .orElseThrow(() -> new TestbedException(
                        "useradd " + user + " succeeded but getent passwd does not know the account"));
    }

    /**
     * Runs useradd/userdel under our lock; retries for a while if something outside the testbed holds the shadow
     * lock ("cannot lock /etc/passwd; try again later").
     */
    private CommandResult runRetryingWhileLocked(List<String> argv) {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            CommandResult r = SystemFilesLock.holding(() -> tools.run(argv));
            if (r.succeeded() || !r.stderr().contains("cannot lock") || System.nanoTime() - deadline > 0) {
                return r;
            }
            try {
                Thread.sleep(50); // back-off while another program holds /etc/passwd.lock
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
        }
    }

    /** Removes {@code user} and its home; an account that is already gone is fine. */
    void delete(String user) {
        CommandResult r = runRetryingWhileLocked(List.of("/usr/sbin/userdel", "--remove", user));
        if (!r.succeeded() && r.exitCode() != NO_SUCH_USER && lookup(user).isPresent()) {
            throw Tools.failure("remove UNIX account " + user + " (remove it with userdel -r)", r);
        }
    }
}
