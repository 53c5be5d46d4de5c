package dev.managedtokens.notify.admin;

import static dev.managedtokens.notify.testsupport.Golden.SPEC_TIME;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.managedtokens.notify.testsupport.Golden;
import org.junit.jupiter.api.Test;

class AdminMessagesTest {

    private static AdminErrors refreshUidsErrors() {
        AdminErrors errors = new AdminErrors();
        errors.addSetupError("refresh-uids-from-ferry", "Could not get FERRY UID data for user dunepro");
        errors.addSetupError("refresh-uids-from-ferry", "no data collected from FERRY");
        return errors;
    }

    private static AdminErrors tokenPushErrors() {
        AdminErrors errors = new AdminErrors();
        // Arrival order differs from the sorted output on purpose.
        errors.addPushError("mu2e_production", "mu2e01", "Could not push vault token to node");
        errors.addSetupError("dune_production", "Could not ping the following nodes: dune02");
        errors.addPushError("dune_production", "dune02", "Could not push vault token to node");
        return errors;
    }

    @Test
    void fullFormOfRefreshUidsMatchesTheSpecExample() {
        assertEquals(
                Golden.read("admin-full-refresh-uids.txt"),
                AdminMessages.full(
                        "refresh-uids-from-ferry",
                        SPEC_TIME,
                        refreshUidsErrors().byKey()));
    }

    @Test
    void fullFormOfTokenPushMatchesTheSpecExample() {
        assertEquals(
                Golden.read("admin-full-token-push.txt"),
                AdminMessages.full("token-push", SPEC_TIME, tokenPushErrors().byKey()));
    }

    @Test
    void abridgedFormOfTokenPushMatchesTheSpecExample() {
        assertEquals(
                Golden.read("admin-abridged-token-push.txt"),
                AdminMessages.abridged(
                        "token-push", SPEC_TIME, tokenPushErrors().byKey()));
    }

    @Test
    void abridgedFormOfRefreshUidsMatchesTheSpecSlackExample() {
        assertEquals(
                Golden.read("admin-abridged-refresh-uids.txt"),
                AdminMessages.abridged(
                        "refresh-uids-from-ferry",
                        SPEC_TIME,
                        refreshUidsErrors().byKey()));
    }

    @Test
    void abridgedWithPushErrorsOnlyHasNoSetupHeading() {
        AdminErrors errors = new AdminErrors();
        errors.addPushError("mu2e_production", "mu2e01", "Could not push vault token to node");
        String text = AdminMessages.abridged("token-push", SPEC_TIME, errors.byKey());
        assertEquals(false, text.contains("Setup errors:"));
        assertEquals(
                true,
                text.contains("Processing errors:\n\n    \u2022 mu2e_production@mu2e01: Could not push vault"
                        + " token to node\n"));
        assertEquals(true, text.endsWith("\nPlease look at the logs for more details.\n\n\n"));
    }

    @Test
    void subjectCarriesTheRfc822Time() {
        assertEquals("Managed Tokens Errors 23 Nov 25 06:00 CST", AdminMessages.subject(SPEC_TIME));
    }
}
