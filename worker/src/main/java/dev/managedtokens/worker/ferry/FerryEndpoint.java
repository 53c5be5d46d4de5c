package dev.managedtokens.worker.ferry;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where FERRY answers: {@code ferry.host} (with its scheme) and {@code ferry.port}. Unlike the Go service, the account
 * is URL-encoded into the query, and a port of 0 (not configured) means the scheme's default port rather than a URL
 * that can never connect.
 */
public record FerryEndpoint(String host, int port) {

    public FerryEndpoint {
        String h = host == null ? "" : host.strip();
        while (h.endsWith("/")) {
            h = h.substring(0, h.length() - 1);
        }
        String lower = h.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
            throw new IllegalArgumentException("ferry.host \"" + host + "\" has no scheme; write it as https://"
                    + (h.isEmpty() ? "<FERRY host>" : h) + " (the port goes to ferry.port)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("ferry.port " + port + " is not a TCP port; use 1-65535, e.g. 8445");
        }
        try {
            URI.create(h + (port == 0 ? "" : ":" + port) + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "ferry.host \"" + host + "\" with ferry.port " + port + " is not a valid URL: " + e.getMessage());
        }
        host = h;
    }

    /** The base URL, e.g. {@code https://ferry.example.com:8445}. */
    public String baseUrl() {
        return host + (port == 0 ? "" : ":" + port);
    }

    /** {@code <base>/getUserInfo?username=<account>}, the account encoded so that {@code &}, {@code #} or spaces stay in it. */
    public URI userInfo(String account) {
        String encoded = URLEncoder.encode(account, StandardCharsets.UTF_8).replace("+", "%20");
        return URI.create(baseUrl() + "/getUserInfo?username=" + encoded);
    }

    @Override
    public String toString() {
        return baseUrl();
    }
}
