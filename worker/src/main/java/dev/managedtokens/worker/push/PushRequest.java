package dev.managedtokens.worker.push;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Copy one file to one node.
 *
 * @param source         the local file
 * @param account        the remote account ({@code <account>@<node>})
 * @param node           the destination node
 * @param destination    the path on the node
 * @param nodeUnpingable the node failed its ping: a failed push is then not retried
 */
public record PushRequest(
        Path source, String account, String node, String destination, boolean nodeUnpingable, PushOptions options) {

    public PushRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(options, "options");
    }
}
