package dev.managedtokens.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KerberosTicketsTest {

    @Test
    void findsTheFirstDefaultPrincipalInKlistOutput() {
        String out = """
                Ticket cache: FILE:/tmp/managed-tokens123/managed-tokens-krb5ccCache-dune_production456
                Default principal: dunepro/managedtokens/admin.example@EXAMPLE.ORG

                Valid starting       Expires              Service principal
                """;
        assertEquals(
                Optional.of("dunepro/managedtokens/admin.example@EXAMPLE.ORG"), KerberosTickets.defaultPrincipal(out));
    }

    @Test
    void noDefaultPrincipalLineIsEmpty() {
        assertTrue(KerberosTickets.defaultPrincipal("klist: No credentials cache found")
                .isEmpty());
    }

    @Test
    void thePrincipalFollowsDoubleDashSoKinitCannotReadItAsOptions() {
        // Without "--", kinit's getopt reads "-e@EXAMPLE.ORG" as -e (enctypes) and uses the default principal.
        assertEquals(
                List.of("kinit", "-k", "-t", "/keytabs/x.keytab", "--", "-e@EXAMPLE.ORG"),
                KerberosTickets.kinitArgv(java.nio.file.Path.of("/keytabs/x.keytab"), "-e@EXAMPLE.ORG"));
    }
}
