package dev.managedtokens.testbed.standins;

import java.util.Objects;

/**
 * What a {@link FailureMode} applies to: every call for one service ({@code experiment_role}, as the storer and
 * htgettoken see it), or every call that talks to one credd (the {@code _condor_CREDD_HOST} of the call).
 */
public record FailureTarget(Kind kind, String name) {

    /** Which of the two. */
    public enum Kind {
        SERVICE,
        CREDD
    }

    public FailureTarget {
        Objects.requireNonNull(kind, "kind");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a failure target needs a non-empty " + kind + " name");
        }
    }

    public static FailureTarget service(String service) {
        return new FailureTarget(Kind.SERVICE, service);
    }

    public static FailureTarget credd(String credd) {
        return new FailureTarget(Kind.CREDD, credd);
    }
}
