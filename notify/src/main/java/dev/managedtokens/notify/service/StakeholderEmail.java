package dev.managedtokens.notify.service;

import dev.managedtokens.notify.text.ErrorTable;
import dev.managedtokens.notify.text.GoTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * The email to an experiment's stakeholders about the push errors of one service (docs/notifications.md, "The
 * messages"), byte for byte the Go service's {@code serviceErrors} template; rows sorted by node.
 */
public final class StakeholderEmail {

    private StakeholderEmail() {}

    /** {@code Managed Tokens Push Errors for <configName> - <RFC822>}, timed at the start of the run. */
    public static String subject(String service, ZonedDateTime runStarted) {
        return "Managed Tokens Push Errors for " + service + " - " + GoTime.rfc822(runStarted);
    }

    public static String body(ZonedDateTime preparedAt, Map<String, String> messageByNode) {
        return "In the most recent push of your experiment's managed vault tokens to the destination nodes, dated "
                + GoTime.rfc822(preparedAt)
                + ", there were some errors.  Please review them below and take any action if necessary.\n"
                + "\n"
                + "In the table at the end of the messages, there are generally two courses of action we recommend:\n"
                + "\n"
                + "    1)  If the error mentions that a node was not pingable, please try to log in to that node."
                + "  If you can't, open a ServiceNow ticket to Scientific Server Support.\n"
                + "    2)  For any other error, if you have any questions, please open a ticket to the Distributed"
                + " Computing Support group.\n"
                + "\n"
                + ErrorTable.pushErrors(new TreeMap<>(messageByNode))
                + "\n\n"
                + "If you have any other questions, please open a Service Desk ticket to the Distributed Computing"
                + " Support group.\n"
                + "\n"
                + "Thank you very much,\n"
                + "The FIFE group\n"
                + "\n\n";
    }
}
