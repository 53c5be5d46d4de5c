package dev.managedtokens.worker.ferry;

import dev.managedtokens.core.config.CredKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the JWT login to FERRY needs, from the {@code ferry} section.
 *
 * @param serviceExperiment {@code ferry.serviceExperiment}: htgettoken's issuer
 * @param serviceRole       {@code ferry.serviceRole}: htgettoken's role (empty: the service name's default role)
 * @param principal         {@code ferry.serviceKerberosPrincipal}
 * @param keytab            {@code ferry.serviceKeytabPath}
 * @param vaultServer       {@code ferry.vaultServer}: htgettoken's {@code -a}
 * @param htgettokenOpts    the top-level {@code htgettokenopts} if set; else {@code --credkey=<the principal's credkey>}
 * @param tmpRoot           where the private Kerberos cache and token directories are made ({@code $TMPDIR})
 * @param baseEnvironment   the environment kinit, klist and htgettoken start from
 * @param kerberosTimeout   for kinit and klist together
 * @param tokenTimeout      for htgettoken
 * @param verbose           passes {@code --verbose} to htgettoken
 */
public record JwtLoginRequest(
        String serviceExperiment,
        String serviceRole,
        String principal,
        Path keytab,
        String vaultServer,
        Optional<String> htgettokenOpts,
        Path tmpRoot,
        Map<String, String> baseEnvironment,
        Duration kerberosTimeout,
        Duration tokenTimeout,
        boolean verbose) {

    public JwtLoginRequest {
        serviceExperiment = Objects.requireNonNullElse(serviceExperiment, "");
        serviceRole = Objects.requireNonNullElse(serviceRole, "");
        principal = Objects.requireNonNullElse(principal, "");
        vaultServer = Objects.requireNonNullElse(vaultServer, "");
        Objects.requireNonNull(htgettokenOpts, "htgettokenOpts");
        Objects.requireNonNull(tmpRoot, "tmpRoot");
        baseEnvironment = Map.copyOf(baseEnvironment);
        Objects.requireNonNull(kerberosTimeout, "kerberosTimeout");
        Objects.requireNonNull(tokenTimeout, "tokenTimeout");
    }

    /** {@code <experiment>_<role>}, or the experiment alone when no role is configured (as the Go service names it). */
    public String serviceName() {
        return serviceRole.isEmpty() ? serviceExperiment : serviceExperiment + "_" + serviceRole;
    }

    /** HTGETTOKENOPTS for htgettoken: the configured value, else the principal's credkey, as token-push derives it. */
    public String effectiveHtgettokenOpts() {
        return htgettokenOpts.orElseGet(() -> "--credkey=" + CredKey.of(principal));
    }
}
