package dev.managedtokens.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.Environments;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.TestbedExtension;
import dev.managedtokens.testbed.TestbedSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** kinit and klist against the testbed's real MIT KDC, each service in its own cache. */
class KerberosTicketsIT {

    @RegisterExtension
    static final TestbedExtension BED = new TestbedExtension(TestbedSpec.of(0, "alpha", "beta"));

    private final ProcessRunner runner = new ProcessRunner(4);
    private final KerberosTickets tickets = new KerberosTickets(runner);

    private Map<String, String> env() {
        return Environments.with(Environments.inherited(), BED.bed().environment());
    }

    private TicketRequest request(CredentialCaches caches, ServiceAccount a, String principal) {
        return new TicketRequest(
                a.name(), a.keytab(), principal, caches.newCacheFor(a.name()), env(), Duration.ofSeconds(10));
    }

    @Test
    void eachServiceGetsItsOwnVerifiedTicket(@TempDir Path tmp) {
        try (CredentialCaches caches = CredentialCaches.create(tmp)) {
            ServiceAccount alpha = BED.bed().account("alpha");
            ServiceAccount beta = BED.bed().account("beta");
            TicketRequest ra = request(caches, alpha, alpha.principal());
            TicketRequest rb = request(caches, beta, beta.principal());
            TicketResult a = tickets.obtain(ra);
            TicketResult b = tickets.obtain(rb);
            assertTrue(a.succeeded(), a.error());
            assertTrue(b.succeeded(), b.error());
            assertEquals(alpha.principal(), principalIn(ra.cache()));
            assertEquals(beta.principal(), principalIn(rb.cache()));
        }
    }

    @Test
    void cacheDirectoryIsPrivateAndGoneAfterTheRun(@TempDir Path tmp) throws Exception {
        Path dir;
        try (CredentialCaches caches = CredentialCaches.create(tmp)) {
            dir = caches.directory();
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            Path cache = caches.newCacheFor("alpha_svc");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
            assertTrue(cache.getFileName().toString().startsWith("managed-tokens-krb5ccCache-alpha_svc"));
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    void aPrincipalTheKeytabDoesNotHoldFails(@TempDir Path tmp) {
        try (CredentialCaches caches = CredentialCaches.create(tmp)) {
            ServiceAccount alpha = BED.bed().account("alpha");
            // beta's principal with alpha's keytab: kinit finds no key for it.
            TicketResult r = tickets.obtain(
                    request(caches, alpha, BED.bed().account("beta").principal()));
            assertFalse(r.succeeded());
            assertTrue(r.error().startsWith("kinit -k -t " + alpha.keytab()), r.error());
        }
    }

    @Test
    void kdcDownFailsQuicklyAndRecovers(@TempDir Path tmp) {
        ServiceAccount alpha = BED.bed().account("alpha");
        try (CredentialCaches caches = CredentialCaches.create(tmp)) {
            BED.bed().kdc().stop();
            TicketResult down;
            try {
                down = tickets.obtain(request(caches, alpha, alpha.principal()));
            } finally {
                BED.bed().kdc().start();
            }
            assertFalse(down.succeeded());
            assertFalse(down.timedOut(), "a KDC that is down refuses at once: " + down.error());
            assertTrue(tickets.obtain(request(caches, alpha, alpha.principal())).succeeded());
        }
    }

    @Test
    void aDeadlineTooShortIsReportedAsATimeout(@TempDir Path tmp) {
        try (CredentialCaches caches = CredentialCaches.create(tmp)) {
            ServiceAccount alpha = BED.bed().account("alpha");
            TicketResult r = tickets.obtain(new TicketRequest(
                    alpha.name(),
                    alpha.keytab(),
                    alpha.principal(),
                    caches.newCacheFor("alpha"),
                    env(),
                    Duration.ZERO));
            assertFalse(r.succeeded());
            assertTrue(r.timedOut(), r.error());
            assertTrue(r.error().startsWith("Timeout error"), r.error());
        }
    }

    private String principalIn(Path cache) {
        CommandResult klist =
                runner.run(Command.of(List.of("klist", "-c", "FILE:" + cache), env(), Duration.ofSeconds(10)));
        assertTrue(klist.succeeded(), klist.describe() + klist.stderr());
        return KerberosTickets.defaultPrincipal(klist.stdout()).orElseThrow();
    }

    @Test
    void aCopyOfAGoodKeytabReadableByOthersIsRefusedBeforeKinit(@TempDir Path tmp) throws Exception {
        try (CredentialCaches caches = CredentialCaches.create(tmp)) {
            ServiceAccount alpha = BED.bed().account("alpha");
            Path copy = Files.copy(alpha.keytab(), tmp.resolve("alpha.keytab"));
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            TicketResult refused = tickets.obtain(new TicketRequest(
                    "alpha", copy, alpha.principal(), caches.newCacheFor("alpha"), env(), Duration.ofSeconds(10)));
            assertFalse(refused.succeeded());
            assertTrue(
                    refused.error().startsWith("keytab " + copy + " is readable or writable by group or others"),
                    refused.error());
            assertTrue(refused.error().endsWith("chmod 600 " + copy), refused.error());

            // The same keytab made private works: the refusal was the mode alone.
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
            TicketResult ok = tickets.obtain(new TicketRequest(
                    "alpha", copy, alpha.principal(), caches.newCacheFor("alpha"), env(), Duration.ofSeconds(10)));
            assertTrue(ok.succeeded(), ok.error());
        }
    }
}
