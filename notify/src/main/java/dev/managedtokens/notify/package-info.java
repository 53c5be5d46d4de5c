/**
 * Notifications at the end of a run: stakeholder emails about push errors, the admin email and the admin Slack
 * message, with the Go service's consecutive-error threshold kept in the SQLite file. Entry point
 * {@link dev.managedtokens.notify.NotificationDispatcher}.
 *
 * <h2>Using it</h2>
 * <pre>{@code
 * NotificationDispatcher dispatcher = new NotificationDispatcher(NotifierSettings.fromConfig(config), database);
 * NotificationOutcome outcome = dispatcher.dispatch(NotificationRequest.tokenPush(
 *         testMode, runStarted, config.notifications().forRun(testMode), policy,
 *         List.of(new RunService("dune_production", List.of("dune-admins@example.org"))),
 *         new RunErrors(List.of(new SetupError("dune_production", "Could not ping the following nodes: dune02")),
 *                       List.of(new PushError("dune_production", "dune02", "Could not push vault token to node")))));
 * // outcome.deliveries(): one Delivery per message, with timestamps and durations for the metrics;
 * // outcome.gauges(): the current_setup_error_count / current_push_error_count values.
 * }</pre>
 * <ul>
 *   <li>{@link dev.managedtokens.notify.RunService}: a service whose errors are counted (keyed by its configName
 *       {@code E_R}) and whose stakeholders ({@code experiments.<E>.emails}) get the push-error email. A service with
 *       no error in the run has its stored counts reset to 0. Leave out services that never got past set-up if
 *       their counts should stay as they are (the Go service does).</li>
 *   <li>{@link dev.managedtokens.notify.SetupError} and {@link dev.managedtokens.notify.PushError}, gathered in
 *       {@link dev.managedtokens.notify.RunErrors}. An error whose key is not a {@code RunService} is run-level:
 *       it goes to the admins at once, uncounted (token-push's {@code Could not open or create
 *       ManagedTokensDatabase} under {@code token-push}; every refresh-uids-from-ferry error, see
 *       {@link dev.managedtokens.notify.NotificationRequest#refreshUids}).</li>
 *   <li>{@link dev.managedtokens.notify.NotificationOutcome}: per message a {@link dev.managedtokens.notify.Delivery}
 *       (channel, recipients, subject, sent or the one-line reason, when it finished, how long it took), the gauges
 *       and the count problems. The metrics helper maps them to {@code managed_tokens_admin_error_email_last_sent_timestamp
 *       {notification_type, success}}, {@code managed_tokens_admin_error_email_send_duration_seconds{notification_type}},
 *       {@code managed_tokens_service_error_email_last_sent_timestamp{service, success}},
 *       {@code managed_tokens_service_error_email_send_duration_seconds}, {@code managed_tokens_current_setup_error_count
 *       {service}} and {@code managed_tokens_current_push_error_count{service, node}}.</li>
 * </ul>
 *
 * <h2>The rules (docs/notifications.md)</h2>
 * <ul>
 *   <li>Each error of a counted service adds one to its count (setup: per service; push: per service and node).
 *       When the new count reaches {@code errorCountToSendMessage} the error is sent and the count restarts at 0;
 *       otherwise it is kept silent. Counts are saved before anything is sent: changed ones as they are, unchanged
 *       non-zero ones as 0. Without a database every error is sent and nothing is saved.</li>
 *   <li>Push errors that pass go to the service's stakeholders (one email, table of node and message) and to the
 *       admins; setup errors that pass go to the admins only. The admins get one email (every key sorted, its setup
 *       errors and a push-error table) and one Slack message (a flat list), both only when there is something to
 *       report; with {@code --test} and nothing to report Slack gets {@code Test run completed successfully}.</li>
 *   <li>{@link dev.managedtokens.core.config.NotificationPolicy}: a disabled service's errors go nowhere and its
 *       counts are not touched; a blocked admin channel sends nothing.</li>
 *   <li>Every message is sent concurrently; all of them are bounded by {@code sendTimeout}. A message that fails or
 *       times out is logged and reported as not sent; {@code dispatch} never throws because of it.</li>
 * </ul>
 *
 * <h2>Where we deliberately differ from the Go service</h2>
 * <ul>
 *   <li>Keyed by configName everywhere; a service without {@code emails} is still counted and reported to the
 *       admins.</li>
 *   <li>The first push error on a node counts as 1 like any other error; names missing from the
 *       {@code services}/{@code nodes} tables are registered when their counts are saved, so counts accumulate.</li>
 *   <li>Slack bodies are real JSON (Jackson); the webhook URL's path never appears in logs or outcomes.</li>
 *   <li>SMTP can require STARTTLS, use implicit TLS (port 465) and authenticate
 *       ({@link dev.managedtokens.notify.email.SmtpSecurity}); credentials are only sent over TLS. Certificates and
 *       host names are always verified.</li>
 *   <li>Table rows and the Slack list are sorted (random in the Go service). The email and Slack sends are bounded by
 *       the send timeout and happen before the metrics are pushed, so their metrics can be pushed.</li>
 * </ul>
 */
package dev.managedtokens.notify;
