package dev.managedtokens.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Replaces the start-up logging ({@code logback.xml}: warnings on stderr) with the run's: console on stderr (INFO,
 * DEBUG with {@code -v}), the log file (INFO and above), the debug file (everything), and Loki when configured and
 * not disabled by {@code --no-loki}. {@link #close} sends what Loki still has queued (bounded) and puts the
 * start-up logging back.
 */
public final class Logging implements AutoCloseable {

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(Logging.class);

    /** Libraries whose DEBUG output would drown ours in the debug file. */
    private static final List<String> QUIET_LIBRARIES = List.of(
            "io.opentelemetry",
            "io.prometheus",
            "jdk.internal",
            "sun",
            "javax",
            "jakarta",
            "org.eclipse.angus",
            "com.sun",
            "org.sqlite");

    private final LoggerContext context;
    private final LokiAppender loki;
    private boolean closed;

    private Logging(LoggerContext context, LokiAppender loki) {
        this.context = context;
        this.loki = loki;
    }

    /**
     * For {@code -v} before the configuration is known: the start-up logging at DEBUG, so that loading and checking
     * the configuration can be followed. {@link #configure} then sets the run's levels.
     */
    public static void debugBeforeConfiguration() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.DEBUG);
    }

    /** Configures logging for this run; call once, as early as the configuration is known. */
    public static Logging configure(LogSettings settings) {
        return configure(settings, System.err, LokiAppender.DEFAULT_CAPACITY);
    }

    static Logging configure(LogSettings settings, PrintStream console, int lokiCapacity) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.DEBUG);
        QUIET_LIBRARIES.forEach(name -> context.getLogger(name).setLevel(Level.INFO));

        String exe = settings.executable();
        root.addAppender(consoleAppender(context, exe, console, settings.verbose() ? Level.DEBUG : Level.INFO));
        fileAppender(context, "LOGFILE", exe, settings.files().logFile(), Level.INFO, false, console)
                .ifPresent(root::addAppender);
        fileAppender(context, "DEBUGFILE", exe, settings.files().debugFile(), Level.TRACE, true, console)
                .ifPresent(root::addAppender);

        LokiAppender loki = null;
        if (settings.lokiEnabled()) {
            try {
                loki = new LokiAppender(
                        settings.loki().host(),
                        settings.loki().responseHeaderTimeout(),
                        exe,
                        settings.devEnvironmentLabel(),
                        lokiCapacity,
                        LokiAppender.DEFAULT_BATCH,
                        console);
                loki.setContext(context);
                loki.start();
                root.addAppender(loki);
            } catch (IllegalArgumentException e) {
                loki = null;
                log.error(
                        "loki.host {} does not make a URL ({}); logging without Loki. Set it to e.g."
                                + " http://loki:3100",
                        settings.loki().host(),
                        e.getMessage());
            }
        }
        if (settings.noLoki()) {
            log.info("Loki logging disabled by flag");
        } else if (!settings.loki().enabled()) {
            log.debug("loki.host is empty: not sending logs to Loki");
        }
        return new Logging(context, loki);
    }

    /** Lines Loki never got because its queue was full or it was still behind at close; 0 without Loki. */
    public long lokiDropped() {
        return loki == null ? 0 : loki.dropped();
    }

    /** Flushes and stops the run's appenders, then restores the start-up logging. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (loki != null) loki.stop();
        context.reset();
        try {
            new ContextInitializer(context).autoConfig();
        } catch (JoranException e) {
            // Without logback.xml Logback falls back to its basic console set-up; nothing to do.
        }
    }

    private static Appender<ILoggingEvent> consoleAppender(
            LoggerContext context, String exe, PrintStream console, Level threshold) {
        OutputStreamAppender<ILoggingEvent> appender;
        if (console == System.err) {
            ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
            stderr.setTarget("System.err");
            appender = stderr;
        } else {
            appender = new OutputStreamAppender<>();
            appender.setOutputStream(console);
        }
        appender.setContext(context);
        appender.setName("CONSOLE");
        appender.setEncoder(encoder(context, new KeyValueLayout(exe, false)));
        appender.addFilter(threshold(context, threshold));
        appender.start();
        return appender;
    }

    /**
     * A file appender in append mode, or none when the path is empty or cannot be opened: then the run goes on and
     * says so once on the console (the Go service prints {@code failed to open logfile} for every line).
     */
    private static Optional<Appender<ILoggingEvent>> fileAppender(
            LoggerContext context,
            String name,
            String exe,
            String path,
            Level threshold,
            boolean stackTraces,
            PrintStream console) {
        if (path.isEmpty()) return Optional.empty();
        // Logback would create missing directories; the Go service does not, and a typo should be seen.
        try (OutputStream probe = Files.newOutputStream(
                Path.of(path), StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            probe.flush();
        } catch (IOException | RuntimeException e) {
            console.println("failed to open logfile: " + path + " " + e);
            return Optional.empty();
        }
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(path);
        appender.setAppend(true);
        appender.setEncoder(encoder(context, new KeyValueLayout(exe, stackTraces)));
        appender.addFilter(threshold(context, threshold));
        appender.start();
        return Optional.of(appender);
    }

    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context, KeyValueLayout layout) {
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(java.nio.charset.StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    private static ThresholdFilter threshold(LoggerContext context, Level level) {
        ThresholdFilter filter = new ThresholdFilter();
        filter.setContext(context);
        filter.setLevel(level.toString());
        filter.start();
        return filter;
    }
}
