package dev.managedtokens.db;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the database knows for {@code token-push status}. Which account a service uses is configuration, so the
 * UIDs are given per account and the caller joins them.
 *
 * @param services         every registered service and every service with a recorded push, sorted by name
 * @param uids             account to UID, sorted by account
 * @param historyAvailable false when the file has no push history table (our table could not be added to it)
 */
public record DatabaseStatus(List<ServiceStatus> services, Map<String, Long> uids, boolean historyAvailable) {

    public DatabaseStatus {
        services = List.copyOf(services);
        uids = Collections.unmodifiableMap(new TreeMap<>(uids));
    }
}
