package dev.managedtokens.worker.ferry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class FerryEndpointTest {

    @Test
    void urlIsHostColonPortThenTheQuery() {
        assertEquals(
                URI.create("https://ferry.example.com:8445/getUserInfo?username=dunepro"),
                new FerryEndpoint("https://ferry.example.com", 8445).userInfo("dunepro"));
    }

    @Test
    void accountIsEncodedSoTheQueryKeepsIt() {
        // The Go service put the name in as it is: "a&b" asked FERRY about "a", "x y" broke the URL.
        assertEquals(
                "https://f:1/getUserInfo?username=a%26b%23c%20d%2Be",
                new FerryEndpoint("https://f", 1).userInfo("a&b#c d+e").toString());
    }

    @Test
    void portZeroMeansTheSchemesDefaultAndATrailingSlashIsDropped() {
        assertEquals(
                "https://ferry.example.com/getUserInfo?username=x",
                new FerryEndpoint("https://ferry.example.com/", 0).userInfo("x").toString());
    }

    @Test
    void aHostWithoutSchemeIsRefusedWithTheFix() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new FerryEndpoint("ferryhost.domain", 8445));
        assertTrue(e.getMessage().contains("ferry.host \"ferryhost.domain\" has no scheme"), e.getMessage());
        assertTrue(e.getMessage().contains("https://ferryhost.domain"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FerryEndpoint("", 8445));
        assertThrows(IllegalArgumentException.class, () -> new FerryEndpoint("https://f", 70000));
    }
}
