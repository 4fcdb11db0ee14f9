package io.dbdock.ui.common;

import io.dbdock.common.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether the desktop prefers dark windows (JavaFX 21 cannot tell): GNOME's color-scheme, macOS's
 * AppleInterfaceStyle, Windows' AppsUseLightTheme. Runs a small command: never on the FX thread.
 */
public final class DesktopTheme {
    private DesktopTheme() {
    }

    public static boolean prefersDark() {
        return switch (Platform.current()) {
            case LINUX -> output(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme")).contains("dark")
                    || output(List.of("gsettings", "get", "org.gnome.desktop.interface", "gtk-theme")).toLowerCase().contains("dark");
            case MACOS -> output(List.of("defaults", "read", "-g", "AppleInterfaceStyle")).contains("Dark");
            case WINDOWS -> output(List.of("reg", "query",
                    "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize", "/v", "AppsUseLightTheme"))
                    .matches("(?s).*AppsUseLightTheme\\s+REG_DWORD\\s+0x0\\b.*");
        };
    }

    /** Resolves a theme setting ("system", "light", "dark") to dark or not. */
    public static boolean isDark(String setting) {
        return switch (setting) {
            case "dark" -> true;
            case "light" -> false;
            default -> prefersDark();
        };
    }

    private static String output(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
