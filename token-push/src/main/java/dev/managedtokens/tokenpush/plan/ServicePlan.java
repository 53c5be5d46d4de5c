package dev.managedtokens.tokenpush.plan;

import dev.managedtokens.core.config.ServiceName;

/** A selected service, either ready to run or unresolvable with the reason; one never stops the others. */
public sealed interface ServicePlan {

    ServiceName name();

    record Ready(PlannedService service) implements ServicePlan {
        @Override
        public ServiceName name() {
            return service.name();
        }
    }

    /** Setup failed; {@code reason} is one line naming what is missing and where to fix it. */
    record Unresolvable(ServiceName name, String reason) implements ServicePlan {}
}
