package dev.managedtokens.worker.ferry;

/**
 * FERRY cannot be asked at all: the TLS material or the JWT login is unusable. The message is one line naming the
 * configuration key or file, what failed, and what to do; it never holds a token or key material.
 */
public final class FerrySetupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FerrySetupException(String message) {
        super(message);
    }

    public FerrySetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
