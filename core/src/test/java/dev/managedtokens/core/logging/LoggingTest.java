package dev.managedtokens.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.managedtokens.core.config.LogFiles;
import dev.managedtokens.core.config.LokiSettings;
import dev.managedtokens.core.httptest.Receiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LoggingTest {

    private static final Logger log = LoggerFactory.getLogger("dev.managedtokens.tokenpush.run.ServicePipeline");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private Logging logging;

    @AfterEach
    void restore() {
        MDC.clear();
        if (logging != null) logging.close();
    }

    @Test
    void theLogFileGetsInfoAndAboveAndTheDebugFileEverythingWithTheContext() throws Exception {
        Path logFile = dir.resolve("token-push.log");
        Path debugFile = dir.resolve("token-push-debug.log");
        logging =
                configure(new LogFiles(logFile.toString(), debugFile.toString()), false, LokiSettings("", 1000), false);
        MDC.put("service", "dune_production");
        MDC.put("node", "n1.fnal.gov");
        log.debug("Final HTGETTOKENOPTS: {}", "--credkey=dunepro");
        log.info("Successful nodes for {}: {}", "dune_production", "n1.fnal.gov");
        log.warn("Could not ping all nodes");
        MDC.remove("node");
        log.error("Failed", new IllegalStateException("rsync exited 12"));
        logging.close();

        List<String> info = Files.readAllLines(logFile);
        List<String> debug = Files.readAllLines(debugFile);
        assertEquals(3, info.size(), info.toString());
        assertTrue(
                info.getFirst()
                        .matches("time=\"[^\"]+\" level=info msg=\"Successful nodes for dune_production:"
                                + " n1.fnal.gov\" executable=token-push node=n1.fnal.gov service=dune_production"),
                info.getFirst());
        assertTrue(info.get(1).contains(" level=warning msg=\"Could not ping all nodes\""), info.get(1));
        assertTrue(
                info.get(2)
                        .contains(" level=error msg=Failed error=\"java.lang.IllegalStateException: rsync exited 12\""
                                + " executable=token-push service=dune_production"),
                info.get(2));
        assertTrue(
                debug.stream().anyMatch(l -> l.contains("level=debug msg=\"Final HTGETTOKENOPTS: --credkey=dunepro\"")),
                String.join("\n", debug));
        assertEquals(
                4,
                debug.stream()
                        .filter(l -> l.contains(" service=dune_production"))
                        .count());
        assertTrue(
                debug.stream().anyMatch(l -> l.contains("at dev.managedtokens.core.logging.LoggingTest")),
                "stack traces in the debug file");
        assertFalse(info.stream().anyMatch(l -> l.contains("\tat ")), "no stack traces in the log file");
        // Files are appended to, never truncated.
        logging = configure(new LogFiles(logFile.toString(), ""), false, LokiSettings("", 1000), false);
        log.info("second run");
        logging.close();
        assertEquals(4, Files.readAllLines(logFile).size());
    }

    @Test
    void theConsoleShowsDebugOnlyWithVerbose() {
        logging = configure(LogFiles.NONE, false, LokiSettings("", 1000), false);
        log.debug("quiet detail");
        log.info("visible");
        logging.close();
        String quiet = console.toString(StandardCharsets.UTF_8);
        assertFalse(quiet.contains("quiet detail"), quiet);
        assertTrue(quiet.contains("msg=visible"), quiet);

        console.reset();
        logging = configure(LogFiles.NONE, true, LokiSettings("", 1000), false);
        log.debug("verbose detail");
        logging.close();
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("msg=\"verbose detail\""));
    }

    @Test
    void tokensInMessagesContextAndExceptionsAreMaskedEverywhere() throws Exception {
        Path logFile = dir.resolve("l.log");
        Path debugFile = dir.resolve("d.log");
        logging =
                configure(new LogFiles(logFile.toString(), debugFile.toString()), true, LokiSettings("", 1000), false);
        MDC.put("command", "htgettoken --vaulttoken=" + RedactionTest.VAULT);
        log.info("storer said: token is {}", RedactionTest.VAULT);
        log.debug("bearer token " + RedactionTest.JWT);
        log.error("failed", new RuntimeException("leaked " + RedactionTest.LEGACY));
        logging.close();
        String all = Files.readString(logFile) + Files.readString(debugFile) + console.toString(StandardCharsets.UTF_8);
        for (String secret : new String[] {RedactionTest.VAULT, RedactionTest.JWT, RedactionTest.LEGACY}) {
            assertFalse(all.contains(secret), secret + " leaked into\n" + all);
        }
        assertTrue(all.contains("token is <redacted>"), all);
    }

    @Test
    void aLogFileThatCannotBeOpenedIsReportedAndTheRunGoesOn() throws Exception {
        Path debugFile = dir.resolve("d.log");
        String missing = dir.resolve("no-such-dir/token-push.log").toString();
        logging = configure(new LogFiles(missing, debugFile.toString()), false, LokiSettings("", 1000), false);
        log.info("still logged");
        logging.close();
        String out = console.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("failed to open logfile: " + missing), out);
        assertTrue(Files.readString(debugFile).contains("still logged"));
        assertFalse(Files.exists(Path.of(missing)));
    }

    @Test
    void lokiReceivesInfoAndAboveInBatchesWithTheGoServicesLabels() throws Exception {
        try (Receiver loki = Receiver.start().answer(204)) {
            logging = configure(LogFiles.NONE, false, LokiSettings(loki.url() + "/", 2000), false);
            MDC.put("service", "dune_production");
            log.debug("not for loki");
            for (int i = 0; i < 50; i++) log.info("line {}", i);
            log.warn("token " + RedactionTest.VAULT);
            logging.close();

            List<Receiver.Request> posts = loki.requests();
            assertFalse(posts.isEmpty());
            List<JsonNode> lines = new ArrayList<>();
            for (Receiver.Request post : posts) {
                assertEquals("POST", post.method());
                assertEquals("/loki/api/v1/push", post.path());
                assertEquals("application/json", post.header("Content-Type"));
                for (JsonNode stream : JSON.readTree(post.body()).get("streams")) {
                    JsonNode labels = stream.get("stream");
                    assertEquals("managed-tokens", labels.get("app").asText());
                    assertEquals("token-push", labels.get("command").asText());
                    assertEquals("test", labels.get("environment").asText());
                    for (JsonNode value : stream.get("values")) {
                        assertTrue(value.get(0).asText().matches("\\d{19}"), value.toString());
                        JsonNode line = JSON.readTree(value.get(1).asText());
                        assertEquals(
                                labels.get("level").asText(), line.get("level").asText());
                        lines.add(line);
                    }
                }
            }
            assertTrue(posts.size() < 51, "batched: " + posts.size() + " posts");
            assertEquals(51, lines.size());
            assertTrue(lines.stream().noneMatch(l -> l.get("msg").asText().contains("not for loki")));
            JsonNode first = lines.stream()
                    .filter(l -> l.get("msg").asText().equals("line 0"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("dune_production", first.get("service").asText());
            assertEquals("token-push", first.get("executable").asText());
            assertTrue(lines.stream()
                    .anyMatch(l -> l.get("level").asText().equals("warning")
                            && l.get("msg").asText().equals("token <redacted>")));
        }
    }

    @Test
    void aHangingLokiNeverSlowsLoggingAndCostsABoundedTimeAtClose() throws Exception {
        try (Receiver loki = Receiver.start().hang()) {
            logging = Logging.configure(
                    settings(LogFiles.NONE, false, LokiSettings(loki.url(), 300), false),
                    new PrintStream(console, true, StandardCharsets.UTF_8),
                    100);
            long start = System.nanoTime();
            for (int i = 0; i < 20_000; i++) log.info("line {}", i);
            Duration logTime = Duration.ofNanos(System.nanoTime() - start);
            loki.await(r -> !r.isEmpty(), Duration.ofSeconds(10));
            long closeStart = System.nanoTime();
            logging.close();
            Duration closeTime = Duration.ofNanos(System.nanoTime() - closeStart);
            // A logger that waited on the hung Loki (300 ms a push) would take minutes; the bound only tells the two
            // apart.
            assertTrue(logTime.compareTo(Duration.ofSeconds(15)) < 0, "20000 lines took " + logTime);
            assertTrue(closeTime.compareTo(Duration.ofSeconds(4)) < 0, "close took " + closeTime);
            assertTrue(logging.lokiDropped() > 19_000, "dropped " + logging.lokiDropped());
            assertTrue(
                    console.toString(StandardCharsets.UTF_8).contains("Loki push to " + loki.url()),
                    "one failure report on the console");
        }
    }

    @Test
    void noLokiMeansNoLokiEvenWithAHost() throws Exception {
        Path logFile = dir.resolve("l.log");
        try (Receiver loki = Receiver.start()) {
            logging = configure(new LogFiles(logFile.toString(), ""), false, LokiSettings(loki.url(), 1000), true);
            log.info("a line");
            logging.close();
            assertTrue(loki.requests().isEmpty());
            assertTrue(Files.readString(logFile).contains("msg=\"Loki logging disabled by flag\""));
        }
    }

    @Test
    void closeRestoresTheStartUpConfigurationWithoutErrors() {
        logging = configure(LogFiles.NONE, false, LokiSettings("", 1000), false);
        logging.close();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        List<Status> errors = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() == Status.ERROR)
                .toList();
        assertEquals(List.of(), errors);
        assertTrue(context.getLogger("ROOT").getAppender("STDERR") != null, "the start-up STDERR appender is back");
    }

    @Test
    void theStartUpConfigurationMasksTokensToo() throws Exception {
        LoggerContext fresh = new LoggerContext();
        fresh.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(fresh);
        configurator.doConfigure(Logging.class.getResource("/logback.xml"));
        var stderr =
                (OutputStreamAppender<ILoggingEvent>) fresh.getLogger("ROOT").getAppender("STDERR");
        var layout = ((PatternLayoutEncoder) stderr.getEncoder()).getLayout();
        LoggingEvent event = new LoggingEvent(
                "x", fresh.getLogger("x"), Level.WARN, "token {}", null, new Object[] {RedactionTest.VAULT});
        String line = layout.doLayout(event);
        assertTrue(line.contains("token <redacted>"), line);
        fresh.stop();
    }

    private Logging configure(LogFiles files, boolean verbose, LokiSettings loki, boolean noLoki) {
        return Logging.configure(
                settings(files, verbose, loki, noLoki), new PrintStream(console, true, StandardCharsets.UTF_8), 10_000);
    }

    private static LogSettings settings(LogFiles files, boolean verbose, LokiSettings loki, boolean noLoki) {
        return new LogSettings("token-push", files, verbose, loki, noLoki, "test");
    }

    private static LokiSettings LokiSettings(String host, long timeoutMillis) {
        return new LokiSettings(host, Duration.ofMillis(timeoutMillis));
    }
}
