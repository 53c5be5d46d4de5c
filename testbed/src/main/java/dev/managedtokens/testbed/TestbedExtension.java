package dev.managedtokens.testbed;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shares one bed among the tests of a class:
 * {@code @RegisterExtension static final TestbedExtension BED = new TestbedExtension(TestbedSpec.of(2, "svc"));}
 * starts it before the first test and always closes it after the last, whether tests failed or not.
 */
public final class TestbedExtension implements BeforeAllCallback, AfterAllCallback {

    private final TestbedSpec spec;
    private volatile Testbed bed;

    public TestbedExtension(TestbedSpec spec) {
        this.spec = spec;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // A nested class sees the outer class's bed instead of starting another one.
        if (bed == null) {
            bed = Testbed.start(spec);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Only the class that registered the extension closes the bed (not a @Nested class ending first).
        if (bed != null
                && context.getTestClass()
                        .map(c -> c.getEnclosingClass() == null || !isNested(c))
                        .orElse(true)) {
            Testbed b = bed;
            bed = null;
            b.close();
        }
    }

    private static boolean isNested(Class<?> c) {
        return c.isAnnotationPresent(org.junit.jupiter.api.Nested.class);
    }

    /** The running bed; only valid between beforeAll and afterAll. */
    public Testbed bed() {
        Testbed b = bed;
        if (b == null) {
            throw new IllegalStateException("the testbed is not running: register the extension on a static field"
                    + " with @RegisterExtension and use it from tests, not from static initialisers");
        }
        return b;
    }
}
