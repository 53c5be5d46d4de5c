package dev.managedtokens.notify;

import java.util.List;
import java.util.Objects;

/**
 * A service whose notifications this run decides: its errors are counted against the threshold, its counts are saved
 * (a service without errors has them reset to 0), and its stakeholders get the push-error email.
 *
 * @param service the configName {@code E_R}
 * @param emails {@code experiments.<E>.emails}; empty means no stakeholder email, the admins still hear about it
 */
public record RunService(String service, List<String> emails) {
    public RunService {
        Objects.requireNonNull(service, "service");
        emails = List.copyOf(emails);
    }
}
