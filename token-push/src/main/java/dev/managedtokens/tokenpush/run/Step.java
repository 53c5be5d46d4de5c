package dev.managedtokens.tokenpush.run;

/** The steps of a service's pipeline, in order; a failure names the step it happened in. */
public enum Step {
    SETUP("setup"),
    KERBEROS("getKerberosTickets"),
    /** condor_vault_storer in every credd. */
    TOKEN("storeAndGetTokens"),
    /** htgettoken alone, for getToken services. */
    GET_TOKEN("getTokens"),
    PING("pingNodes"),
    PUSH("pushTokens");

    private final String stageLabel;

    Step(String stageLabel) {
        this.stageLabel = stageLabel;
    }

    /** The {@code stage} label of {@code stage_duration_seconds}, as the Go service names it. */
    public String stageLabel() {
        return stageLabel;
    }
}
