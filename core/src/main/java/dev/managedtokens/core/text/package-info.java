/**
 * The Go behaviours the configuration depends on, reproduced exactly: {@code time.ParseDuration}, google/shlex
 * splitting, {@code {{.Field}}} templates, and the pflag-based option merging for ping and ssh.
 */
package dev.managedtokens.core.text;
