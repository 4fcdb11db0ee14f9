package io.dbdock.engine;

import java.util.List;
import java.util.function.Function;

/**
 * How dbdock sets the password inside an instance's data back to the stored one (the data was
 * initialised with another). Each engine's documented way in without the old password.
 */
public sealed interface PasswordRepair {

    /**
     * A command run inside the running container, where the database trusts its own local socket
     * (PostgreSQL). It reads the password file; the password is never an argument.
     */
    record Exec(Function<Credentials, List<String>> command) implements PasswordRepair {
    }

    /**
     * One start of the server with a file of statements it runs as it starts, before any client
     * is let in: MySQL's and MariaDB's own password recovery ({@code --init-file}), which needs no
     * old password. The file is copied into the container as a secret and is gone with it once
     * the instance is started normally again.
     *
     * @param path           where the statements file goes inside the container
     * @param statements     the file's SQL, for the stored credentials
     * @param startArguments added to the server command for that one start
     */
    record StartWithInitFile(String path, Function<Credentials, String> statements, List<String> startArguments)
            implements PasswordRepair {
    }
}
