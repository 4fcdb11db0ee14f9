package io.dbdock.common;

import java.util.Locale;

/** The host operating system, for the few places where dbdock behaves differently per OS. */
public enum Platform {
    LINUX, MACOS, WINDOWS;

    public static Platform current() {
        return of(System.getProperty("os.name", ""));
    }

    static Platform of(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return WINDOWS;
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return MACOS;
        }
        return LINUX;
    }
}
