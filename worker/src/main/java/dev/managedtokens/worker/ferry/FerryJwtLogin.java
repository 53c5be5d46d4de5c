package dev.managedtokens.worker.ferry;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.core.scratch.ScratchNames;
import dev.managedtokens.kerberos.CredentialCaches;
import dev.managedtokens.kerberos.KerberosTickets;
import dev.managedtokens.kerberos.TicketRequest;
import dev.managedtokens.kerberos.TicketResult;
import dev.managedtokens.worker.Outputs;
import dev.managedtokens.worker.TokenFiles;
import dev.managedtokens.worker.vault.GetTokenRequest;
import dev.managedtokens.worker.vault.HtgettokenGetter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jwt} login to FERRY, once per run before any request: kinit from the FERRY service's keytab into a
 * private cache, then htgettoken for the service's issuer and role from {@code ferry.vaultServer}, the bearer token
 * written 0600 into a private 0700 directory, read into memory, and the directory (token, vault token) and the
 * Kerberos cache removed at once. The Go service ran htgettoken once per account, all writing one file, and never
 * set the vault server, so its JWT mode could not work.
 */
public final class FerryJwtLogin {

    private static final Logger log = LoggerFactory.getLogger(FerryJwtLogin.class);

    /** Variables the children must not inherit from the operator's shell: they would change whose token we get. */
    private static final List<String> REMOVED = List.of(
            "KRB5CCNAME",
            "HTGETTOKENOPTS",
            "BEARER_TOKEN",
            "BEARER_TOKEN_FILE",
            "_condor_CREDD_HOST",
            "_condor_COLLECTOR_HOST",
            "_condor_SEC_CREDENTIAL_GETTOKEN_OPTS");

    private final ProcessRunner runner;

    public FerryJwtLogin(ProcessRunner runner) {
        this.runner = runner;
    }

    /**
     * Returns the bearer token; throws {@link FerrySetupException} naming the step and the key to check when there is
     * no ticket or no token. Nothing of the login is left on disk either way.
     */
    public BearerSecret login(JwtLoginRequest request) {
        check(request);
        String service = request.serviceName();
        try (CredentialCaches caches = CredentialCaches.create(request.tmpRoot())) {
            Path cache = caches.newCacheFor(service);
            TicketResult ticket = new KerberosTickets(runner)
                    .obtain(new TicketRequest(
                            service,
                            request.keytab(),
                            request.principal(),
                            cache,
                            environment(request.baseEnvironment(), Map.of()),
                            request.kerberosTimeout()));
            if (!ticket.succeeded()) {
                throw new FerrySetupException("no Kerberos ticket for the FERRY service " + service + ": "
                        + ticket.error() + "; check ferry.serviceKeytabPath " + request.keytab()
                        + " and ferry.serviceKerberosPrincipal " + request.principal());
            }
            log.debug("Kerberos ticket for the FERRY service {} in {}", service, cache);
            return token(request, ticket.request().krb5ccname());
        } catch (UncheckedIOException e) {
            throw new FerrySetupException("cannot prepare the JWT login to FERRY: " + e.getMessage(), e);
        }
    }

    private BearerSecret token(JwtLoginRequest request, String krb5ccname) {
        Path privateDir;
        try {
            privateDir = Files.createTempDirectory(
                    request.tmpRoot(), ScratchNames.prefix("managed_tokens_ferry_jwt"), TokenFiles.ownerOnlyDir());
        } catch (IOException e) {
            throw new FerrySetupException(
                    "cannot create a private directory under " + request.tmpRoot() + " for" + " FERRY's bearer token ("
                            + e.getMessage() + "); check that TMPDIR exists and is writable",
                    e);
        }
        try {
            Path bearerFile = Files.createTempFile(privateDir, "bearer_token_", "", TokenFiles.ownerOnlyFile());
            // A vault token file of its own, inside the private directory: never a directory (the Go service passed
            // serviceCreddVaultTokenPathRoot) and never a file another service's run is using.
            Path vaultTokenFile = privateDir.resolve("vault_token");
            ServiceName name = ServiceName.parse(request.serviceName());
            GetTokenRequest get = new GetTokenRequest(
                    request.serviceName(),
                    name.experiment(),
                    name.role(),
                    request.vaultServer(),
                    krb5ccname,
                    request.effectiveHtgettokenOpts(),
                    privateDir,
                    privateDir,
                    0,
                    request.baseEnvironment(),
                    request.tokenTimeout(),
                    false,
                    request.verbose());
            List<String> argv = HtgettokenGetter.argv(get, vaultTokenFile, bearerFile);
            CommandResult r = runner.run(Command.of(
                    argv,
                    environment(
                            request.baseEnvironment(),
                            Map.of("KRB5CCNAME", krb5ccname, "HTGETTOKENOPTS", request.effectiveHtgettokenOpts())),
                    request.tokenTimeout()));
            if (!r.succeeded()) {
                throw new FerrySetupException("no bearer token for the FERRY service " + request.serviceName()
                        + ": htgettoken -a " + request.vaultServer() + " -i " + name.experiment() + " --role "
                        + name.role() + " " + r.describe() + Outputs.suffix(Outputs.lastLine(r.combinedOutput()))
                        + "; check ferry.vaultServer and that " + request.serviceName() + " is onboarded in Vault"
                        + " for " + request.principal());
            }
            String token = Files.readString(bearerFile, StandardCharsets.UTF_8).strip();
            if (token.split("\\.", -1).length != 3) {
                throw new FerrySetupException("htgettoken succeeded for the FERRY service " + request.serviceName()
                        + " but wrote no bearer token (JWT) to its output file; check the htgettoken installation");
            }
            log.debug("bearer token for the FERRY service {} obtained", request.serviceName());
            return new BearerSecret(token);
        } catch (IOException e) {
            throw new FerrySetupException(
                    "cannot handle FERRY's bearer token in " + privateDir + ": " + e.getMessage(), e);
        } finally {
            String problem = TokenFiles.deleteRecursively(privateDir);
            if (problem != null) log.warn("{}", problem);
        }
    }

    private static void check(JwtLoginRequest r) {
        require(r.serviceExperiment(), "ferry.serviceExperiment", "the experiment whose token authenticates to FERRY");
        require(r.principal(), "ferry.serviceKerberosPrincipal", "the Kerberos principal of that service");
        require(r.keytab() == null ? "" : r.keytab().toString(), "ferry.serviceKeytabPath", "its keytab");
        require(r.vaultServer(), "ferry.vaultServer", "the Vault server htgettoken asks");
    }

    private static void require(String value, String key, String what) {
        if (value == null || value.isBlank()) {
            throw new FerrySetupException(key + " is not set; --authmethod jwt needs " + what);
        }
    }

    private static Map<String, String> environment(Map<String, String> base, Map<String, String> set) {
        Map<String, String> env = new HashMap<>(base);
        REMOVED.forEach(env::remove);
        env.putAll(set);
        return env;
    }
}
