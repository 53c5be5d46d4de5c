package dev.managedtokens.worker.ferry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** FERRY's envelope read leniently, but never a UID from a failure, a non-2xx answer, or a missing uid. */
class UserInfoResponseTest {

    static final String UPSTREAM_TEST_BODY = "{\"ferry_status\":\"success\",\"ferry_error\":[],\"ferry_output\":"
            + "{\"expirationdate\":\"2024-01-01T00:00:00Z\",\"fullname\":\"Test User\",\"groupaccount\":false,"
            + "\"status\":true,\"uid\":12345,\"vopersonid\":\"12345\"}}";

    @Test
    void theUpstreamTestBodyGivesItsUid() {
        UserInfoResponse.Result r = UserInfoResponse.parse("test_user", 200, UPSTREAM_TEST_BODY);
        assertNull(r.failure());
        assertEquals(12345, r.uid());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                // groupaccount as FERRY's swagger declares it (a string): the Go service failed the account.
                "{\"ferry_status\":\"success\",\"ferry_error\":[],\"ferry_output\":{\"groupaccount\":\"false\",\"uid\":777}}",
                // keys in another case, as Go matches them
                "{\"FERRY_STATUS\":\"success\",\"Ferry_Output\":{\"UID\":777}}",
                // unknown fields, a banned flag, and no ferry_status at all
                "{\"ferry_output\":{\"banned\":false,\"uid\":777,\"new_field\":{\"x\":[1,2]}},\"extra\":1}",
                // the uid as a string of digits
                "{\"ferry_status\":\"success\",\"ferry_output\":{\"uid\":\"777\"}}",
                // ferry_error of another type
                "{\"ferry_status\":\"success\",\"ferry_error\":\"\",\"ferry_output\":{\"uid\":777}}",
            })
    void leniently(String body) {
        UserInfoResponse.Result r = UserInfoResponse.parse("a", 200, body);
        assertNull(r.failure(), () -> r.failure().message());
        assertEquals(777, r.uid());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "200|{\"ferry_status\":\"failure\",\"ferry_error\":[\"User does not exist.\"],\"ferry_output\":null}|FERRY_ERROR|FERRY reported a failure for account a: User does not exist.",
                "200|{\"ferry_status\":\"Failure\",\"ferry_error\":[\"x\",\"y\"]}|FERRY_ERROR|x; y",
                "401|{\"ferry_status\":\"failure\",\"ferry_error\":[\"Unauthorized\"]}|HTTP_STATUS|FERRY answered HTTP 401 for account a (ferry_error [Unauthorized]); check that FERRY accepts",
                "500|<html><h1>Internal Server Error</h1></html>|HTTP_STATUS|FERRY answered HTTP 500 for account a (body \"<html><h1>Internal Server Error</h1></html>\")",
                "500|{\"ferry_status\":\"success\",\"ferry_output\":{\"uid\":777}}|HTTP_STATUS|HTTP 500",
                "404||HTTP_STATUS|empty body",
                "200|{\"ferry_status\":\"success\",\"ferry_error\":[],\"ferry_output\":{\"uid\":|MALFORMED_RESPONSE|is not JSON",
                "200||MALFORMED_RESPONSE|is not JSON (empty body)",
                "200|{\"ferry_output\":{\"uid\":777}} trailing|MALFORMED_RESPONSE|is not JSON",
                "200|[1,2]|MALFORMED_RESPONSE|is not a JSON object",
                "200|{}|NO_UID|has no ferry_output.uid",
                "200|{\"ferry_status\":\"success\",\"ferry_output\":{\"fullname\":\"x\"}}|NO_UID|has no ferry_output.uid",
                "200|{\"ferry_status\":\"success\",\"ferry_output\":{\"uid\":null}}|NO_UID|has no ferry_output.uid",
                "200|{\"ferry_status\":\"success\",\"ferry_output\":[]}|NO_UID|has no ferry_output.uid",
                "200|{\"ferry_status\":\"success\",\"ferry_output\":{\"uid\":0}}|NO_UID|UID 0 is root's",
                "200|{\"ferry_status\":\"success\",\"ferry_output\":{\"uid\":-5}}|NO_UID|not a UNIX UID",
                "200|{\"ferry_status\":\"success\",\"ferry_output\":{\"uid\":4294967295}}|NO_UID|not a UNIX UID",
                "200|{\"ferry_status\":\"success\",\"ferry_output\":{\"uid\":12345.5}}|NO_UID|not a UNIX UID",
                "200|{\"ferry_status\":\"success\",\"ferry_output\":{\"uid\":\"12x\"}}|NO_UID|not a UNIX UID",
            })
    void noUidFrom(int status, String body, FerryFailureKind kind, String messagePart) {
        UserInfoResponse.Result r = UserInfoResponse.parse("a", status, body == null ? "" : body);
        assertEquals(kind, r.failure().kind(), r.failure().message());
        assertTrue(r.failure().message().contains(messagePart), r.failure().message());
        assertTrue(r.failure().message().contains("account a"), r.failure().message());
        assertEquals("a", r.failure().account());
    }

    @Test
    void theLargestUidIsAccepted() {
        assertEquals(
                4294967294L,
                UserInfoResponse.parse("a", 200, "{\"ferry_output\":{\"uid\":4294967294}}")
                        .uid());
    }

    @Test
    void aTokenInABodyNeverReachesTheMessage() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        UserInfoResponse.Result r = UserInfoResponse.parse("a", 500, "echo " + jwt);
        assertTrue(!r.failure().message().contains(jwt), r.failure().message());
    }
}
