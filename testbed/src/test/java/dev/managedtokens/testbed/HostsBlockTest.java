package dev.managedtokens.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HostsBlockTest {

    private static final String SYSTEM = "127.0.0.1 localhost\n::1 localhost ip6-localhost\n";

    private static String block(String id, String... lines) {
        return HostsBlock.beginMarker(id) + " pid 42 dir /var/tmp/mtb-" + id + "\n" + String.join("\n", lines) + "\n"
                + HostsBlock.endMarker(id) + "\n";
    }

    @Test
    void removingABlockLeavesTheRestOfTheFileByteForByte() {
        String content = SYSTEM + block("aaaaa", "127.70.1.11 node1.aaaaa.testbed.test")
                + block("bbbbb", "127.80.1.11 node1.bbbbb.testbed.test") + "10.0.0.1 added-later\n";

        assertEquals(
                SYSTEM + block("bbbbb", "127.80.1.11 node1.bbbbb.testbed.test") + "10.0.0.1 added-later\n",
                HostsBlock.without(content, "aaaaa"));
        assertEquals(
                SYSTEM + block("aaaaa", "127.70.1.11 node1.aaaaa.testbed.test") + "10.0.0.1 added-later\n",
                HostsBlock.without(content, "bbbbb"));
    }

    @Test
    void anIdThatIsAPrefixOfAnotherDoesNotRemoveTheOther() {
        String content = SYSTEM + block("abcde", "127.70.1.11 node1.abcde.testbed.test");
        assertEquals(content, HostsBlock.without(content, "abc"));
    }

    @Test
    void theUnpingableSubnetIsReadBackFromTheNodesHostsLine() {
        String content =
                SYSTEM + block("abcde", "127.70.1.11 node1.abcde.testbed.test", "198.18.7.6 noping.abcde.testbed.test");
        assertEquals("198.18.7.4/30", StaleBeds.nopingSubnet("abcde", content));
        assertNull(StaleBeds.nopingSubnet("zzzzz", content));
    }
}
