package dev.managedtokens.worker.push;

/** One file pushed to one node. */
public record FilePushResult(String node, PushedFile file, PushResult result) {

    public boolean succeeded() {
        return result.succeeded();
    }
}
