package io.dbdock.engine;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The engine's own client inside its container, as {@code dbdock shell} and Open shell run it:
 * interactively, or for one statement that a script passes ({@code dbdock shell NAME -c ...}).
 * Both log in with the password file the container already has, never with the password as an argument.
 *
 * @param interactive the client waiting for the user's input (on a terminal, or reading a piped script)
 * @param statement   the client running one statement, printing its result and exiting with its status
 * @param script      the client running a project's init file ({@code dbdock up})
 */
public record ClientCommands(Function<Credentials, List<String>> interactive,
                             BiFunction<Credentials, String, List<String>> statement,
                             ScriptRunner script) {
}
