package dev.managedtokens.worker.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.FakePrograms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VaultTokenStorerTest {

    private static final int UID = 4242;

    // Records what it saw (argv, environment, the token staged for it), then acts out $FAKE_MODE.
    private static final String STORER = """
            # Reads its options as the real storer does (bash getopts, which ends them at --).
            all="$*"; while getopts dv opt; do :; done; shift $((OPTIND - 1)); svc="$1"; set -- $all
            vt="$FAKE_TMP/vt_u$FAKE_UID-$svc"
            {
              echo "argv $*"
              for v in _condor_CREDD_HOST _condor_COLLECTOR_HOST HTGETTOKENOPTS _condor_SEC_CREDENTIAL_GETTOKEN_OPTS \\
                       KRB5CCNAME BEARER_TOKEN BEARER_TOKEN_FILE KEEP_ME; do
                eval "echo env $v=\\${$v-unset}"
              done
              echo "xdg $XDG_RUNTIME_DIR $(stat -c %a "$XDG_RUNTIME_DIR")"
              if [ -f "$vt" ]; then echo "staged $(cat "$vt")"; else echo "staged none"; fi
            } >> "$FAKE_LOG"
            echo
            case "$FAKE_MODE" in
              success) printf 'hvs.new-%s' "$_condor_CREDD_HOST" > "$vt"; echo bt > "$XDG_RUNTIME_DIR/bt_u$FAKE_UID"
                       printf 'hvs.default' > "$FAKE_TMP/vt_u$FAKE_UID"; exit 0 ;;
              fail-after-writing) printf 'hvs.half' > "$vt"
                       echo "condor_vault_storer: Failed to store condor credentials for $svc" >&2; exit 1 ;;
              auth-needed) echo "Authentication needed for $svc" >&2; exit 1 ;;
              forbidden-1) printf '\\nAuthentication needed for %s\\nhtgettoken: Kerberos negotiate with https://vault.example:8200/v1/auth/kerberos-dune_production/login failed: HTTPError: HTTP Error 403: Forbidden: permission denied\\ncondor_vault_storer: htgettoken failed\\n' "$svc" >&2; exit 1 ;;
              forbidden-2) printf '\\nAuthentication needed for %s\\nhtgettoken: Kerberos negotiate with https://vault.example:8200/v1/auth/kerberos-dune_production/login failed: HTTPError: Forbidden: permission denied\\ncondor_vault_storer: htgettoken failed\\n' "$svc" >&2; exit 1 ;;
              mismatch) echo "condor_vault_storer: Credentials exist that do not match the request. They can be removed by condor_store_cred delete-oauth -s $svc" >&2; exit 1 ;;
              unreachable) printf '\\ncondor_vault_storer: Failed to store condor credentials for %s\\n  More details might be available by running\\n    condor_vault_storer -v "%s" \\n' "$svc" "$svc" >&2; exit 1 ;;
              no-store-cred) printf '\\ncondor_vault_storer: \\nQuerying condor credentials failed\\n' >&2; exit 1 ;;
              other) echo "condor_vault_storer: Unexpected number of stdout lines from htgettoken: 3" >&2
                     echo "  More details might be available by running" >&2; exit 1 ;;
              hang) sleep 30 & echo $! > "$FAKE_TMP/child.pid"; wait; exit 0 ;;
            esac
            """;

    @TempDir
    Path dir;

    FakePrograms fakes;
    Path tmp;
    Path root;
    VaultTokenStorer storer;

    @BeforeEach
    void setUp() throws IOException {
        fakes = new FakePrograms(dir);
        fakes.install("condor_vault_storer", STORER);
        tmp = Files.createDirectories(dir.resolve("tmp"));
        root = Files.createDirectories(dir.resolve("tokens"));
        storer = new VaultTokenStorer(new ProcessRunner(4));
    }

    private StoreRequest request(String credd, String mode, boolean verbose, boolean interactive, Duration timeout) {
        Map<String, String> env = new HashMap<>(Map.of(
                "FAKE_TMP",
                tmp.toString(),
                "FAKE_UID",
                String.valueOf(UID),
                "FAKE_MODE",
                mode,
                "BEARER_TOKEN",
                "leak",
                "BEARER_TOKEN_FILE",
                "/leak",
                "XDG_RUNTIME_DIR",
                "/shared",
                "_condor_CREDD_HOST",
                "stale",
                "_condor_SEC_CREDENTIAL_GETTOKEN_OPTS",
                "-a stale",
                "KEEP_ME",
                "1"));
        return new StoreRequest(
                "dune_production",
                credd,
                "collector.example",
                "vault.example",
                "FILE:/cc/svc",
                "--vaulttokenminttl=10s --credkey=dunepro",
                root,
                tmp,
                UID,
                null,
                fakes.environment(env),
                timeout,
                interactive,
                verbose);
    }

    private StoreRequest request(String credd, String mode) {
        return request(credd, mode, false, false, Duration.ofSeconds(20));
    }

    private List<String> callLines(String prefix) {
        return fakes.calls().stream().filter(l -> l.startsWith(prefix)).toList();
    }

    @Test
    void runsTheStorerWithTheServiceAloneOrVerbose() {
        assertTrue(storer.store(request("credd1", "success")).succeeded());
        assertTrue(storer.store(request("credd1", "success", true, false, Duration.ofSeconds(20)))
                .succeeded());
        assertEquals(List.of("argv -- dune_production", "argv -v -- dune_production"), callLines("argv"));
    }

    @Test
    void theEnvironmentIsTheServicesOwnWithAPrivateRuntimeDirectory() {
        storer.store(request("credd1", "success"));

        assertEquals(
                List.of(
                        "env _condor_CREDD_HOST=credd1",
                        "env _condor_COLLECTOR_HOST=collector.example",
                        "env HTGETTOKENOPTS=--vaulttokenminttl=10s --credkey=dunepro",
                        "env _condor_SEC_CREDENTIAL_GETTOKEN_OPTS=-a vault.example",
                        "env KRB5CCNAME=FILE:/cc/svc",
                        "env BEARER_TOKEN=unset",
                        "env BEARER_TOKEN_FILE=unset",
                        "env KEEP_ME=1"),
                callLines("env "));
        String[] xdg = callLines("xdg").get(0).split(" ");
        Path runtimeDir = Path.of(xdg[1]);
        assertTrue(runtimeDir.startsWith(tmp), xdg[1]);
        assertEquals("700", xdg[2]);
        assertFalse(Files.exists(runtimeDir), "the private runtime directory is removed afterwards");
    }

    @Test
    void aServiceStartingWithADashComesAfterDoubleDashSoGetoptsCannotReadItAsOptions() {
        // The storer's "getopts dv" would read "-e_production" as the options -e, -_, ... and print its usage.
        StoreRequest r = request("credd1", "success");
        StoreRequest odd = new StoreRequest(
                "-e_production",
                r.credd(),
                r.collector(),
                r.vaultServer(),
                r.krb5ccname(),
                r.htgettokenOpts(),
                r.tokenRoot(),
                r.tmpRoot(),
                r.runUid(),
                null,
                r.baseEnvironment(),
                r.timeout(),
                false,
                true);
        assertEquals(List.of("condor_vault_storer", "-v", "--", "-e_production"), VaultTokenStorer.argv(odd));
    }

    @Test
    void aRuntimeDirectoryGivenByTheCallerIsUsedAndKept() throws IOException {
        Path mine = Files.createDirectory(dir.resolve("xdg"), dev.managedtokens.worker.TokenFiles.ownerOnlyDir());
        StoreRequest r = request("credd1", "success");
        storer.store(new StoreRequest(
                r.service(),
                r.credd(),
                r.collector(),
                r.vaultServer(),
                r.krb5ccname(),
                r.htgettokenOpts(),
                r.tokenRoot(),
                r.tmpRoot(),
                r.runUid(),
                mine,
                r.baseEnvironment(),
                r.timeout(),
                false,
                false));

        assertEquals("xdg " + mine + " 700", callLines("xdg").get(0));
        assertTrue(Files.exists(mine.resolve("bt_u" + UID)));
    }

    @Test
    void eachCreddGetsItsOwnStoredTokenStagedAndStoredBack() throws IOException {
        Path condor = VaultPaths.condorLocation(tmp, UID, "dune_production");
        Files.writeString(condor, "operator's own");
        Files.writeString(VaultPaths.storedToken(root, UID, "credd1", "dune_production"), "hvs.old-credd1");

        StoreResult first = storer.store(request("credd1", "success"));
        StoreResult second = storer.store(request("credd2", "success"));

        assertTrue(first.succeeded() && first.storedBack() && second.succeeded() && second.storedBack());
        assertEquals(List.of("staged hvs.old-credd1", "staged none"), callLines("staged"));
        for (String credd : List.of("credd1", "credd2")) {
            Path stored = VaultPaths.storedToken(root, UID, credd, "dune_production");
            assertEquals("hvs.new-" + credd, Files.readString(stored));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)));
        }
        assertEquals("operator's own", Files.readString(condor), "the condor location is as it was found");
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(
                    List.of("vt_u4242", "vt_u4242-dune_production"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file left behind");
        }
    }

    @Test
    void aFailedStorerLeavesTheStoredTokenUntouched() throws IOException {
        Path stored = VaultPaths.storedToken(root, UID, "credd1", "dune_production");
        Files.writeString(stored, "hvs.good");
        Path condor = VaultPaths.condorLocation(tmp, UID, "dune_production");

        StoreResult r = storer.store(request("credd1", "fail-after-writing"));

        assertFalse(r.succeeded());
        assertFalse(r.storedBack());
        // The Go service moved the failed storer's leftover ("hvs.half") into the store.
        assertEquals("hvs.good", Files.readString(stored));
        assertFalse(Files.exists(condor), "the leftover is not kept at the condor location either");
        assertEquals(FailureKind.CREDD_STORE_FAILED, r.failure().kind());
        assertTrue(
                r.failure()
                        .message()
                        .startsWith("condor_vault_storer dune_production for credd credd1: credd "
                                + "credd1 did not store the credential"),
                r.failure().message());
    }

    @ParameterizedTest
    @CsvSource({
        "auth-needed, AUTH_NEEDED, authentication needed for service to generate vault token; onboard",
        "forbidden-1, PERMISSION_DENIED, Vault refused the login (permission denied): htgettoken: Kerberos "
                + "negotiate with https://vault.example:8200/v1/auth/kerberos-dune_production/login failed: "
                + "HTTPError: HTTP Error 403: Forbidden: permission denied; onboarding again does not help",
        "forbidden-2, PERMISSION_DENIED, Vault refused the login (permission denied): htgettoken: Kerberos "
                + "negotiate with https://vault.example:8200/v1/auth/kerberos-dune_production/login failed: "
                + "HTTPError: Forbidden: permission denied; onboarding again does not help",
        "mismatch, CREDENTIALS_MISMATCH, credentials exist that do not match the request",
        "unreachable, CREDD_STORE_FAILED, credd credd1 did not store the credential (condor_store_cred add-oauth "
                + "failed); HTCondor",
        "no-store-cred, COMMAND_FAILED, 'condor_store_cred could not be run (missing from PATH, or killed)'",
        "other, COMMAND_FAILED, exit 1: condor_vault_storer: Unexpected number of stdout lines from htgettoken: 3"
    })
    void theStorersOutputTellsWhyItFailed(String mode, FailureKind kind, String text) {
        StoreResult r = storer.store(request("credd1", mode));

        assertEquals(kind, r.failure().kind(), r.failure().message());
        assertTrue(r.failure().message().startsWith("condor_vault_storer dune_production for credd credd1: "));
        assertTrue(r.failure().message().contains(text), r.failure().message());
    }

    @Test
    void onboardingSendsOutputToTheTerminalAndDoesNotParseIt() {
        StoreResult r = storer.store(request("credd1", "auth-needed", false, true, Duration.ofSeconds(20)));

        assertEquals(FailureKind.COMMAND_FAILED, r.failure().kind());
        assertEquals("", r.output());
    }

    @Test
    void aHangingStorerIsKilledWithItsChildrenAtTheTimeout() throws IOException {
        long start = System.nanoTime();
        StoreResult r = storer.store(request("credd1", "hang", false, false, Duration.ofMillis(500)));

        assertEquals(FailureKind.TIMEOUT, r.failure().kind());
        assertTrue(r.failure().message().contains("timeout error"), r.failure().message());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
        long child = Long.parseLong(Files.readString(tmp.resolve("child.pid")).strip());
        assertFalse(running(child), "the storer's child was killed too");
    }

    @Test
    void anEmptyVaultServerOrNoTimeLeftRunsNothing() {
        StoreRequest r = request("credd1", "success");
        StoreResult noVault = storer.store(new StoreRequest(
                r.service(),
                r.credd(),
                r.collector(),
                "",
                r.krb5ccname(),
                r.htgettokenOpts(),
                r.tokenRoot(),
                r.tmpRoot(),
                r.runUid(),
                null,
                r.baseEnvironment(),
                r.timeout(),
                false,
                false));
        StoreResult noTime = storer.store(request("credd1", "success", false, false, Duration.ZERO));

        assertEquals(FailureKind.INVALID_REQUEST, noVault.failure().kind());
        assertEquals(FailureKind.TIMEOUT, noTime.failure().kind());
        assertEquals(List.of(), fakes.calls());
    }

    /** Running unless gone or a zombie (nothing reaps orphans promptly on this machine). */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aLinkAtTheCondorLocationFailsTheStoreWithoutRunningTheStorerAndItsTargetKeepsItsBytes() throws IOException {
        // The storer would write the new token through the link, over whatever it points at.
        Path keytab = Files.writeString(dir.resolve("svc.keytab"), "keys");
        Path condor = VaultPaths.condorLocation(tmp, UID, "dune_production");
        Files.createSymbolicLink(condor, keytab);
        StoreResult r = storer.store(request("credd1", "success"));
        assertFalse(r.succeeded());
        assertEquals(FailureKind.FILE_ERROR, r.failure().kind());
        assertTrue(
                r.failure().message().contains("the condor vault token location " + condor + " is a symbolic link"),
                r.failure().message());
        assertEquals(List.of(), callLines("argv"), "the storer ran");
        assertTrue(Files.isSymbolicLink(condor));
        assertEquals("keys", Files.readString(keytab));
    }
}
