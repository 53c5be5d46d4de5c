package dev.managedtokens.tokenpush.check;

import java.util.List;
import java.util.OptionalLong;

/** Every link of one service, in the order the run uses them. */
record ServiceCheckResult(
        String service, String serviceName, String account, OptionalLong uid, List<LinkResult> links) {

    public ServiceCheckResult {
        links = List.copyOf(links);
    }
}
