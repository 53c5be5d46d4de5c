package dev.managedtokens.notify.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AdminErrorsTest {

    @Test
    void setupErrorsKeepArrivalOrderAndDuplicates() {
        AdminErrors errors = new AdminErrors();
        errors.addSetupError("test_service1", "Setup error 2");
        errors.addSetupError("test_service1", "Setup error 1");
        errors.addSetupError("test_service1", "Setup error 2");
        assertEquals(
                List.of("Setup error 2", "Setup error 1", "Setup error 2"),
                errors.byKey().get("test_service1").setupErrors());
    }

    @Test
    void aSecondPushErrorOnTheSameNodeReplacesTheFirst() {
        AdminErrors errors = new AdminErrors();
        errors.addPushError("s", "node1", "first");
        errors.addPushError("s", "node1", "second");
        errors.addPushError("s", "node2", "other");
        assertEquals(
                new TreeMap<>(Map.of("node1", "second", "node2", "other")),
                errors.byKey().get("s").pushErrors());
    }

    @Test
    void keysAreSortedAndEmptyPushMessagesDropped() {
        AdminErrors errors = new AdminErrors();
        errors.addPushError("zeta", "n", "");
        errors.addSetupError("beta", "b");
        errors.addPushError("alpha", "n", "a");
        assertEquals(List.of("alpha", "beta"), List.copyOf(errors.byKey().keySet()));
    }

    @Test
    void emptyUntilSomethingIsReported() {
        AdminErrors errors = new AdminErrors();
        assertTrue(errors.isEmpty());
        errors.addPushError("s", "n", "");
        assertTrue(errors.isEmpty());
        errors.addSetupError("s", "x");
        assertFalse(errors.isEmpty());
    }
}
