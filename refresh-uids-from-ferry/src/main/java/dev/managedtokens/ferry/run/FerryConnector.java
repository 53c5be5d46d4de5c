package dev.managedtokens.ferry.run;

import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.FerrySettings;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.worker.Deadline;
import dev.managedtokens.worker.ferry.BearerSecret;
import dev.managedtokens.worker.ferry.FerryConnection;
import dev.managedtokens.worker.ferry.FerryJwtLogin;
import dev.managedtokens.worker.ferry.FerryTls;
import dev.managedtokens.worker.ferry.JwtLoginRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Turns the {@code ferry} section and {@code --authmethod} into a ready {@link FerryConnection}, once per run. */
public final class FerryConnector {

    private FerryConnector() {}

    /** @throws dev.managedtokens.worker.ferry.FerrySetupException naming the key and what to do */
    public static FerryConnection connect(
            Config config,
            RunMode mode,
            ProcessRunner runner,
            Map<String, String> environment,
            Path tmpRoot,
            Deadline deadline) {
        FerrySettings ferry = config.ferry();
        return switch (mode.authMethod()) {
            case TLS ->
                FerryConnection.clientCertificate(FerryTls.clientCertificate(
                        Path.of(ferry.hostCert()), Path.of(ferry.hostKey()), Path.of(ferry.caPath())));
            case JWT -> {
                JwtLoginRequest request = new JwtLoginRequest(
                        ferry.serviceExperiment(),
                        ferry.serviceRole(),
                        ferry.serviceKerberosPrincipal(),
                        Path.of(ferry.serviceKeytabPath()),
                        ferry.vaultServer(),
                        config.htgettokenOpts(),
                        tmpRoot,
                        environment,
                        min(config.timeouts().kerberos(), deadline.remaining()),
                        min(config.timeouts().ferryRequest(), deadline.remaining()),
                        mode.verbose());
                BearerSecret token = new FerryJwtLogin(runner).login(request);
                Optional<Path> caPath =
                        ferry.caPath().isEmpty() ? Optional.empty() : Optional.of(Path.of(ferry.caPath()));
                yield FerryConnection.bearerToken(
                        FerryTls.trustOnly(caPath),
                        token,
                        "bearer token of the FERRY service " + request.serviceName());
            }
        };
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
