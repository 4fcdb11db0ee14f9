package io.dbdock.instance;

import io.dbdock.model.InstanceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * What the last login probe of an instance found wrong, kept beside its record (a file
 * {@value #FILE} in its folder) by whichever dbdock process probed: the window's monitor, a start,
 * a create. Read-only commands log in to nothing, so this is how {@code dbdock list} still says
 * Unhealthy (and why) for a server that answers but refuses the stored password.
 */
final class RefusedLogins {
    static final String FILE = "unhealthy";

    private RefusedLogins() {
    }

    /** Called on every state change a process publishes: Unhealthy is written down, Ready or a stop clears it. */
    static void remember(InstanceRecord r, InstanceState state, String detail) {
        if (r.home() == null) {
            return;
        }
        Path file = Path.of(r.home(), FILE);
        try {
            if (state == InstanceState.UNHEALTHY) {
                if (Files.isDirectory(file.getParent())) {
                    Path tmp = file.resolveSibling(FILE + ".tmp");
                    Files.writeString(tmp, detail == null ? "" : detail, StandardCharsets.UTF_8);
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            } else if (state == InstanceState.READY || state == InstanceState.STOPPED || state == InstanceState.MISSING) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LoggerFactory.getLogger(RefusedLogins.class).info("Could not note the state of {}: {}", r.name(), e.toString());
        }
    }

    /** Why the last probe found the instance unhealthy, if it did and nothing has cleared it since. */
    static Optional<String> last(InstanceRecord r) {
        if (r.home() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(Path.of(r.home(), FILE), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
