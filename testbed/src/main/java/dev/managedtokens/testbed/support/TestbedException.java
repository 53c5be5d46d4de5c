package dev.managedtokens.testbed.support;

/** A testbed component could not be set up, started or torn down; the message names what and how to fix it. */
public class TestbedException extends RuntimeException {

    public TestbedException(String message) {
        super(message);
    }

    public TestbedException(String message, Throwable cause) {
        super(message, cause);
    }
}
