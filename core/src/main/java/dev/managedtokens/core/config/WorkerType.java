package dev.managedtokens.core.config;

import java.util.Optional;

/** The worker types of the {@code workerType} section, each tied to the stage timeout its retries must fit in. */
public enum WorkerType {
    GET_KERBEROS_TICKETS("getKerberosTickets", TimeoutKey.KERBEROS),
    GET_TOKEN("getToken", TimeoutKey.VAULT_STORER),
    STORE_AND_GET_TOKEN("storeAndGetToken", TimeoutKey.VAULT_STORER),
    PING_AGGREGATOR("pingAggregator", TimeoutKey.PING),
    PUSH_TOKENS("pushTokens", TimeoutKey.PUSH);

    private final String configString;
    private final TimeoutKey stageTimeout;

    WorkerType(String configString, TimeoutKey stageTimeout) {
        this.configString = configString;
        this.stageTimeout = stageTimeout;
    }

    /** The Go type name with a lower-case first letter, e.g. {@code pushTokens}. */
    public String configString() {
        return configString;
    }

    public TimeoutKey stageTimeoutKey() {
        return stageTimeout;
    }

    /** Exact, case-sensitive, as the Go service compares values ({@code GetKerberosTickets} is rejected). */
    public static Optional<WorkerType> fromConfigString(String s) {
        for (WorkerType w : values()) {
            if (w.configString.equals(s)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }
}
