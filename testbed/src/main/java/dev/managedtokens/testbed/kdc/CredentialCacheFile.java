package dev.managedtokens.testbed.kdc;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an initialised Kerberos FILE credential cache that names a principal but holds no ticket: the "empty
 * cache" a push must be refused with. (A zero-length file is not that: ssh 9.2 here mostly dies of SIGSEGV reading
 * it, exit 139, instead of reporting "Permission denied".)
 */
public final class CredentialCacheFile {

    private static final int FORMAT_VERSION_4 = 0x0504;
    private static final int KRB5_NT_PRINCIPAL = 1;

    private CredentialCacheFile() {}

    /** Writes {@code file} in MIT's FILE cache format 4: header, default principal, no credentials. */
    public static void writeWithoutTickets(Path file, String principal) {
        int at = principal.lastIndexOf('@');
        if (at < 1) {
            throw new IllegalArgumentException("principal '" + principal + "' has no @REALM");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeShort(FORMAT_VERSION_4);
            out.writeShort(0); // no header tags
            String[] components = principal.substring(0, at).split("/");
            out.writeInt(KRB5_NT_PRINCIPAL);
            out.writeInt(components.length);
            counted(out, principal.substring(at + 1));
            for (String c : components) {
                counted(out, c);
            }
            out.flush();
            Files.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write credential cache " + file + ": " + e.getMessage(), e);
        }
    }

    private static void counted(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
