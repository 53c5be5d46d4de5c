package dev.managedtokens.worker.ferry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.managedtokens.worker.Outputs;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads FERRY's answer to {@code getUserInfo}: the envelope {@code {"ferry_status", "ferry_error", "ferry_output"}}
 * leniently (keys in any case, unknown fields and the type of everything but {@code uid} ignored), but a UID is only
 * ever taken from a 2xx answer whose status is not {@code failure} and whose {@code uid} is a valid non-root UID. The
 * Go service stored UID 0 for a missing {@code uid} and ignored the HTTP status; both are failures here.
 */
final class UserInfoResponse {

    /** The largest UID: 2^32 - 2 ({@code (uid_t) -1} means "no UID" to the kernel). */
    static final long MAX_UID = 4_294_967_294L;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private static final int MAX_BODY_IN_MESSAGE = 120;

    private UserInfoResponse() {}

    /** The account's UID, or why there is none. */
    static Result parse(String account, int status, String body) {
        boolean ok = status >= 200 && status < 300;
        Optional<JsonNode> root = json(body);
        Optional<JsonNode> envelope = root.filter(JsonNode::isObject);
        String ferryStatus = envelope.flatMap(e -> field(e, "ferry_status"))
                .map(JsonNode::asText)
                .orElse("");
        List<String> errors = envelope.flatMap(e -> field(e, "ferry_error"))
                .map(UserInfoResponse::texts)
                .orElse(List.of());
        boolean failure = ferryStatus.equalsIgnoreCase("failure");

        if (!ok) {
            String detail = failure
                    ? "ferry_error " + errors
                    : root.isPresent() ? "body " + abbreviate(body) : describeBody(body);
            return Result.failed(new FerryFailure(
                    FerryFailureKind.HTTP_STATUS,
                    account,
                    status,
                    "FERRY answered HTTP " + status + " for account " + account + " (" + detail + ")"
                            + (status == 401 || status == 403
                                    ? "; check that FERRY accepts this host's credentials"
                                    : "")));
        }
        if (root.isEmpty()) {
            return Result.failed(new FerryFailure(
                    FerryFailureKind.MALFORMED_RESPONSE,
                    account,
                    status,
                    "FERRY's answer for account " + account + " is not JSON (" + describeBody(body) + ")"));
        }
        if (envelope.isEmpty()) {
            return Result.failed(new FerryFailure(
                    FerryFailureKind.MALFORMED_RESPONSE,
                    account,
                    status,
                    "FERRY's answer for account " + account + " is not a JSON object: " + abbreviate(body)));
        }
        if (failure) {
            return Result.failed(new FerryFailure(
                    FerryFailureKind.FERRY_ERROR,
                    account,
                    status,
                    "FERRY reported a failure for account " + account + ": "
                            + (errors.isEmpty() ? "(no ferry_error given)" : String.join("; ", errors))));
        }
        Optional<JsonNode> uidNode = field(envelope.get(), "ferry_output")
                .filter(JsonNode::isObject)
                .flatMap(o -> field(o, "uid"))
                .filter(n -> !n.isNull());
        if (uidNode.isEmpty()) {
            return Result.failed(new FerryFailure(
                    FerryFailureKind.NO_UID,
                    account,
                    status,
                    "FERRY's answer for account " + account + " has no ferry_output.uid; the account keeps the UID"
                            + " it has"));
        }
        Optional<BigInteger> uid = integer(uidNode.get());
        if (uid.isEmpty() || uid.get().signum() <= 0 || uid.get().compareTo(BigInteger.valueOf(MAX_UID)) > 0) {
            String value = uidNode.get().toString();
            String why = uid.isPresent() && uid.get().signum() == 0 ? "UID 0 is root's" : "not a UNIX UID";
            return Result.failed(new FerryFailure(
                    FerryFailureKind.NO_UID,
                    account,
                    status,
                    "FERRY gave account " + account + " the uid " + abbreviate(value) + " (" + why
                            + "); nothing is stored for it"));
        }
        return Result.found(uid.get().longValueExact());
    }

    /** A parsed answer: a UID or a failure. */
    record Result(long uid, FerryFailure failure) {
        static Result found(long uid) {
            return new Result(uid, null);
        }

        static Result failed(FerryFailure failure) {
            return new Result(0, failure);
        }
    }

    private static Optional<JsonNode> json(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readTree(body));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The field whose name matches case-insensitively, as Go's encoding/json matches; an exact match wins. */
    private static Optional<JsonNode> field(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(f.getValue());
            }
        }
        return Optional.empty();
    }

    /** An integer given as a JSON integer, or as a string of digits (lenient: FERRY's types have changed before). */
    private static Optional<BigInteger> integer(JsonNode node) {
        if (node.isIntegralNumber()) {
            return Optional.of(node.bigIntegerValue());
        }
        if (node.isTextual() && node.asText().strip().matches("[0-9]{1,20}")) {
            return Optional.of(new BigInteger(node.asText().strip()));
        }
        return Optional.empty();
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
        } else if (node.isTextual()) {
            out.add(node.asText());
        } else if (!node.isNull()) {
            out.add(node.toString());
        }
        return out;
    }

    private static String describeBody(String body) {
        if (body == null || body.isEmpty()) {
            return "empty body";
        }
        return "body " + abbreviate(body);
    }

    private static String abbreviate(String s) {
        String one = Outputs.redact(s).strip().replaceAll("\\s+", " ");
        return one.length() > MAX_BODY_IN_MESSAGE
                ? "\"" + one.substring(0, MAX_BODY_IN_MESSAGE) + "...\""
                : "\"" + one + "\"";
    }
}
