package dev.managedtokens.kerberos;

import dev.managedtokens.core.files.OwnedPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Optional;

/**
 * The check ssh makes of a private key, made of a keytab before kinit reads it: the file must belong to the
 * account that uses it and be readable by that account alone. A keytab that others can read has leaked its keys
 * to them; one that another account owns can be read or swapped by that account. Either way the service stops
 * at the Kerberos step with the fix, instead of running on a key that is no longer only ours.
 *
 * <p>Root (which token-push and refresh-uids-from-ferry refuse outside tests) is exempt from the owner rule only:
 * it can read every file anyway, so another owner gives no one more than they had. The mode rule holds for all.
 */
public final class KeytabPermissions {

    private static final int GROUP_OR_OTHERS = 0077;
    private static final int REGULAR = 0100000;
    private static final int TYPE_MASK = 0170000;

    private KeytabPermissions() {}

    /**
     * Why the keytab must not be used by the account {@code uid}, as one line naming it, its owner and mode and
     * the fix; empty when it may. A missing or unreadable keytab is left to kinit, whose message says so.
     */
    public static Optional<String> problem(Path keytab, int uid) {
        Map<String, Object> a;
        try {
            // Through a link: what kinit reads is the target, so that is what must be private.
            a = Files.readAttributes(keytab, "unix:uid,mode,owner");
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        int owner = (Integer) a.get("uid");
        int mode = (Integer) a.get("mode");
        String ownerName = ((UserPrincipal) a.get("owner")).getName();
        String found = "owner " + ownerName + " (uid " + owner + "), mode " + String.format("%04o", mode & 07777);
        String account = accountName(uid);
        if ((mode & TYPE_MASK) != REGULAR) {
            return Optional.of("keytab " + keytab + " is not a regular file (" + found + "); point keytabPath at the"
                    + " service's keytab file");
        }
        if (owner != uid && uid != 0) {
            return Optional.of("keytab " + keytab + " belongs to another account (" + found + "), not to the account"
                    + " running this (" + account + ", uid " + uid + "); refusing to use it: chown " + account + " "
                    + keytab + "; chmod 600 " + keytab);
        }
        if ((mode & GROUP_OR_OTHERS) != 0) {
            return Optional.of("keytab " + keytab + " is readable or writable by group or others (" + found
                    + "); refusing to use it, and its keys should be considered exposed: chmod 600 " + keytab
                    + (owner == uid ? "" : "; chown " + account + " " + keytab));
        }
        return Optional.empty();
    }

    /** The account's name for the chown in a message: ours when it is us, else its number (chown takes both). */
    private static String accountName(int uid) {
        String me = System.getProperty("user.name");
        return uid == OwnedPaths.currentUid() && me != null && !me.isBlank() ? me : String.valueOf(uid);
    }
}
