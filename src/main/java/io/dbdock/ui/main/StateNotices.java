package io.dbdock.ui.main;

import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which state changes are worth a notification: an instance became Ready after starting, it
 * failed, or it stopped without this app asking (a crash, `docker stop`; a stop by another dbdock
 * process, the command line or another window, is told as news).
 * Stops that dbdock itself performs pass through Stopping first and are not announced.
 */
public final class StateNotices {
    private static final Set<InstanceState> ON_THE_WAY_UP = EnumSet.of(InstanceState.CREATING, InstanceState.PULLING,
            InstanceState.STARTING);
    private static final Set<InstanceState> UP = EnumSet.of(InstanceState.STARTING, InstanceState.READY, InstanceState.UNHEALTHY);

    private StateNotices() {
    }

    public static Optional<MainViewModel.Notice> forChange(String name, int port, InstanceState before, InstanceState after,
                                                           String detail) {
        if (before == null || before == after) {
            return Optional.empty();
        }
        if (after == InstanceState.READY && ON_THE_WAY_UP.contains(before)) {
            return Optional.of(new MainViewModel.Notice(name + " is ready on port " + port + ".", false));
        }
        if (after == InstanceState.ERROR) {
            return Optional.of(new MainViewModel.Notice(name + " failed" + (detail == null || detail.isBlank() ? "." : ": " + detail),
                    true));
        }
        if (UP.contains(before) && after == InstanceState.STOPPED) {
            if (detail != null && detail.startsWith(InstanceSnapshot.STOPPED_BY_ANOTHER_DBDOCK)) {
                // The user did it, elsewhere: news, not a failure.
                return Optional.of(new MainViewModel.Notice(name + " was stopped from the command line or another dbdock window.", false));
            }
            return Optional.of(new MainViewModel.Notice(name + " stopped outside dbdock.", true));
        }
        if (after == InstanceState.MISSING && before != InstanceState.UNKNOWN) {
            return Optional.of(new MainViewModel.Notice(name + "'s container was removed outside dbdock; its data is kept.", true));
        }
        return Optional.empty();
    }
}
