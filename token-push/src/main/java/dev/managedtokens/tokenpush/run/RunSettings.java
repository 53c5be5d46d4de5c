package dev.managedtokens.tokenpush.run;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The few run-wide settings the run itself needs; everything per service is in the plan's requests, so the
 * configuration is not passed down into the run.
 *
 * @param storerConcurrency how many services may be in the token step at once
 * @param globalTimeout     the configured global timeout, for the reason of a step it kept from starting
 * @param databaseFile      the database location, beside which the services' runtime directories live
 */
public record RunSettings(int storerConcurrency, Duration globalTimeout, Path databaseFile) {}
