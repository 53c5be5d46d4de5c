package dev.managedtokens.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptionMergerTest {

    /** The table of docs/configuration.md, "How option strings are merged": the words between ping and the node. */
    static Stream<Arguments> pingTable() {
        return Stream.of(
                Arguments.of("", "-W 5 -c 1"),
                Arguments.of("-W 6", "-W 6 -c 1"),
                Arguments.of("-4", "-W 5 -c 1 -4"),
                Arguments.of("-4 -W 6", "-W 6 -c 1 -4"),
                Arguments.of("--foo --bar --baz", "-W 5 -c 1 --foo --bar --baz"),
                Arguments.of("foo bar baz {{for}}", "-W 5 -c 1"));
    }

    @ParameterizedTest
    @MethodSource("pingTable")
    void pingOptionsMergeAsInTheGoService(String extra, String expected) throws Exception {
        List<String> args = new ArrayList<>(OptionMerger.pingOptions(Shlex.split(extra)));
        args.add("node");
        assertEquals(expected + " node", String.join(" ", args));
    }

    @Test
    void knownFlagsAcceptEveryPflagForm() {
        assertEquals(List.of("-W", "6", "-c", "1"), OptionMerger.pingOptions(List.of("-W6")));
        assertEquals(List.of("-W", "6", "-c", "1"), OptionMerger.pingOptions(List.of("-W=6")));
        assertEquals(List.of("-W", "7", "-c", "3"), OptionMerger.pingOptions(List.of("--pingFlagW=7", "-c", "3")));
    }

    @Test
    void unknownFlagsFollowSection93() {
        // --x=v is one token
        assertEquals(List.of("-W", "5", "-c", "1", "--x=v"), OptionMerger.pingOptions(List.of("--x=v")));
        // --x value keeps the value when more words follow...
        assertEquals(
                List.of("-W", "5", "-c", "1", "--x", "v", "-4"), OptionMerger.pingOptions(List.of("--x", "v", "-4")));
        // ...and loses it when it is the last word (the Go quirk, kept for identical command lines)
        assertEquals(List.of("-W", "5", "-c", "1", "--x"), OptionMerger.pingOptions(List.of("--x", "v")));
        assertEquals(List.of("-W", "5", "-c", "1", "-4"), OptionMerger.pingOptions(List.of("-4", "v")));
        // a cluster stays whole
        assertEquals(List.of("-W", "5", "-c", "1", "-abc"), OptionMerger.pingOptions(List.of("-abc")));
    }

    @Test
    void badSyntaxStopsTheParseKeepingWhatWasSeen() {
        assertEquals(
                List.of("-W", "6", "-c", "1", "-4"),
                OptionMerger.pingOptions(List.of("-W", "6", "-4", "---x", "-c", "9")));
        assertEquals(List.of("-W", "5", "-c", "1"), OptionMerger.pingOptions(List.of("--=x", "-W", "6")));
        // a known flag missing its value also stops the parse
        assertEquals(List.of("-W", "5", "-c", "1", "-4"), OptionMerger.pingOptions(List.of("-4", "-W")));
    }

    @Test
    void knownFlagsAreSortedByLongNameBytewise() {
        List<OptionMerger.Flag> flags = List.of(
                new OptionMerger.Flag("b", null, "2"),
                new OptionMerger.Flag("B", null, "1"),
                new OptionMerger.Flag("a", "z", "0"));
        assertEquals(List.of("--B", "1", "-z", "0", "--b", "2"), OptionMerger.merge(flags, List.of()));
    }

    @Test
    void sshDefaultsAndTheSpecTable() {
        assertEquals(
                List.of("-o", "ConnectTimeout=30", "-o", "ServerAliveCountMax=1", "-o", "ServerAliveInterval=30"),
                OptionMerger.sshOptions(List.of()));
        assertEquals(
                List.of("-o", "ConnectTimeout=40", "-o", "ServerAliveCountMax=1", "-o", "ServerAliveInterval=30"),
                OptionMerger.sshOptions(List.of("ConnectTimeout=40")));
        assertEquals(
                List.of(
                        "-o",
                        "ConnectTimeout=40",
                        "-o",
                        "ServerAliveCountMax=1",
                        "-o",
                        "ServerAliveInterval=30",
                        "-o",
                        "MyArg=value"),
                OptionMerger.sshOptions(List.of("ConnectTimeout=40", "-o", "MyArg=value")));
    }

    @Test
    void sshKeysMatchTheDefaultsCaseSensitivelyAsInGo() {
        assertEquals(
                List.of(
                        "-o",
                        "ConnectTimeout=30",
                        "-o",
                        "ServerAliveCountMax=1",
                        "-o",
                        "ServerAliveInterval=30",
                        "-o",
                        "connecttimeout=5"),
                OptionMerger.sshOptions(List.of("connecttimeout=5")));
    }

    /** docs/compatibility.md: the Go service dropped every one of these. */
    @Test
    void sshFlagStyleAndSpaceSeparatedOptionsAreKept() {
        List<String> defaults =
                List.of("-o", "ConnectTimeout=30", "-o", "ServerAliveCountMax=1", "-o", "ServerAliveInterval=30");
        assertEquals(concat(defaults, List.of("-4")), OptionMerger.sshOptions(List.of("-4")));
        assertEquals(
                concat(defaults, List.of("-o", "BatchMode=yes")),
                OptionMerger.sshOptions(List.of("-o", "BatchMode", "yes")));
        assertEquals(
                concat(defaults, List.of("-o", "BatchMode=yes")),
                OptionMerger.sshOptions(List.of("-o", "BatchMode yes")));
        assertEquals(
                concat(defaults, List.of("-o", "BatchMode=yes")), OptionMerger.sshOptions(List.of("-oBatchMode=yes")));
        assertEquals(
                List.of(
                        "-o",
                        "ConnectTimeout=5",
                        "-o",
                        "ServerAliveCountMax=1",
                        "-o",
                        "ServerAliveInterval=30",
                        "-4",
                        "-p",
                        "2222",
                        "-o",
                        "Foo=bar"),
                OptionMerger.sshOptions(List.of("-4", "-p", "2222", "-o", "ConnectTimeout", "5", "Foo=bar")));
    }

    @Test
    void straySshWordsAreDroppedAndReported() {
        assertEquals(
                List.of("-o", "ConnectTimeout=30", "-o", "ServerAliveCountMax=1", "-o", "ServerAliveInterval=30"),
                OptionMerger.sshOptions(List.of("yes", "--long")));
        assertEquals(List.of("yes", "--long"), OptionMerger.sshIgnored(List.of("yes", "--long", "A=b", "-4")));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
