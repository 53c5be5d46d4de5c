package dev.managedtokens.tokenpush.plan;

import dev.managedtokens.core.config.TimeoutKey;
import dev.managedtokens.core.config.WorkerType;
import java.util.Optional;

/**
 * The stages of a run, in order. Each ties together the three names one stage goes by: the {@code stage} label of
 * {@code stage_duration_seconds} (as the Go service names it), the {@code timeouts} key that bounds it and the
 * {@code workerType} key its retries are configured under. See docs/pipeline-steps.md.
 */
public enum Stage {
    SETUP("setup", null, null),
    KERBEROS("getKerberosTickets", TimeoutKey.KERBEROS, WorkerType.GET_KERBEROS_TICKETS),
    /** condor_vault_storer in every credd. */
    TOKEN("storeAndGetTokens", TimeoutKey.VAULT_STORER, WorkerType.STORE_AND_GET_TOKEN),
    /** htgettoken alone, for getToken services. */
    GET_TOKEN("getTokens", TimeoutKey.VAULT_STORER, WorkerType.GET_TOKEN),
    PING("pingNodes", TimeoutKey.PING, WorkerType.PING_AGGREGATOR),
    PUSH("pushTokens", TimeoutKey.PUSH, WorkerType.PUSH_TOKENS);

    private final String stageLabel;
    private final TimeoutKey timeoutKey;
    private final WorkerType workerType;

    Stage(String stageLabel, TimeoutKey timeoutKey, WorkerType workerType) {
        this.stageLabel = stageLabel;
        this.timeoutKey = timeoutKey;
        this.workerType = workerType;
    }

    /** The {@code stage} label of {@code stage_duration_seconds}, and the stage a summary line names. */
    public String stageLabel() {
        return stageLabel;
    }

    /** The {@code timeouts} key of one call of this stage; empty for set-up, which only the global timeout bounds. */
    public Optional<TimeoutKey> timeoutKey() {
        return Optional.ofNullable(timeoutKey);
    }

    /** The {@code workerType} key of this stage's retry settings; empty for set-up. */
    public Optional<WorkerType> workerType() {
        return Optional.ofNullable(workerType);
    }
}
