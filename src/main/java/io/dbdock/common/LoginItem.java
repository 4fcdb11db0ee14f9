package io.dbdock.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * "Start dbdock at login": an XDG autostart entry on Linux, a LaunchAgent on macOS, the Run key
 * on Windows (the last two are written as documented by Apple and Microsoft, and untested here).
 * dbdock starts hidden to the tray ({@code --tray}).
 */
public final class LoginItem {
    private static final String RUN_KEY = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
    private final Platform platform;
    private final Path home;
    private final Map<String, String> env;

    LoginItem(Platform platform, Path home, Map<String, String> env) {
        this.platform = platform;
        this.home = home;
        this.env = env;
    }

    public static LoginItem forThisComputer() {
        return new LoginItem(Platform.current(), Path.of(System.getProperty("user.home")), System.getenv());
    }

    /** Where the entry lives (the registry key on Windows). */
    public String location() {
        return platform == Platform.WINDOWS ? RUN_KEY + "\\dbdock" : file().toString();
    }

    Path file() {
        if (platform == Platform.MACOS) {
            return home.resolve("Library/LaunchAgents/io.dbdock.plist");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
        return config.resolve("autostart").resolve("dbdock.desktop");
    }

    public boolean isEnabled() {
        if (platform == Platform.WINDOWS) {
            return run(List.of("reg", "query", RUN_KEY, "/v", "dbdock")) == 0;
        }
        return Files.isRegularFile(file());
    }

    /** Makes the desktop run {@code command} (dbdock's launcher) with --tray at login. */
    public void enable(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--tray");
        try {
            switch (platform) {
                case WINDOWS -> {
                    if (run(List.of("reg", "add", RUN_KEY, "/v", "dbdock", "/t", "REG_SZ", "/d", windowsCommandLine(args), "/f")) != 0) {
                        throw new IOException("reg add failed");
                    }
                }
                case MACOS -> write(launchAgent(args));
                default -> write(desktopEntry(args));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UserFacingException(Problem.FAILED, "Cannot set dbdock to start at login (" + location() + "): "
                    + e.getMessage(), e);
        }
    }

    public void disable() {
        try {
            if (platform == Platform.WINDOWS) {
                run(List.of("reg", "delete", RUN_KEY, "/v", "dbdock", "/f"));
            } else {
                Files.deleteIfExists(file());
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UserFacingException(Problem.FAILED, "Cannot remove " + location() + ": " + e.getMessage(), e);
        }
    }

    private void write(String content) throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), content, StandardCharsets.UTF_8);
    }

    static String desktopEntry(List<String> args) {
        StringBuilder exec = new StringBuilder();
        for (String a : args) {
            if (exec.length() > 0) {
                exec.append(' ');
            }
            exec.append(quoteForExec(a));
        }
        return """
                [Desktop Entry]
                Type=Application
                Name=dbdock
                Comment=Local databases in Docker, started hidden in the tray
                Exec=%s
                Icon=dbdock
                Terminal=false
                X-GNOME-Autostart-enabled=true
                """.formatted(exec);
    }

    /** The desktop entry spec: quote arguments with reserved characters; escape ", `, $ and \\ inside quotes. */
    static String quoteForExec(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> " \t\n\"'\\><~|&;$*?#()`=%".indexOf(c) >= 0)) {
            return arg;
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : arg.toCharArray()) {
            if (c == '"' || c == '`' || c == '$' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }

    static String launchAgent(List<String> args) {
        StringBuilder list = new StringBuilder();
        for (String a : args) {
            list.append("    <string>").append(a.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).append("</string>\n");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                  <key>Label</key>
                  <string>io.dbdock</string>
                  <key>ProgramArguments</key>
                  <array>
                %s  </array>
                  <key>RunAtLoad</key>
                  <true/>
                </dict>
                </plist>
                """.formatted(list);
    }

    static String windowsCommandLine(List<String> args) {
        List<String> quoted = args.stream().map(a -> a.contains(" ") ? "\"" + a + "\"" : a).toList();
        return String.join(" ", quoted);
    }

    /**
     * How this dbdock was started, to start it the same way at login: the installed launcher
     * (jpackage sets jpackage.app-path), else this Java with this jar.
     */
    public static List<String> currentLauncher() {
        String app = System.getProperty("jpackage.app-path");
        if (app != null && !app.isBlank()) {
            return List.of(app);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", Platform.current() == Platform.WINDOWS ? "javaw" : "java").toString();
        try {
            Path jar = Path.of(LoginItem.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return List.of(java, "-jar", jar.toString());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new UserFacingException(Problem.FAILED, "Cannot tell how dbdock was started, so it cannot start at login.", e);
        }
    }

    private static int run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
