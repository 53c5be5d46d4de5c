package dev.managedtokens.notify.email;

import java.util.List;

/** One plain-text email; the sender comes from {@code email.from}. */
public record EmailMessage(List<String> to, String subject, String body) {

    public EmailMessage {
        to = List.copyOf(to);
    }
}
