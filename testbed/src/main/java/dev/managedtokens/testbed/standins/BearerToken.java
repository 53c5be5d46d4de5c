package dev.managedtokens.testbed.standins;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A WLCG bearer token (JWT) the bed's htgettoken issued, with its signature checked against the bed's key: what a
 * credd, or later the FERRY stand-in, sees when a client presents it.
 */
public record BearerToken(Map<String, Object> claims) {

    public BearerToken {
        claims = Map.copyOf(claims);
    }

    /**
     * Verifies {@code jwt} (RS256) with {@code key} and parses its claims.
     *
     * @throws IllegalArgumentException when it is not a JWT, the signature does not verify, or the algorithm is
     *                                  not RS256 (the message never contains the token)
     */
    public static BearerToken verify(String jwt, PublicKey key) {
        String[] parts = jwt.strip().split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWT: expected 3 dot-separated parts, got " + parts.length);
        }
        Base64.Decoder b64 = Base64.getUrlDecoder();
        Map<String, Object> header = Json.parseObject(new String(b64.decode(parts[0]), StandardCharsets.UTF_8));
        if (!"RS256".equals(header.get("alg"))) {
            throw new IllegalArgumentException("bearer token algorithm is " + header.get("alg") + ", expected RS256");
        }
        try {
            Signature sig = Signature.getInstance("SHA256withRSA");
            sig.initVerify(key);
            sig.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!sig.verify(b64.decode(parts[2]))) {
                throw new IllegalArgumentException("bearer token signature does not verify with the bed's issuer key");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("bearer token signature could not be checked: " + e.getMessage(), e);
        }
        return new BearerToken(Json.parseObject(new String(b64.decode(parts[1]), StandardCharsets.UTF_8)));
    }

    public String subject() {
        return (String) claims.get("sub");
    }

    public String issuer() {
        return (String) claims.get("iss");
    }

    public Instant expiry() {
        return Instant.ofEpochSecond(((Number) claims.get("exp")).longValue());
    }

    @SuppressWarnings("unchecked")
    public List<String> groups() {
        Object g = claims.get("wlcg.groups");
        return g instanceof List<?> l ? (List<String>) l : List.of();
    }

    public String wlcgVersion() {
        return (String) claims.get("wlcg.ver");
    }
}
