package dev.managedtokens.core.config;

/** {@code logs.<executable>.logfile} (INFO and above) and {@code .debugfile} (everything); empty when not configured. */
public record LogFiles(String logFile, String debugFile) {
    public static final LogFiles NONE = new LogFiles("", "");
}
