package dev.managedtokens.core.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Go service's (logrus) text form: {@code time="..." level=info msg="..." key=value ...}, fields sorted by key,
 * a value quoted only when it needs to be. The fields are the MDC context ({@code service}, {@code node},
 * {@code credd}, ...), {@code executable}, and {@code error} for an exception. Everything is redacted.
 */
final class KeyValueLayout extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());

    private final String executable;
    private final boolean stackTraces;

    /** @param stackTraces also write an exception's stack trace after the line (the debug file) */
    KeyValueLayout(String executable, boolean stackTraces) {
        this.executable = executable;
        this.stackTraces = stackTraces;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        line.append("time=\"")
                .append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp())))
                .append('"');
        line.append(" level=").append(LogLevels.logrusName(event.getLevel()));
        line.append(" msg=");
        appendValue(line, Redaction.redact(event.getFormattedMessage()));
        for (Map.Entry<String, String> field : fields(event, executable).entrySet()) {
            line.append(' ').append(field.getKey()).append('=');
            appendValue(line, field.getValue());
        }
        line.append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (stackTraces && thrown != null) {
            line.append(Redaction.redact(ThrowableProxyUtil.asString(thrown)));
        }
        return line.toString();
    }

    /** The sorted, redacted fields of a line: MDC, {@code executable}, and {@code error} for an exception. */
    static Map<String, String> fields(ILoggingEvent event, String executable) {
        Map<String, String> fields = new TreeMap<>();
        event.getMDCPropertyMap().forEach((k, v) -> fields.put(k, Redaction.redact(v)));
        if (!executable.isEmpty()) fields.putIfAbsent("executable", executable);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            String text = thrown.getMessage() == null
                    ? thrown.getClassName()
                    : thrown.getClassName() + ": " + thrown.getMessage();
            fields.put("error", Redaction.redact(text));
        }
        return fields;
    }

    /** logrus quotes a value unless it is only letters, digits and {@code -._/@^+}. */
    static void appendValue(StringBuilder out, String value) {
        String v = value == null ? "" : value;
        if (!needsQuoting(v)) {
            out.append(v);
            return;
        }
        out.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\x%02x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    private static boolean needsQuoting(String v) {
        if (v.isEmpty()) return false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-._/@^+".indexOf(c) >= 0;
            if (!plain) return true;
        }
        return false;
    }
}
