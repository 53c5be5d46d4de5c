package dev.managedtokens.tokenpush.plan;

import dev.managedtokens.core.config.ServiceSettings;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The UID a run pushes a service's tokens for: the service's own {@code desiredUIDOverride}, else the UID the
 * database holds for its account. The run, {@code --dry-run} and {@code token-push status} all ask this one place, so
 * what status shows is what the run uses. An override belongs to its service, never to its account: two services
 * may share an account and only one of them override its UID.
 */
public final class ServiceUid {

    private ServiceUid() {}

    /** @param uidOfAccount the database's UID of an account, empty when it has none (or there is no database) */
    public static OptionalLong of(ServiceSettings service, Function<String, OptionalLong> uidOfAccount) {
        if (service.desiredUidOverride().isPresent()) {
            return service.desiredUidOverride();
        }
        return uidOfAccount.apply(service.account());
    }
}
