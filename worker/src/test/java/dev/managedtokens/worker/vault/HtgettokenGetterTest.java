package dev.managedtokens.worker.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.FakePrograms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtgettokenGetterTest {

    private static final int UID = 4242;

    // Logs argv and environment, the modes of the output file and its directory, and what the vault token file
    // held; then writes a new vault token and the bearer token $FAKE_JWT, or acts out $FAKE_MODE.
    private static final String HTGETTOKEN = """
            for a; do echo "arg $a" >> "$FAKE_LOG"; done
            while [ $# -gt 0 ]; do
              case "$1" in --vaulttokenfile) vt="$2"; shift ;; -o) out="$2"; shift ;; esac; shift
            done
            for v in KRB5CCNAME _condor_COLLECTOR_HOST HTGETTOKENOPTS _condor_CREDD_HOST; do
              eval "echo env $v=\\${$v-unset}" >> "$FAKE_LOG"
            done
            echo "out $(stat -c %a "$out") $(stat -c %a "$(dirname "$out")")" >> "$FAKE_LOG"
            echo "vt-before [$(cat "$vt")]" >> "$FAKE_LOG"
            case "$FAKE_MODE" in
              auth-needed) echo "htgettoken: Failure getting token from https://vault.example:8200" >&2; exit 1 ;;
              forbidden) echo "htgettoken: Kerberos negotiate with https://vault.example:8200/v1/auth/kerberos-dune_production/login failed: HTTPError: Forbidden: permission denied" >&2; exit 1 ;;
            esac
            printf 'hvs.fresh\\n' > "$vt"
            printf '%s\\n' "$FAKE_JWT" > "$out"
            echo "Storing bearer token in $out"
            """;

    @TempDir
    Path dir;

    FakePrograms fakes;
    Path root;
    Path tmp;
    HtgettokenGetter getter;

    @BeforeEach
    void setUp() throws IOException {
        fakes = new FakePrograms(dir);
        fakes.install("htgettoken", HTGETTOKEN);
        root = Files.createDirectories(dir.resolve("tokens"));
        tmp = Files.createDirectories(dir.resolve("tmp"));
        getter = new HtgettokenGetter(new ProcessRunner(2));
    }

    private GetTokenRequest request(String role, String vaultServer, String mode, boolean verbose) {
        Map<String, String> env = fakes.environment(Map.of(
                "FAKE_MODE",
                mode,
                "FAKE_JWT",
                jwt(role),
                "_condor_CREDD_HOST",
                "stale",
                "HTGETTOKENOPTS",
                "--operator"));
        return new GetTokenRequest(
                "dune_production",
                "dune",
                role,
                vaultServer,
                "FILE:/cc/svc",
                "--vaulttokenminttl=10s --credkey=dunepro",
                root,
                tmp,
                UID,
                env,
                Duration.ofSeconds(20),
                false,
                verbose);
    }

    private static String jwt(String role) {
        String claims = "{\"exp\":" + (Instant.now().getEpochSecond() + 3600) + ",\"wlcg.groups\":[\"/dune\",\"/dune/"
                + role + "\"]}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    private List<String> lines(String prefix) {
        return fakes.calls().stream()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()))
                .toList();
    }

    @Test
    void everyConfiguredValueIsTheArgumentOfItsOptionSoNoneCanBeReadAsAnOption() {
        // htgettoken takes no operands (optparse: "no non-option arguments expected"), and optparse gives an option
        // that takes a value the next word whole, dash or not: so "--" is not needed, and a value is never an option.
        GetTokenRequest odd = new GetTokenRequest(
                "-x_-r",
                "-x",
                "-r",
                "-a",
                "FILE:/cc/svc",
                "",
                root,
                tmp,
                UID,
                Map.of(),
                Duration.ofSeconds(20),
                false,
                false);
        List<String> argv = HtgettokenGetter.argv(odd, root.resolve("vt"), tmp.resolve("bt"));
        assertEquals(
                List.of(
                        "htgettoken",
                        "-a",
                        "-a",
                        "-i",
                        "-x",
                        "--vaulttokenfile",
                        root.resolve("vt").toString(),
                        "-o",
                        tmp.resolve("bt").toString(),
                        "--role",
                        "-r"),
                argv);
    }

    @Test
    void argumentsComeInUpstreamsOrder() throws IOException {
        Files.writeString(root.resolve("vt_u4242-dune_production"), "hvs.kept\n");
        GetTokenResult r = getter.get(request("production", "vault.example", "ok", true));

        assertNull(r.failure());
        List<String> args = lines("arg ");
        assertEquals(
                List.of(
                        "-a",
                        "vault.example",
                        "-i",
                        "dune",
                        "--vaulttokenfile",
                        root.resolve("vt_u4242-dune_production").toString(),
                        "-o"),
                args.subList(0, 7));
        assertTrue(Path.of(args.get(7)).getFileName().toString().startsWith("managed_tokens_bearer_token_"));
        assertEquals(List.of("--verbose", "--role", "production"), args.subList(8, 11));
        assertEquals(11, args.size());
    }

    @Test
    void anEmptyRoleIsLeftOutAndVerboseOnlyWhenAsked() {
        getter.get(request("", "vault.example", "ok", false));
        List<String> args = lines("arg ");
        assertEquals(8, args.size(), args.toString());
        assertFalse(args.contains("--role"));
        assertFalse(args.contains("--verbose"));
    }

    @Test
    void theEnvironmentIsTheServicesOwn() {
        getter.get(request("production", "vault.example", "ok", false));
        assertEquals(
                List.of(
                        "KRB5CCNAME=FILE:/cc/svc",
                        "_condor_COLLECTOR_HOST=",
                        "HTGETTOKENOPTS=--vaulttokenminttl=10s --credkey=dunepro",
                        "_condor_CREDD_HOST=unset"),
                lines("env "));
    }

    @Test
    void theBearerTokenGoesToAPrivateFileThatIsRemoved() throws IOException {
        getter.get(request("production", "vault.example", "ok", false));

        assertEquals(List.of("600 700"), lines("out "));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(0, left.count(), "the private directory and everything in it are removed");
        }
    }

    @Test
    void withoutAStoredTokenAFreshOneIsSavedOwnerOnly() throws IOException {
        GetTokenResult r = getter.get(request("production", "vault.example", "ok", false));

        assertNull(r.failure());
        assertNull(r.warning(), r.warning());
        assertEquals(List.of("[]"), lines("vt-before "), "htgettoken started from an empty temporary file");
        Path saved = root.resolve("vt_u4242-dune_production");
        assertEquals("hvs.fresh\n", Files.readString(saved));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)));
    }

    @Test
    void aBearerTokenWithTheWrongGroupsIsOnlyAWarning() {
        GetTokenRequest r = request("production", "vault.example", "ok", false);
        Map<String, String> env = new java.util.HashMap<>(r.baseEnvironment());
        env.put("FAKE_JWT", jwt("other"));
        GetTokenResult result = getter.get(new GetTokenRequest(
                r.service(),
                r.issuer(),
                r.role(),
                r.vaultServer(),
                r.krb5ccname(),
                r.htgettokenOpts(),
                r.tokenRoot(),
                r.tmpDir(),
                r.runUid(),
                env,
                r.timeout(),
                false,
                false));

        assertTrue(result.succeeded());
        assertEquals("the bearer token's wlcg.groups lacks /dune/production", result.warning());
    }

    @Test
    void authenticationNeededIsReportedAndNothingIsSaved() {
        GetTokenResult r = getter.get(request("production", "vault.example", "auth-needed", false));

        assertEquals(FailureKind.AUTH_NEEDED, r.failure().kind());
        assertEquals(
                "htgettoken for dune_production: authentication needed for service to generate vault token; "
                        + "onboard the service again with token-push -r -s dune_production",
                r.failure().message());
        assertFalse(Files.exists(root.resolve("vt_u4242-dune_production")));
    }

    @Test
    void aVaultRefusalInHtgettoken2WordingIsPermissionDenied() {
        GetTokenResult r = getter.get(request("production", "vault.example", "forbidden", false));

        assertEquals(
                FailureKind.PERMISSION_DENIED, r.failure().kind(), r.failure().message());
        assertTrue(
                r.failure().message().contains("HTTPError: Forbidden: permission denied"),
                r.failure().message());
        assertTrue(
                r.failure().message().contains("onboarding again does not help"),
                r.failure().message());
    }

    @Test
    void anEmptyVaultServerOrNoTimeLeftRunsNothing() {
        GetTokenResult r = getter.get(request("production", "", "ok", false));

        GetTokenRequest q = request("production", "vault.example", "ok", false);
        GetTokenResult late = getter.get(new GetTokenRequest(
                q.service(),
                q.issuer(),
                q.role(),
                q.vaultServer(),
                q.krb5ccname(),
                q.htgettokenOpts(),
                q.tokenRoot(),
                q.tmpDir(),
                q.runUid(),
                q.baseEnvironment(),
                Duration.ZERO,
                false,
                false));

        assertEquals(FailureKind.INVALID_REQUEST, r.failure().kind());
        assertTrue(r.failure().message().contains("vault server cannot be empty"));
        assertEquals(FailureKind.TIMEOUT, late.failure().kind());
        assertTrue(late.failure().message().endsWith("context deadline exceeded before getting token"));
        assertEquals(List.of(), fakes.calls());
    }

    @Test
    void bearerCheckFindsExpiredAndMalformedTokens() {
        Instant now = Instant.now();
        assertEquals("the bearer token is not a JWT", BearerTokenCheck.problem("hvs.x", "dune", "production", now));
        assertNull(BearerTokenCheck.problem(jwt("production"), "dune", "production", now));
        assertEquals(
                "the bearer token has expired",
                BearerTokenCheck.problem(jwt("production"), "dune", "production", now.plusSeconds(7200)));
    }
}
