package dev.managedtokens.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KdcIT {

    @RegisterExtension
    static final TestbedExtension BED = new TestbedExtension(TestbedSpec.of(0, "alpha"));

    @Test
    void kinitFromTheKeytabGivesATicketThatKlistShowsForThePrincipal() {
        Testbed bed = BED.bed();
        BedCommands cmd = new BedCommands(bed);
        ServiceAccount alpha = bed.account("alpha");
        Path cache = cmd.newCachePath();

        CommandResult kinit = cmd.kinitAsOperator(alpha, cache);
        assertTrue(kinit.succeeded(), BedCommands.explain(kinit));

        CommandResult klist = cmd.runAsOperator(List.of("klist"), cmd.kerberosEnvironment(cache));
        assertTrue(klist.succeeded(), BedCommands.explain(klist));
        assertTrue(klist.stdout().contains("Default principal: " + alpha.principal()), klist.stdout());
        assertTrue(klist.stdout().contains("krbtgt/" + bed.realm() + "@" + bed.realm()), klist.stdout());
        assertEquals(alpha.user() + "/managedtokens/" + bed.adminHost() + "@" + bed.realm(), alpha.principal());
    }

    @Test
    void serviceKeytabsBelongToTheOperatorAndNobodyElseCanReadThem() throws Exception {
        Testbed bed = BED.bed();
        Path keytab = bed.account("alpha").keytab();
        assertEquals(bed.keytabDir().resolve(bed.account("alpha").user() + ".keytab"), keytab);
        assertEquals(bed.operator().uid(), (int) Files.getAttribute(keytab, "unix:uid"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keytab)));
    }

    @Test
    void kinitFailsWhileTheKdcIsDownAndWorksAgainOnceItIsBack() {
        Testbed bed = BED.bed();
        BedCommands cmd = new BedCommands(bed);
        ServiceAccount alpha = bed.account("alpha");

        bed.kdc().stop();
        try {
            CommandResult down = cmd.kinitAsOperator(alpha, cmd.newCachePath());
            assertFalse(down.succeeded(), BedCommands.explain(down));
            assertTrue(down.stderr().contains("Cannot contact any KDC"), BedCommands.explain(down));
        } finally {
            bed.kdc().start();
        }
        CommandResult up = cmd.kinitAsOperator(alpha, cmd.newCachePath());
        assertTrue(up.succeeded(), BedCommands.explain(up));
    }
}
