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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Stores a service's vault token in one credd with {@code condor_vault_storer}, with the token kept for that
 * credd staged in before and stored back after (only when the storer succeeded), and the condor location left as
 * it was found.
 *
 * <p>Each call runs with a private {@code XDG_RUNTIME_DIR} and without {@code BEARER_TOKEN}/{@code
 * BEARER_TOKEN_FILE}: the storer leaves the service's bearer token where HTCondor's token discovery looks, and a
 * shared location would let {@code condor_store_cred} authenticate as whichever service wrote it last. This is
 * what makes storing for several services at once safe.
 */
public final class VaultTokenStorer {

    private static final Logger log = LoggerFactory.getLogger(VaultTokenStorer.class);

    private final ProcessRunner runner;

    public VaultTokenStorer(ProcessRunner runner) {
        this.runner = runner;
    }

    public StoreResult store(StoreRequest request) {
        try (MDC.MDCCloseable credd = MDC.putCloseable("credd", request.credd())) {
            return storeInCredd(request);
        }
    }

    private StoreResult storeInCredd(StoreRequest request) {
        Deadline deadline = Deadline.after(request.timeout());
        long start = System.nanoTime();
        String what = "condor_vault_storer " + request.service() + " for credd " + request.credd();
        if (deadline.expired()) {
            return new StoreResult(
                    request,
                    new Failure(FailureKind.TIMEOUT, what + ": timeout error (no time left before the start)"),
                    false,
                    "",
                    elapsedSince(start));
        }
        if (request.vaultServer().isEmpty()) {
            return new StoreResult(
                    request,
                    new Failure(
                            FailureKind.INVALID_REQUEST,
                            what + ": vault server cannot be empty; set vaultServer for the service"),
                    false,
                    "",
                    elapsedSince(start));
        }

        Path runtimeDir = request.runtimeDir();
        boolean ownRuntimeDir = runtimeDir == null;
        if (ownRuntimeDir) {
            try {
                runtimeDir = Files.createTempDirectory(
                        request.tmpRoot(),
                        ScratchNames.prefix("managed_tokens_xdg_" + request.service()),
                        TokenFiles.ownerOnlyDir());
            } catch (IOException e) {
                return new StoreResult(
                        request,
                        new Failure(
                                FailureKind.FILE_ERROR,
                                what + ": cannot create a private " + "XDG_RUNTIME_DIR under " + request.tmpRoot()
                                        + " (" + e + "); check that it is writable"),
                        false,
                        "",
                        elapsedSince(start));
            }
        }
        try {
            return stageAndStore(request, runtimeDir, deadline, what, start);
        } finally {
            if (ownRuntimeDir) {
                String problem = TokenFiles.deleteRecursively(runtimeDir);
                if (problem != null) log.warn("{}", problem);
            }
        }
    }

    private StoreResult stageAndStore(
            StoreRequest request, Path runtimeDir, Deadline deadline, String what, long start) {
        Path condorLocation = request.condorLocation();
        Path stored = request.storedToken();
        Optional<String> unsafe = TokenStaging.unsafeCondorLocation(condorLocation);
        if (unsafe.isPresent()) {
            return new StoreResult(
                    request,
                    new Failure(FailureKind.FILE_ERROR, what + ": " + unsafe.get()),
                    false,
                    "",
                    elapsedSince(start));
        }
        Path backup = TokenStaging.backup(condorLocation, request.tmpRoot());
        try {
            TokenStaging.Staged staged = TokenStaging.stage(stored, condorLocation);
            if (deadline.expired()) {
                TokenFiles.deleteRecursively(condorLocation);
                return new StoreResult(
                        request,
                        new Failure(
                                FailureKind.TIMEOUT, what + ": timeout error (no time left after staging the token)"),
                        false,
                        "",
                        elapsedSince(start));
            }

            String shadowProblem = BearerTokenShadow.ensure(runtimeDir, request.runUid());
            if (shadowProblem != null) log.warn("{}: {}", what, shadowProblem);
            Command command = Command.of(argv(request), environment(request, runtimeDir), deadline.remaining());
            if (request.interactive()) command = command.asInteractive();
            CommandResult r = runner.run(command);
            String output = Outputs.redact(r.combinedOutput());
            if (!r.succeeded()) {
                // The Go service moved whatever the failed storer left into the store (docs/compatibility.md);
                // the store keeps its token instead, and the leftover goes.
                TokenFiles.deleteRecursively(condorLocation);
                Failure failure = TokenCommandOutcome.failureOf(
                        r, what, request.service(), request.credd(), request.interactive());
                log.debug("{} failed: {}; output: {}", what, failure, output);
                return new StoreResult(request, failure, false, output, elapsedSince(start));
            }

            boolean storedBack = false;
            if (staged == TokenStaging.Staged.COPY_FAILED_DIRTY) {
                TokenFiles.deleteRecursively(condorLocation);
            } else {
                try {
                    TokenStaging.storeBack(condorLocation, stored);
                    storedBack = true;
                } catch (IOException e) {
                    // As upstream: the token is in the credd, which is what counts; the next run mints a new one.
                    log.error(
                            "{} succeeded but its vault token could not be stored back to {}: {}",
                            what,
                            stored,
                            e.toString());
                    TokenFiles.deleteRecursively(condorLocation);
                }
            }
            return new StoreResult(request, null, storedBack, output, elapsedSince(start));
        } finally {
            if (backup != null) TokenStaging.restore(backup, condorLocation, request.tmpRoot(), request.service());
        }
    }

    /**
     * {@code condor_vault_storer [-v] -- <service>}. The storer is a bash script that reads its options with
     * {@code getopts "dv"}, which ends them at {@code --}; without it a service starting with {@code -} would be
     * read as options.
     */
    public static List<String> argv(StoreRequest request) {
        List<String> argv = new ArrayList<>();
        argv.add("condor_vault_storer");
        if (request.verbose()) argv.add("-v");
        argv.add("--");
        argv.add(request.service());
        return argv;
    }

    /** The environment the storer runs with: the base one, with the service's variables set. */
    public static Map<String, String> environment(StoreRequest request, Path runtimeDir) {
        Map<String, String> env = ServiceEnvironment.without(request.baseEnvironment(), ServiceEnvironment.REMOVED);
        ServiceEnvironment.BEARER_DISCOVERY.forEach(env::remove);
        if (request.krb5ccname() != null) env.put("KRB5CCNAME", request.krb5ccname());
        env.put("_condor_CREDD_HOST", request.credd());
        env.put("_condor_COLLECTOR_HOST", request.collector());
        if (request.htgettokenOpts() != null) env.put("HTGETTOKENOPTS", request.htgettokenOpts());
        env.put("_condor_SEC_CREDENTIAL_GETTOKEN_OPTS", "-a " + request.vaultServer());
        env.put("XDG_RUNTIME_DIR", runtimeDir.toString());
        return env;
    }

    private static Duration elapsedSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
