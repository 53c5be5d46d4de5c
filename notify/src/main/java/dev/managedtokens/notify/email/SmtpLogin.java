package dev.managedtokens.notify.email;

import java.util.Objects;

/** SMTP AUTH credentials; the password never appears in {@link #toString()}. */
public record SmtpLogin(String username, String password) {

    public SmtpLogin {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "SmtpLogin[username=" + username + ", password=(hidden)]";
    }
}
