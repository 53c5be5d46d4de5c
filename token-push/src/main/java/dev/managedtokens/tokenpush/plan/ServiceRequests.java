package dev.managedtokens.tokenpush.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every step's finished request for one service, in the order the steps are registered: what the run executes and
 * {@code --dry-run} prints. A step that this run does not run (ping and push in test mode) has no entry.
 */
public record ServiceRequests(List<Planned<?>> planned) {

    /** One step's request, with the step it belongs to. */
    public record Planned<R>(PlannableStep<R> step, R request) {

        public Stage stage() {
            return step.stage(request);
        }

        public PlannableStep.Preview preview(PlannableStep.Placeholders placeholders) {
            return step.preview(request, placeholders);
        }
    }

    public static final ServiceRequests NONE = new ServiceRequests(List.of());

    public ServiceRequests {
        planned = List.copyOf(planned);
    }

    /** Asks every step for its request, in order: what the planner does once a service is resolved. */
    public static ServiceRequests plan(List<? extends PlannableStep<?>> steps, PlanningContext context) {
        List<Planned<?>> out = new ArrayList<>();
        for (PlannableStep<?> step : steps) {
            planOne(step, context).ifPresent(out::add);
        }
        return new ServiceRequests(out);
    }

    private static <R> Optional<Planned<R>> planOne(PlannableStep<R> step, PlanningContext context) {
        return step.plan(context).map(request -> new Planned<>(step, request));
    }

    /** The request of {@code step}, the very instance the planner asked; empty when this run does not run it. */
    @SuppressWarnings("unchecked") // Planned<R> pairs a step with its own request type, and the step is this one.
    public <R> Optional<R> of(PlannableStep<R> step) {
        for (Planned<?> p : planned) {
            if (p.step() == step) return Optional.of((R) p.request());
        }
        return Optional.empty();
    }
}
