package dev.managedtokens.ferry.run;

import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.FerrySettings;
import dev.managedtokens.core.config.Timeouts;
import dev.managedtokens.ferry.AuthMethod;
import dev.managedtokens.worker.ferry.FerryEndpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * What refresh-uids-from-ferry needs from the {@code ferry} section for the chosen {@code --authmethod}, checked at
 * start-up (and by {@code --validate-config}) so that a missing key is one line before any request, not a failure
 * per account.
 */
public final class FerrySettingsCheck {

    private FerrySettingsCheck() {}

    /** One line per problem, each naming the file and the key; empty when the section is usable. */
    public static List<String> problems(Config config, AuthMethod method) {
        FerrySettings f = config.ferry();
        List<String> problems = new ArrayList<>();
        String file = config.file() + ": ";
        try {
            new FerryEndpoint(f.host(), f.port());
        } catch (IllegalArgumentException e) {
            problems.add(file + e.getMessage());
        }
        if (method == AuthMethod.TLS) {
            require(problems, file, f.hostCert(), "ferry.hostCert", "the host certificate (PEM) for --authmethod tls");
            require(problems, file, f.hostKey(), "ferry.hostKey", "the host key (PEM) for --authmethod tls");
            require(problems, file, f.caPath(), "ferry.caPath", "the directory of CA certificates (*.pem) to trust");
        } else {
            require(
                    problems,
                    file,
                    f.serviceExperiment(),
                    "ferry.serviceExperiment",
                    "the experiment whose token authenticates to FERRY");
            require(
                    problems,
                    file,
                    f.serviceKerberosPrincipal(),
                    "ferry.serviceKerberosPrincipal",
                    "that service's Kerberos principal");
            require(problems, file, f.serviceKeytabPath(), "ferry.serviceKeytabPath", "that service's keytab");
            require(problems, file, f.vaultServer(), "ferry.vaultServer", "the Vault server that issues its token");
        }
        Timeouts t = config.timeouts();
        if (t.ferryStagesExceedGlobal()) {
            // The shared file only warns (token-push ignores these keys); this executable refuses, as the Go one does.
            problems.add(
                    file + "timeouts: ferryRequestTimeout " + t.ferryRequest().toSeconds() + "s + dbTimeout "
                            + t.db().toSeconds() + "s exceed globalTimeout "
                            + t.global().toSeconds() + "s; raise globalTimeout"
                            + " or lower ferryRequestTimeout/dbTimeout");
        }
        if (config.dbLocation().isEmpty()) {
            problems.add(file + "dbLocation is empty; set it to the database file (default "
                    + Config.DEFAULT_DB_LOCATION + ") or remove the key");
        }
        return problems;
    }

    private static void require(List<String> problems, String file, String value, String key, String what) {
        if (value == null || value.isBlank()) {
            problems.add(file + key + " is not set; set it to " + what);
        }
    }
}
