package io.dbdock.common;

/** What this build of dbdock is: the version from the jar's manifest ("development" when run from classes). */
public final class BuildInfo {
    private BuildInfo() {
    }

    public static String version() {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
