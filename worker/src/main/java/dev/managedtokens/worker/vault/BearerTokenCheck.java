package dev.managedtokens.worker.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * The Go service's sanity check of a fresh bearer token (signature not verified): a JWT whose time claims hold now
 * and whose {@code wlcg.groups} has {@code /<issuer>} and {@code /<issuer>/<role>}. A failure is only a warning.
 */
final class BearerTokenCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BearerTokenCheck() {}

    /** @return null when the token looks right, otherwise what is wrong (never the token itself) */
    static String problem(String token, String issuer, String role, Instant now) {
        String[] parts = token.strip().split("\\.", -1);
        if (parts.length != 3) return "the bearer token is not a JWT";
        JsonNode claims;
        try {
            claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return "the bearer token's claims cannot be read: " + e.getClass().getSimpleName();
        }
        long t = now.getEpochSecond();
        if (claims.has("exp") && claims.get("exp").asLong() < t) return "the bearer token has expired";
        if (claims.has("nbf") && claims.get("nbf").asLong() > t) return "the bearer token is not valid yet";
        JsonNode groups = claims.get("wlcg.groups");
        if (groups == null || !groups.isArray()) return "the bearer token has no wlcg.groups list";
        Set<String> have = new HashSet<>();
        groups.forEach(g -> have.add(g.asText()));
        if (!have.contains("/" + issuer)) return "the bearer token's wlcg.groups lacks /" + issuer;
        if (!role.isEmpty() && !have.contains("/" + issuer + "/" + role)) {
            return "the bearer token's wlcg.groups lacks /" + issuer + "/" + role;
        }
        return null;
    }
}
