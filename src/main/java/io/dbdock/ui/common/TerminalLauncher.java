package io.dbdock.ui.common;

import io.dbdock.common.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Opens a command in the system's terminal: the first terminal found on the PATH (Linux), Terminal
 * (macOS) or a new console window (Windows). Says so when there is none, so the caller can copy
 * the command instead.
 */
public final class TerminalLauncher {
    /** Linux terminals in order of preference, with the option that runs a command. */
    private static final List<List<String>> LINUX = List.of(
            List.of("x-terminal-emulator", "-e"),
            List.of("gnome-terminal", "--"),
            List.of("konsole", "-e"),
            List.of("xfce4-terminal", "-x"),
            List.of("kitty"),
            List.of("alacritty", "-e"),
            List.of("xterm", "-e"));
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private final String path;
    private final Platform platform;

    public TerminalLauncher(String path, Platform platform) {
        this.path = path == null ? "" : path;
        this.platform = platform;
    }

    public static TerminalLauncher forThisComputer() {
        return new TerminalLauncher(System.getenv("PATH"), Platform.current());
    }

    /** The full command line that opens {@code command} in a terminal, or empty if none is known here. */
    public Optional<List<String>> terminalCommand(List<String> command) {
        switch (platform) {
            case MACOS -> {
                return Optional.of(List.of("osascript", "-e",
                        "tell application \"Terminal\" to do script \"" + join(command).replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
            }
            case WINDOWS -> {
                List<String> cmd = new ArrayList<>(List.of("cmd", "/c", "start", "dbdock", "cmd", "/k"));
                cmd.addAll(command);
                return Optional.of(cmd);
            }
            default -> {
                for (List<String> terminal : LINUX) {
                    if (onPath(terminal.get(0))) {
                        List<String> cmd = new ArrayList<>(terminal);
                        cmd.addAll(command);
                        return Optional.of(cmd);
                    }
                }
                return Optional.empty();
            }
        }
    }

    /** Starts the terminal; false when no terminal could be found or started. */
    public boolean open(List<String> command) {
        Optional<List<String>> cmd = terminalCommand(command);
        if (cmd.isEmpty()) {
            return false;
        }
        try {
            new ProcessBuilder(cmd.get()).inheritIO().start();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean onPath(String program) {
        return io.dbdock.common.Executables.onPath(program, path);
    }

    /** The command as one line a shell reads back the same way (single-quoting where needed). */
    public static String join(List<String> command) {
        List<String> words = new ArrayList<>();
        for (String w : command) {
            words.add(PLAIN_WORD.matcher(w).matches() ? w : "'" + w.replace("'", "'\\''") + "'");
        }
        return String.join(" ", words);
    }
}
