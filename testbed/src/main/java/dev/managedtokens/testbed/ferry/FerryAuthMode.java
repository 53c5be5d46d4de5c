package dev.managedtokens.testbed.ferry;

/** How the FERRY stand-in authenticates callers, as FERRY's two ports do. */
public enum FerryAuthMode {
    /** The TLS handshake requires a client certificate issued by the bed's FERRY CA; no header is looked at. */
    CLIENT_CERTIFICATE,
    /** No client certificate is asked for; {@code Authorization: Bearer} must carry a token the bed's issuer signed. */
    BEARER_TOKEN
}
