package dev.managedtokens.notify;

import java.util.ArrayList;
import java.util.List;

/** Every error of a run, in the order they happened (setup messages keep it; for push errors the last per node wins). */
public record RunErrors(List<SetupError> setupErrors, List<PushError> pushErrors) {

    public static final RunErrors NONE = new RunErrors(List.of(), List.of());

    public RunErrors {
        setupErrors = List.copyOf(setupErrors);
        pushErrors = List.copyOf(pushErrors);
    }

    public boolean isEmpty() {
        return setupErrors.isEmpty() && pushErrors.isEmpty();
    }

    public RunErrors plus(RunErrors other) {
        List<SetupError> setup = new ArrayList<>(setupErrors);
        setup.addAll(other.setupErrors);
        List<PushError> push = new ArrayList<>(pushErrors);
        push.addAll(other.pushErrors);
        return new RunErrors(setup, push);
    }

    public static RunErrors of(SetupError... errors) {
        return new RunErrors(List.of(errors), List.of());
    }

    public static RunErrors of(PushError... errors) {
        return new RunErrors(List.of(), List.of(errors));
    }

    /** The errors of one service (or run-level key). */
    public RunErrors of(String service) {
        return new RunErrors(
                setupErrors.stream().filter(e -> e.service().equals(service)).toList(),
                pushErrors.stream().filter(e -> e.service().equals(service)).toList());
    }
}
