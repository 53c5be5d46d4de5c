/**
 * The configuration file, read once: {@link dev.managedtokens.core.config.ConfigLoader} finds and validates it into a
 * {@link dev.managedtokens.core.config.Config} plus every {@link dev.managedtokens.core.config.ConfigProblem};
 * {@link dev.managedtokens.core.config.ServiceSelector} picks the services of a run and resolves each into a
 * {@link dev.managedtokens.core.config.ServiceSettings} with the override rule applied in one place. Every key is
 * declared once, in the registry {@code ConfigKeys} (docs/configuration-keys-registry.md), which the reader, the
 * resolver and the validator all work from.
 */
package dev.managedtokens.core.config;
