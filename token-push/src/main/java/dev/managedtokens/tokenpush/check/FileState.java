package dev.managedtokens.tokenpush.check;

import java.util.OptionalLong;

/**
 * A token file as the check found it (locally or on a node); never its contents.
 *
 * @param mode       the permission bits, e.g. {@code 0400}
 * @param ageSeconds now minus the modification time, by the clock of the host that holds the file
 */
record FileState(
        String path,
        boolean present,
        int uid,
        String owner,
        int mode,
        long size,
        long mtimeEpochSecond,
        long ageSeconds) {

    public static FileState missing(String path) {
        return new FileState(path, false, -1, "", 0, 0, 0, 0);
    }

    public OptionalLong age() {
        return present ? OptionalLong.of(ageSeconds) : OptionalLong.empty();
    }
}
