package dev.managedtokens.notify.email;

/** An email that was not accepted by the SMTP server; the message is one line naming the server and the cause. */
public final class EmailException extends Exception {

    public EmailException(String message, Throwable cause) {
        super(message, cause);
    }

    public EmailException(String message) {
        super(message);
    }
}
