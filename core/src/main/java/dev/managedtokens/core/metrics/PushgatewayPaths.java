package dev.managedtokens.core.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The Go client's Pushgateway URL rules (client_golang {@code push}), so the same job name lands in the same group. */
final class PushgatewayPaths {

    private PushgatewayPaths() {}

    /** {@code host} without trailing {@code /}, with {@code http://} when it names no scheme. */
    static String base(String host) {
        String base = host.contains("://") ? host : "http://" + host;
        while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        return base;
    }

    /** {@code name/value} as a path: a value with {@code /} goes as {@code name@base64/<base64url>}, empty as {@code =}. */
    static String component(String name, String value) {
        if (value.isEmpty()) return name + "@base64/=";
        if (value.contains("/")) {
            return name + "@base64/"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        }
        return name + "/" + pathEscape(value);
    }

    /** Go's {@code url.PathEscape}: unreserved characters and {@code $&+:=@} stay, everything else is %XX. */
    static String pathEscape(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-_.~$&+:=@".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
