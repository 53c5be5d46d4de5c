package dev.managedtokens.ferry;

import picocli.CommandLine;

/** {@code --authmethod}: how refresh-uids-from-ferry authenticates to FERRY. Spelled exactly, as the Go service compares. */
public enum AuthMethod {
    /** The host's certificate and key ({@code ferry.hostCert}, {@code ferry.hostKey}): the default. */
    TLS("tls"),
    /** A bearer token of the FERRY service ({@code ferry.service*}) from Vault, after kinit from its keytab. */
    JWT("jwt");

    private final String flagValue;

    AuthMethod(String flagValue) {
        this.flagValue = flagValue;
    }

    public String flagValue() {
        return flagValue;
    }

    @Override
    public String toString() {
        return flagValue;
    }

    /** picocli: {@code tls} or {@code jwt}, case-sensitive; anything else is a usage error naming the choices. */
    static final class Converter implements CommandLine.ITypeConverter<AuthMethod> {
        @Override
        public AuthMethod convert(String value) {
            for (AuthMethod m : values()) {
                if (m.flagValue.equals(value)) {
                    return m;
                }
            }
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a supported authentication method;" + " use tls or jwt");
        }
    }
}
