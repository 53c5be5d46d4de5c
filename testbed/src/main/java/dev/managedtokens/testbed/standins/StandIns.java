package dev.managedtokens.testbed.standins;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The stand-ins for the programs that cannot run here ({@code condor_status}, {@code condor_vault_storer},
 * {@code condor_store_cred}, {@code condor_config_val}, {@code htgettoken}), installed as small bash scripts in
 * {@code <bedDir>/bin}, and the control API over their shared state in {@code <bedDir>/standin-state}: the HTCondor
 * pool and credds, the bed's Vault, failure modes, the pause that makes the bearer-token race deterministic, and
 * the call log. The state directory is baked into each script, so a call needs nothing but PATH.
 */
public final class StandIns {

    /** The programs installed, by name. */
    public static final List<String> PROGRAMS =
            List.of("condor_status", "condor_vault_storer", "condor_store_cred", "condor_config_val", "htgettoken");

    /** A Vault server that exists from the start: {@code -a vault.testbed} resolves, any undefined host does not. */
    public static final String DEFAULT_VAULT_SERVER = "vault.testbed";

    private static final String COMMON_MARKER = "# @STANDIN_COMMON@";
    private static final Duration POLL = Duration.ofMillis(20);

    private final Path binDir;
    private final Path state;
    private final PublicKey jwtKey;

    private StandIns(Path binDir, Path state, PublicKey jwtKey) {
        this.binDir = binDir;
        this.state = state;
        this.jwtKey = jwtKey;
    }

    /**
     * Writes the scripts into {@code <bedDir>/bin} (mode 0755) and creates the state under
     * {@code <bedDir>/standin-state}: no pool, no credd, one Vault server ({@link #DEFAULT_VAULT_SERVER}), nobody
     * onboarded, a fresh RSA key that signs the bearer tokens. Installing again over an existing bed resets it.
     */
    public static StandIns install(Path bedDir) {
        try {
            Path bin = Files.createDirectories(bedDir.resolve("bin"));
            Path state = bedDir.resolve("standin-state").toAbsolutePath();
            if (Files.exists(state)) {
                StateFiles.clear(state);
            }
            for (String d : List.of(
                    "pool",
                    "credds",
                    "config",
                    "vault/servers",
                    "vault/tokens",
                    "vault/refresh",
                    "vault/device",
                    "faults/service",
                    "faults/credd",
                    "pause",
                    "hung",
                    "jwt")) {
                Files.createDirectories(state.resolve(d));
            }
            Files.writeString(state.resolve("calls.log"), "");
            Files.writeString(state.resolve("credd-auth.log"), "");
            Files.writeString(state.resolve("vault/mints.log"), "");
            PublicKey key = writeSigningKey(state.resolve("jwt"));
            String common = resource("common.sh");
            String prelude = "ST_STATE=" + shellQuote(state.toString()) + "\n" + common;
            for (String program : PROGRAMS) {
                String script = resource(program);
                if (!script.contains(COMMON_MARKER)) {
                    throw new IllegalStateException("stand-in script " + program + " lacks the line " + COMMON_MARKER);
                }
                Path target = bin.resolve(program);
                Files.writeString(target, script.replace(COMMON_MARKER, prelude));
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            StandIns standIns = new StandIns(bin.toAbsolutePath(), state, key);
            standIns.defineVaultServer(DEFAULT_VAULT_SERVER);
            return standIns;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the stand-ins into " + bedDir + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- where things are

    public Path binDir() {
        return binDir;
    }

    public Path stateDir() {
        return state;
    }

    /** The absolute path of one installed program, e.g. {@code program("htgettoken")}. */
    public Path program(String name) {
        if (!PROGRAMS.contains(name)) {
            throw new IllegalArgumentException("no stand-in named " + name + "; the stand-ins are " + PROGRAMS);
        }
        return binDir.resolve(name);
    }

    /**
     * The environment variable that names a directory of real programs to use instead of the stand-ins: every
     * executable in it takes precedence by name (a site with HTCondor's client tools and htgettoken can run the
     * end-to-end tests and the sandbox against them, and check the stand-ins' contract against the originals).
     */
    public static final String REAL_TOOLS_ENV = "MANAGED_TOKENS_REAL_TOOLS";

    /**
     * {@code base} with the stand-ins' bin directory in front of its PATH (or of /usr/bin:/bin when it has none),
     * and the directory named by {@link #REAL_TOOLS_ENV} in front of that when it is set.
     */
    public Map<String, String> withStandInsOnPath(Map<String, String> base) {
        Map<String, String> env = new HashMap<>(base);
        String path = base.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("PATH", pathPrefix() + path);
        return env;
    }

    /** What goes in front of PATH: the real-tools directory if one is named, then the stand-ins. */
    public String pathPrefix() {
        return realToolsDir().map(d -> d + ":").orElse("") + binDir + ":";
    }

    /** The directory of real programs named by {@link #REAL_TOOLS_ENV}, if set; it must be a directory. */
    public static java.util.Optional<Path> realToolsDir() {
        return realToolsDir(System.getenv());
    }

    /** {@link #realToolsDir()} read from {@code environment}. */
    static java.util.Optional<Path> realToolsDir(Map<String, String> environment) {
        String value = environment.get(REAL_TOOLS_ENV);
        if (value == null || value.isBlank()) return java.util.Optional.empty();
        Path dir = Path.of(value).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(REAL_TOOLS_ENV + "=" + value + " is not a directory; name a directory "
                    + "of real programs (condor_vault_storer, condor_store_cred, htgettoken, ...) or unset it");
        }
        return java.util.Optional.of(dir);
    }

    // ---------------------------------------------------------------- HTCondor: pool, credds, configuration

    /**
     * Makes {@code collector} answer {@code condor_status -pool <collector> -schedd -long} with these ads, in this
     * order. Each map is one ad: attribute name to the ClassAd literal as {@code -long} prints it (strings keep
     * their quotes: {@code Name -> "\"schedd1.testbed\""}; see {@link #scheddAd}). Every ad's {@code Name} also
     * becomes a reachable credd, as a schedd runs one. An empty list is a collector that matches no schedd.
     */
    public void definePool(String collector, List<Map<String, String>> scheddAds) {
        StringBuilder text = new StringBuilder();
        for (Map<String, String> ad : scheddAds) {
            if (!text.isEmpty()) text.append('\n');
            ad.forEach((k, v) -> {
                if (!k.matches("[A-Za-z_][A-Za-z0-9_.]*") || v.contains("\n")) {
                    throw new IllegalArgumentException(
                            "schedd ad attribute " + k + " = " + v + " is not a single-line ClassAd attribute");
                }
                text.append(k).append(" = ").append(v).append('\n');
            });
            String name = ad.get("Name");
            if (name != null) {
                defineCredd(unquote(name));
            }
        }
        StateFiles.write(state.resolve("pool").resolve(StateFiles.encode(collector)), text.toString());
    }

    /** A minimal schedd ad: {@code Name} and {@code MyType}, ready for {@link #definePool}. */
    public static Map<String, String> scheddAd(String name) {
        return scheddAd(name, Map.of());
    }

    /** A schedd ad with extra attributes, given as ClassAd literals ({@code "\"text\""}, {@code true}, {@code 3}). */
    public static Map<String, String> scheddAd(String name, Map<String, String> extraAttributes) {
        Map<String, String> ad = new LinkedHashMap<>();
        ad.put("MyType", "\"Scheduler\"");
        ad.put("Name", "\"" + name + "\"");
        ad.putAll(extraAttributes);
        return ad;
    }

    /** The collector stops answering, as a collector that is down. */
    public void removePool(String collector) {
        StateFiles.delete(state.resolve("pool").resolve(StateFiles.encode(collector)));
    }

    /** Makes {@code credd} reachable (it keeps whatever credentials it held before). */
    public void defineCredd(String credd) {
        StateFiles.write(creddDir(credd).resolve("up"), "");
    }

    /** Makes {@code credd} unreachable; its credentials stay and come back with {@link #defineCredd}. */
    public void stopCredd(String credd) {
        StateFiles.delete(creddDir(credd).resolve("up"));
    }

    /** What {@code credd} holds, sorted by identity then service. */
    public List<StoredCredential> credentials(String credd) {
        List<StoredCredential> result = new ArrayList<>();
        for (Path identityDir : StateFiles.list(creddDir(credd).resolve("creds"))) {
            for (Path file : StateFiles.list(identityDir)) {
                String text = StateFiles.read(file);
                if (text != null) {
                    result.add(parseCredential(credd, file, text));
                }
            }
        }
        return result;
    }

    /** What {@code condor_config_val KEY} prints (keys are case-insensitive, as HTCondor's). */
    public void setCondorConfig(String key, String value) {
        StateFiles.write(
                state.resolve("config").resolve(StateFiles.encode(key.toUpperCase(java.util.Locale.ROOT))),
                value + "\n");
    }

    /** {@code condor_config_val KEY} then says "Not defined: KEY" and exits 1. */
    public void unsetCondorConfig(String key) {
        StateFiles.delete(state.resolve("config").resolve(StateFiles.encode(key.toUpperCase(java.util.Locale.ROOT))));
    }

    // ---------------------------------------------------------------- Vault

    /** Makes {@code host} a Vault server that htgettoken can reach ({@code -a host}, {@code -a https://host:8200}). */
    public void defineVaultServer(String host) {
        StateFiles.write(state.resolve("vault/servers").resolve(StateFiles.encode(host)), "");
    }

    /** Stores a refresh token for issuer/role/credkey, as a completed device-code flow would. */
    public void onboard(String issuer, String role, String credkey) {
        StateFiles.write(refreshPath(issuer, role, credkey), "");
    }

    public boolean isOnboarded(String issuer, String role, String credkey) {
        return Files.exists(refreshPath(issuer, role, credkey));
    }

    /** Every vault token issued so far, expired ones included. */
    public List<VaultToken> vaultTokens() {
        List<VaultToken> tokens = new ArrayList<>();
        for (Path file : StateFiles.list(state.resolve("vault/tokens"))) {
            String text = StateFiles.read(file);
            if (text == null) continue;
            String[] l = text.split("\n", -1);
            if (l.length < 5) continue;
            tokens.add(new VaultToken(
                    file.getFileName().toString(),
                    l[1],
                    l[2],
                    l[3],
                    Instant.ofEpochSecond(Long.parseLong(l[0])),
                    l[4]));
        }
        return tokens;
    }

    /** How many vault tokens Vault has minted (logins and exchanges). */
    public int mintedVaultTokens() {
        return mints(line -> true);
    }

    /** How many vault tokens were minted for one issuer and role (any credkey). */
    public int mintedVaultTokens(String issuer, String role) {
        return mints(f -> f[1].equals(issuer) && f[2].equals(role));
    }

    /** How many vault tokens were minted for issuer/role/credkey. */
    public int mintedVaultTokens(String issuer, String role, String credkey) {
        return mints(f -> f[1].equals(issuer) && f[2].equals(role) && f[3].equals(credkey));
    }

    /** Moves Vault's clock forward: tokens' remaining lifetimes shrink, as after that much time. */
    public void advanceVaultClock(Duration by) {
        long now = Long.parseLong(Objects.requireNonNullElse(StateFiles.read(state.resolve("vault/clock-offset")), "0")
                .strip());
        StateFiles.write(state.resolve("vault/clock-offset"), (now + by.toSeconds()) + "\n");
    }

    /** Approve every device-code flow the moment it starts. */
    public void autoApproveDeviceCodes(boolean on) {
        flag(state.resolve("auto-approve"), on);
    }

    /** How long an unapproved device-code flow waits before failing (default 120 s, the real htgettoken's). */
    public void setDeviceCodeTimeout(Duration timeout) {
        StateFiles.write(state.resolve("vault/device-timeout-tenths"), (timeout.toMillis() / 100) + "\n");
    }

    /** The device-code flows waiting for approval now. */
    public List<DeviceCode> pendingDeviceCodes() {
        List<DeviceCode> codes = new ArrayList<>();
        for (Path file : StateFiles.list(state.resolve("vault/device"))) {
            String name = file.getFileName().toString();
            if (!name.endsWith(".pending")) continue;
            String text = StateFiles.read(file);
            if (text == null) continue;
            String[] l = text.split("\n", -1);
            codes.add(new DeviceCode(name.substring(0, name.length() - ".pending".length()), l[0], l[1], l[2], l[3]));
        }
        return codes;
    }

    /** Waits until at least one device-code flow is pending and returns them all. */
    public List<DeviceCode> awaitPendingDeviceCodes(Duration timeout) throws TimeoutException {
        return await(
                this::pendingDeviceCodes,
                l -> !l.isEmpty(),
                timeout,
                "no htgettoken started a device-code flow within " + timeout);
    }

    /** Approves every pending flow: each htgettoken waiting on one completes onboarding and goes on. */
    public List<DeviceCode> approvePendingDeviceCodes() {
        List<DeviceCode> codes = pendingDeviceCodes();
        for (DeviceCode code : codes) {
            StateFiles.write(
                    state.resolve("vault/device").resolve(code.userCode() + ".approved"), code.credkey() + "\n");
        }
        return codes;
    }

    /** Approves one pending flow: the htgettoken waiting on it completes onboarding and goes on. */
    public void approve(DeviceCode code) {
        StateFiles.write(state.resolve("vault/device").resolve(code.userCode() + ".approved"), code.credkey() + "\n");
    }

    /** Drops every pending flow, as Vault forgets one whose htgettoken was killed before it finished. */
    public void forgetPendingDeviceCodes() {
        for (DeviceCode code : pendingDeviceCodes()) {
            StateFiles.delete(state.resolve("vault/device").resolve(code.userCode() + ".pending"));
        }
    }

    /** The bed's issuer key: every bearer token htgettoken writes is signed with it (RS256). */
    public PublicKey bearerTokenKey() {
        return jwtKey;
    }

    /** The same key as a PEM file, for programs that verify tokens themselves. */
    public Path bearerTokenKeyPem() {
        return state.resolve("jwt/signing-key.pub.pem");
    }

    /**
     * A bearer token signed with the bed's issuer key, as htgettoken would write it for {@code subject}: valid for
     * {@code lifetime}, with WLCG groups for issuer and role. For tests that plant someone else's token where a
     * client would find it (e.g. a stale {@code /tmp/bt_u<uid>}).
     */
    public String signedBearerToken(String subject, String issuer, String role, Duration lifetime) {
        try {
            String pem = Files.readString(state.resolve("jwt/signing-key.pem"));
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            java.security.PrivateKey key =
                    KeyFactory.getInstance("RSA").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
            long now = Instant.now().getEpochSecond();
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String header = b64.encodeToString(
                    "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"testbed\"}".getBytes(StandardCharsets.UTF_8));
            String payload = b64.encodeToString(("{\"wlcg.ver\":\"1.0\",\"sub\":\"" + subject
                            + "\",\"iss\":\"https://issuer.testbed/" + issuer + "\",\"iat\":" + now + ",\"nbf\":" + now
                            + ",\"exp\":" + (now + lifetime.toSeconds()) + ",\"wlcg.groups\":[\"/" + issuer + "\",\"/"
                            + issuer + "/" + role + "\"]}")
                    .getBytes(StandardCharsets.UTF_8));
            java.security.Signature sig = java.security.Signature.getInstance("SHA256withRSA");
            sig.initSign(key);
            sig.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + b64.encodeToString(sig.sign());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bed's signing key: " + e.getMessage(), e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a bearer token: " + e.getMessage(), e);
        }
    }

    /** Verifies a bearer token against the bed's key and returns its claims. */
    public BearerToken verifyBearerToken(String jwt) {
        return BearerToken.verify(jwt, jwtKey);
    }

    // ---------------------------------------------------------------- failure modes

    /** From now on, calls for {@code target} fail in {@code mode}; replaces the target's earlier mode. */
    public void setFailureMode(FailureTarget target, FailureMode mode) {
        StateFiles.write(faultFile(target), mode.fileValue() + "\n");
    }

    public void clearFailureMode(FailureTarget target) {
        StateFiles.delete(faultFile(target));
    }

    public void clearFailureModes() {
        StateFiles.clear(state.resolve("faults/service"));
        StateFiles.clear(state.resolve("faults/credd"));
    }

    /** The pids of every process the {@link FailureMode#HANG} mode started (the hanging script and its sleepers). */
    public List<Long> hungProcessIds() {
        return StateFiles.list(state.resolve("hung")).stream()
                .map(p -> Long.parseLong(p.getFileName().toString()))
                .toList();
    }

    // ---------------------------------------------------------------- the pause between bearer copy and store

    /**
     * The next {@code condor_vault_storer} call for {@code service} stops right after copying
     * {@code bt_u<uid>-<service>} to {@code bt_u<uid>}, before it stores anything, until {@link #release}.
     * One-shot: the storer disarms it when it goes on. (Bounded: unreleased for 120 s, the storer fails.)
     */
    public void pauseAfterBearerCopy(String service) {
        StateFiles.delete(pauseFile(service, "released"));
        StateFiles.write(pauseFile(service, "armed"), "");
    }

    /** Waits until a storer for {@code service} has reached the pause; false if none did within {@code timeout}. */
    public boolean awaitPaused(String service, Duration timeout) {
        try {
            await(() -> Files.exists(pauseFile(service, "reached")), b -> b, timeout, "");
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Lets the paused storer for {@code service} go on. */
    public void release(String service) {
        StateFiles.write(pauseFile(service, "released"), "");
    }

    // ---------------------------------------------------------------- call log

    /** Every stand-in call so far, in the order they started. */
    public List<Call> callLog() {
        String text = Objects.requireNonNullElse(StateFiles.read(state.resolve("calls.log")), "");
        List<Call> calls = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                calls.add(parseCall(line));
            }
        }
        return calls;
    }

    /**
     * Every authentication condor_store_cred made to a credd, in order: which token (or Kerberos) each call
     * authenticated with, and as whom.
     */
    public List<CreddAuthentication> creddAuthentications() {
        String text = Objects.requireNonNullElse(StateFiles.read(state.resolve("credd-auth.log")), "");
        List<CreddAuthentication> result = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            if (f.length < 7) continue;
            long micros = Long.parseLong(f[0]);
            result.add(new CreddAuthentication(
                    Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000),
                    f[1],
                    f[2],
                    f[3],
                    f[4],
                    f[5],
                    f[6]));
        }
        return result;
    }

    /** The calls of one program, e.g. {@code callLog("condor_vault_storer")}. */
    public List<Call> callLog(String tool) {
        return callLog().stream().filter(c -> c.tool().equals(tool)).toList();
    }

    // ---------------------------------------------------------------- internals

    private Path creddDir(String credd) {
        return state.resolve("credds").resolve(StateFiles.encode(credd));
    }

    private Path refreshPath(String issuer, String role, String credkey) {
        return state.resolve("vault/refresh")
                .resolve(StateFiles.encode(issuer))
                .resolve(StateFiles.encode(role))
                .resolve(StateFiles.encode(credkey));
    }

    private Path faultFile(FailureTarget target) {
        String kind = target.kind() == FailureTarget.Kind.SERVICE ? "service" : "credd";
        return state.resolve("faults").resolve(kind).resolve(StateFiles.encode(target.name()));
    }

    private Path pauseFile(String service, String what) {
        return state.resolve("pause").resolve(StateFiles.encode(service) + "." + what);
    }

    private int mints(java.util.function.Predicate<String[]> filter) {
        String text = Objects.requireNonNullElse(StateFiles.read(state.resolve("vault/mints.log")), "");
        return (int) text.lines()
                .filter(l -> !l.isBlank())
                .map(l -> l.split("\t", -1))
                .filter(f -> f.length >= 5)
                .filter(filter)
                .count();
    }

    private static void flag(Path file, boolean on) {
        if (on) StateFiles.write(file, "");
        else StateFiles.delete(file);
    }

    private static <T> T await(Supplier<T> probe, java.util.function.Predicate<T> done, Duration timeout, String what)
            throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (done.test(value)) return value;
            if (System.nanoTime() - deadline > 0) throw new TimeoutException(what);
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException(what + " (interrupted)");
            }
        }
    }

    private static StoredCredential parseCredential(String credd, Path file, String text) {
        Map<String, String> header = new HashMap<>();
        int sep = text.indexOf("\n--\n");
        if (sep < 0) {
            throw new IllegalStateException("stored credential " + file + " has no header separator");
        }
        for (String line : text.substring(0, sep).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) header.put(line.substring(0, eq), line.substring(eq + 1));
        }
        Map<String, Object> json = Json.parseObject(text.substring(sep + 4));
        long micros = Long.parseLong(header.getOrDefault("stored_us", "0"));
        return new StoredCredential(
                credd,
                header.get("service"),
                header.get("identity"),
                String.valueOf(json.getOrDefault("vault_token", "")),
                String.valueOf(json.getOrDefault("vault_url", "")),
                Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000),
                header.getOrDefault("scopes", ""),
                header.getOrDefault("audience", ""));
    }

    @SuppressWarnings("unchecked")
    private static Call parseCall(String line) {
        Map<String, Object> o = Json.parseObject(line);
        long micros = ((Number) o.get("time_us")).longValue();
        List<String> argv =
                ((List<Object>) o.get("argv")).stream().map(String::valueOf).toList();
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) o.get("env")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return new Call(
                (String) o.get("tool"),
                ((Number) o.get("pid")).longValue(),
                ((Number) o.get("ppid")).longValue(),
                Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000),
                argv,
                env);
    }

    private static String unquote(String literal) {
        String s = literal.strip();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = StandIns.class.getResourceAsStream("/standins/" + name)) {
            if (in == null) {
                throw new IOException("stand-in resource /standins/" + name + " is missing from the testbed jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A fresh RSA key: the private half for htgettoken to sign with (0600), the public half for verifiers. */
    private static PublicKey writeSigningKey(Path dir) throws IOException {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair pair = gen.generateKeyPair();
            Path priv = dir.resolve("signing-key.pem");
            Files.writeString(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
            byte[] pub = pair.getPublic().getEncoded();
            Files.writeString(dir.resolve("signing-key.pub.pem"), pem("PUBLIC KEY", pub));
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pub));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("this JDK cannot make an RSA key: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
