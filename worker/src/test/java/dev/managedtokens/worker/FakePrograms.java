package dev.managedtokens.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-ins for external programs in unit tests: small shell scripts in a temp directory put first on PATH, each
 * appending what it saw to a call log. Only for argv, environment, ordering and output-parsing checks; the real
 * programs are exercised by the integration tests.
 */
public final class FakePrograms {

    private final Path bin;
    private final Path log;

    public FakePrograms(Path dir) {
        try {
            this.bin = Files.createDirectories(dir.resolve("bin"));
            this.log = dir.resolve("calls.log");
            Files.writeString(log, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Installs {@code name} with {@code body} run by {@code /bin/sh}; {@code $FAKE_LOG} is the call log. */
    public Path install(String name, String body) {
        Path p = bin.resolve(name);
        try {
            Files.writeString(p, "#!/bin/sh\n" + body + "\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** An environment whose PATH finds the fakes first, with {@code FAKE_LOG} set, plus {@code extra}. */
    public Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("FAKE_LOG", log.toString());
        env.putAll(extra);
        return env;
    }

    public Map<String, String> environment() {
        return environment(Map.of());
    }

    public List<String> calls() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path log() {
        return log;
    }

    public Path bin() {
        return bin;
    }
}
