package dev.managedtokens.core.process;

/** How a run ended: the program's own exit, our deadline, or never having started. */
public enum Termination {
    /** The program exited by itself (possibly killed by a signal it did not get from us: exit 128+N). */
    EXITED,
    /** We killed the process tree because the command's timeout passed. */
    TIMED_OUT,
    /** The program could not be started (missing, not executable). */
    FAILED_TO_START,
    /** Our thread was interrupted (the run is being cancelled); the process tree was killed. */
    INTERRUPTED
}
