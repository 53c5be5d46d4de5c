package dev.managedtokens.worker.vault;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.core.scratch.ScratchNames;
import dev.managedtokens.worker.Deadline;
import dev.managedtokens.worker.Failure;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.Outputs;
import dev.managedtokens.worker.TokenFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a vault token for a get-only service straight from {@code htgettoken}, no credd involved. The vault token
 * is kept at {@code <tokenRoot>/vt_u<uid>-<service>}; the bearer token goes to a private temporary file that is
 * removed afterwards, since only vault tokens are ever pushed.
 */
public final class HtgettokenGetter {

    private static final Logger log = LoggerFactory.getLogger(HtgettokenGetter.class);

    private final ProcessRunner runner;

    public HtgettokenGetter(ProcessRunner runner) {
        this.runner = runner;
    }

    public GetTokenResult get(GetTokenRequest request) {
        Deadline deadline = Deadline.after(request.timeout());
        long start = System.nanoTime();
        String what = "htgettoken for " + request.service();
        if (request.vaultServer().isEmpty()) {
            return failed(
                    request,
                    start,
                    new Failure(
                            FailureKind.INVALID_REQUEST,
                            what + ": vault server cannot be empty; set vaultServer for the service"),
                    "");
        }
        if (deadline.expired()) {
            return failed(
                    request,
                    start,
                    new Failure(FailureKind.TIMEOUT, what + ": context deadline exceeded before getting token"),
                    "");
        }
        Path privateDir;
        Path bearer;
        Path vaultToken = request.storedToken();
        boolean freshVaultToken = !Files.exists(vaultToken);
        try {
            privateDir = Files.createTempDirectory(
                    request.tmpDir(), ScratchNames.prefix("managed_tokens_htgettoken"), TokenFiles.ownerOnlyDir());
            bearer = Files.createTempFile(privateDir, "managed_tokens_bearer_token_", "", TokenFiles.ownerOnlyFile());
            if (freshVaultToken) {
                vaultToken =
                        Files.createTempFile(privateDir, "managed_tokens_vault_token_", "", TokenFiles.ownerOnlyFile());
            }
        } catch (IOException e) {
            return failed(
                    request,
                    start,
                    new Failure(
                            FailureKind.FILE_ERROR,
                            what + ": cannot create temporary files " + "under " + request.tmpDir() + " (" + e
                                    + "); check that it exists and is writable"),
                    "");
        }
        try {
            return run(request, deadline, what, start, bearer, vaultToken, freshVaultToken);
        } finally {
            String problem = TokenFiles.deleteRecursively(privateDir);
            if (problem != null) log.warn("{}", problem);
        }
    }

    private GetTokenResult run(
            GetTokenRequest request,
            Deadline deadline,
            String what,
            long start,
            Path bearer,
            Path vaultToken,
            boolean freshVaultToken) {
        Command command = Command.of(argv(request, vaultToken, bearer), environment(request), deadline.remaining());
        if (request.interactive()) command = command.asInteractive();
        CommandResult r = runner.run(command);
        String output = Outputs.redact(r.combinedOutput());
        if (!r.succeeded()) {
            Failure failure = TokenCommandOutcome.failureOf(r, what, request.service(), null, request.interactive());
            log.debug("{} failed: {}; output: {}", what, failure, output);
            return failed(request, start, failure, output);
        }

        List<String> warnings = new ArrayList<>();
        try {
            String token = Files.readString(bearer, StandardCharsets.UTF_8);
            String problem = BearerTokenCheck.problem(token, request.issuer(), request.role(), Instant.now());
            if (problem != null) warnings.add(problem);
        } catch (IOException e) {
            return failed(
                    request,
                    start,
                    new Failure(
                            FailureKind.FILE_ERROR,
                            what + ": succeeded but its bearer token " + "file " + bearer + " cannot be read (" + e
                                    + ")"),
                    output);
        }
        if (freshVaultToken) {
            try {
                TokenFiles.copyAtomically(vaultToken, request.storedToken());
            } catch (IOException e) {
                // As upstream: the service still succeeds; the next run gets a token again.
                warnings.add("the new vault token could not be saved to " + request.storedToken() + ": " + e);
            }
        }
        String warning = warnings.isEmpty() ? null : String.join("; ", warnings);
        if (warning != null) log.warn("{}: {}", what, warning);
        return new GetTokenResult(request, null, warning, output, Duration.ofNanos(System.nanoTime() - start));
    }

    /** {@code htgettoken -a V -i X --vaulttokenfile F -o O [--verbose] [--role R]}, in exactly this order. */
    public static List<String> argv(GetTokenRequest request, Path vaultTokenFile, Path bearerFile) {
        List<String> argv = new ArrayList<>(List.of(
                "htgettoken",
                "-a",
                request.vaultServer(),
                "-i",
                request.issuer(),
                "--vaulttokenfile",
                vaultTokenFile.toString(),
                "-o",
                bearerFile.toString()));
        if (request.verbose()) argv.add("--verbose");
        if (!request.role().isEmpty()) {
            argv.add("--role");
            argv.add(request.role());
        }
        return argv;
    }

    /** The environment htgettoken runs with: the base one, with the service's variables set. */
    public static Map<String, String> environment(GetTokenRequest request) {
        Map<String, String> env = ServiceEnvironment.without(request.baseEnvironment(), ServiceEnvironment.REMOVED);
        if (request.krb5ccname() != null) env.put("KRB5CCNAME", request.krb5ccname());
        env.put("_condor_COLLECTOR_HOST", "");
        if (request.htgettokenOpts() != null) env.put("HTGETTOKENOPTS", request.htgettokenOpts());
        return env;
    }

    private static GetTokenResult failed(GetTokenRequest request, long start, Failure failure, String output) {
        return new GetTokenResult(request, failure, null, output, Duration.ofNanos(System.nanoTime() - start));
    }
}
