package dev.managedtokens.testbed.ferry;

import java.nio.file.Path;

/**
 * A TLS client certificate and its key as PEM files, the way a grid host keeps {@code hostcert.pem} and
 * {@code hostkey.pem}: what {@code ferry.hostCert} and {@code ferry.hostKey} point at.
 *
 * @param certificate the certificate (PEM)
 * @param key         the unencrypted private key (PEM, mode 0600)
 * @param keyFormat   how the key is written, for test names and messages
 */
public record ClientCredential(Path certificate, Path key, String keyFormat) {}
