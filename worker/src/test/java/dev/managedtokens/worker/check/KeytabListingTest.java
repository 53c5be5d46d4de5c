package dev.managedtokens.worker.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeytabListingTest {

    @Test
    void thePrincipalsAfterTheSeparatorEachOnce() {
        String out = """
                Keytab name: FILE:/k
                KVNO Timestamp           Principal
                ---- ------------------- ------------------------------------------------------
                   2 12/03/2026 13:00:00 dunepro/managedtokens/host@REALM (aes256-cts-hmac-sha1-96)
                   2 12/03/2026 13:00:00 dunepro/managedtokens/host@REALM
                   3 12/03/2026 13:00:00 other@REALM
                """;
        assertEquals(List.of("dunepro/managedtokens/host@REALM", "other@REALM"), KeytabListing.principals(out));
    }
}
