package dev.managedtokens.testbed;

import java.nio.file.Path;

/**
 * A service account of the bed: a UNIX account on every node whose {@code ~/.k5login} lists {@code principal}, and
 * that principal's keytab (owned by the operator, mode 0600, as on an admin host).
 *
 * @param name      the name in the {@link TestbedSpec}, e.g. {@code dunepro}
 * @param user      the UNIX account, the bed's prefix plus {@code name}; what the tool's {@code account} is
 * @param principal {@code <user>/managedtokens/<admin host>@REALM}
 * @param keytab    {@code <bed>/keytabs/<user>.keytab}
 */
public record ServiceAccount(String name, String user, int uid, int gid, Path home, String principal, Path keytab) {}
