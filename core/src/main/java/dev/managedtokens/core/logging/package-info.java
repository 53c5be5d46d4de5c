/**
 * Logging set-up: Logback configured in code from the run's configuration (console, log file, debug file, Loki),
 * lines in the Go service's {@code key=value} form with the MDC context, and a redaction safety net so no vault
 * token, JWT or password reaches any log destination.
 */
package dev.managedtokens.core.logging;
