package dev.managedtokens.tokenpush.plan;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.config.ServiceSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A service with everything its pipeline needs: who it is, and every step's finished request. The rest of the run
 * only reads it. The accessors below are shorthands for the resolved service's.
 *
 * @param requests every step's finished request: what the run executes and the dry run prints
 */
public record PlannedService(ResolvedService resolved, ServiceRequests requests) {

    public ServiceName name() {
        return resolved.name();
    }

    public ServiceSettings settings() {
        return resolved.settings();
    }

    public long uid() {
        return resolved.uid();
    }

    public String principal() {
        return resolved.principal();
    }

    public Path keytab() {
        return resolved.keytab();
    }

    public String vaultServer() {
        return resolved.vaultServer();
    }

    public String collector() {
        return resolved.collector();
    }

    public List<String> credds() {
        return resolved.credds();
    }

    public Optional<String> roleFileDestination() {
        return resolved.roleFileDestination();
    }

    public boolean storesInCredds() {
        return resolved.storesInCredds();
    }
}
