package dev.managedtokens.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version and build time of this build, as Maven wrote them into {@code version.properties}. */
public record Version(String version, String buildTimestamp) {

    public static Version current() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the core jar; rebuild with Maven");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version.properties from the core jar", e);
        }
        return new Version(p.getProperty("version"), p.getProperty("buildTimestamp"));
    }

    /** The line the Go service prints for {@code --version}; operators' scripts may grep it. */
    public String banner() {
        return "Managed tokens library version " + version + ", build " + buildTimestamp;
    }
}
