package dev.managedtokens.core.cli;

import com.sun.security.auth.module.UnixSystem;

/**
 * Refuses to run as root, as the Go service does: in production the job runs as a service account, and a root
 * run would leave root-owned token files and caches that the next regular run cannot replace.
 */
@FunctionalInterface
public interface RootGuard {

    boolean runningAsRoot();

    /** The real check: the process's effective UID. */
    static RootGuard effectiveUid() {
        return () -> new UnixSystem().getUid() == 0;
    }

    /** For in-process tests, which run as root in CI. */
    static RootGuard notRoot() {
        return () -> false;
    }

    String MESSAGE = "Current user is root.  Please run this executable as a non-root user"
            + " (in production it runs as the service account that owns the keytabs)";
}
