package dev.managedtokens.core.config;

/** The Pushgateway: {@code prometheus.host} and {@code prometheus.jobname}. */
public record PrometheusSettings(String host, String jobName) {

    public static final String DEFAULT_JOB_NAME = "managed_tokens";

    /** {@code jobname} (or {@code managed_tokens} when empty), with {@code _<label>} unless the label is {@code production}. */
    public String effectiveJobName(String devEnvironmentLabel) {
        String base = jobName.isEmpty() ? DEFAULT_JOB_NAME : jobName;
        return Config.PRODUCTION.equals(devEnvironmentLabel) ? base : base + "_" + devEnvironmentLabel;
    }
}
