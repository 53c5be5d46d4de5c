package dev.managedtokens.ferry.run;

/** The stages of a run, labelled as the Go service labels {@code managed_tokens_stage_duration_seconds{stage}}. */
public enum Stage {
    /** From start-up to the first FERRY request: configuration, database, authentication (JWT login included). */
    SETUP("setup"),
    /** Every FERRY request, from the first sent to the last answered. */
    GET_FERRY_DATA("getFERRYData"),
    /** The upsert and its read-back. */
    REFRESH_DB("refreshManagedTokensDB");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    /** The metric label value. */
    public String label() {
        return label;
    }
}
