package dev.managedtokens.core.cli;

import dev.managedtokens.core.Version;
import picocli.CommandLine;

/** {@code --version} prints the Go service's banner, which operators' scripts may match. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {Version.current().banner()};
    }
}
