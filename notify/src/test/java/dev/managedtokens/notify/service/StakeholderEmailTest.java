package dev.managedtokens.notify.service;

import static dev.managedtokens.notify.testsupport.Golden.SPEC_TIME;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.managedtokens.notify.testsupport.Golden;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StakeholderEmailTest {

    @Test
    void bodyMatchesTheSpecExample() {
        Map<String, String> errors = Map.of(
                "dune03",
                "Could not push vault token to node: exit status 255 ssh: connect to host dune03 port 22:"
                        + " Connection timed out",
                "dune02",
                "Could not push vault token to node");
        assertEquals(Golden.read("stakeholder-email.txt"), StakeholderEmail.body(SPEC_TIME, errors));
    }

    @Test
    void subjectNamesTheConfigName() {
        assertEquals(
                "Managed Tokens Push Errors for dune_production - 23 Nov 25 06:00 CST",
                StakeholderEmail.subject("dune_production", SPEC_TIME));
    }
}
