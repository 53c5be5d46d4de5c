package dev.managedtokens.worker.schedd;

import dev.managedtokens.worker.Failure;
import java.util.List;

/**
 * The schedds found for a request.
 *
 * @param collector the collector that answered (or the first one, for a credd override); null on failure
 * @param schedds   the {@code Name} of every schedd ad in {@code condor_status} order; never empty on success
 * @param failure   null on success
 */
public record ScheddResult(String collector, List<String> schedds, Failure failure) {

    public ScheddResult {
        schedds = List.copyOf(schedds);
    }

    public boolean succeeded() {
        return failure == null;
    }

    static ScheddResult failed(Failure failure) {
        return new ScheddResult(null, List.of(), failure);
    }
}
