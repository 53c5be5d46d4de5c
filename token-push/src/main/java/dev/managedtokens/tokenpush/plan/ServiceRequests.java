package dev.managedtokens.tokenpush.plan;

import dev.managedtokens.worker.ping.PingRequest;
import java.util.Optional;

/**
 * Every step's finished request for one service: what the run executes and {@code --dry-run} prints. Ping and push
 * are empty when the mode stops after the token (test mode, onboarding without {@code -p}).
 *
 * @param ping its timeout is the configured {@code pingTimeout}; the run caps it by the global deadline
 */
public record ServiceRequests(
        KerberosRequest kerberos, TokenRequest token, Optional<PingRequest> ping, Optional<PushPlan> push) {}
