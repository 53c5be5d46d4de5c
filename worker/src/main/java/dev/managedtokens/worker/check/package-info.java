/**
 * Read-only probes for {@code token-push check}: each asks one link of a service's chain whether it would work
 * now (keytab contents, a credd's stored credential, the token files on a node) without storing, minting or
 * writing anything. They run every program through the process runner, like the run's workers.
 */
package dev.managedtokens.worker.check;
