package dev.managedtokens.testbed;

import java.nio.file.Path;

/** One line of the passwd database, as far as a bed needs it. */
record PasswdEntry(String name, int uid, int gid, Path home) {

    /** Parses {@code name:x:uid:gid:gecos:home:shell}. */
    static PasswdEntry parse(String line) {
        String[] f = line.strip().split(":", -1);
        if (f.length < 7) {
            throw new IllegalArgumentException("not a passwd line: " + line);
        }
        return new PasswdEntry(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Path.of(f[5]));
    }
}
