/**
 * The one rule every module applies to the files and directories it writes: never through a symbolic link, only
 * into what the running account owns, and secrets only in files nobody else can read.
 */
package dev.managedtokens.core.files;
