package io.dbdock.cli;

import picocli.CommandLine;

/** The version from the jar's manifest (the pom's version), or "development" when run from classes. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    public static String version() {
        return io.dbdock.common.BuildInfo.version();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"dbdock " + version()};
    }
}
