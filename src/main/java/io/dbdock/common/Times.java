package io.dbdock.common;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as people read them (to the second, in this computer's time zone), the same in the window and the CLI. */
public final class Times {
    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Times() {
    }

    public static String human(Instant t) {
        return t == null ? "" : HUMAN.format(t);
    }
}
