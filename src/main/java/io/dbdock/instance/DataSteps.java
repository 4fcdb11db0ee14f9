package io.dbdock.instance;

import io.dbdock.backup.TransferProgress;
import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import java.util.function.Consumer;

/** What the data operations share: the time stamp of new storage, "must be Ready first", progress reports. */
final class DataSteps {
    private DataSteps() {
    }

    static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);

    static void requireReady(InstanceSnapshot s, String purpose) {
        if (s.state() != InstanceState.READY) {
            throw new UserFacingException(Problem.FAILED, "'" + s.record().name() + "' did not become ready " + purpose
                    + (s.detail() == null || s.detail().isBlank() ? "" : ": " + s.detail()) + ". Nothing was changed.", null);
        }
    }

    static void report(Consumer<TransferProgress> progress, TransferProgress p) {
        if (progress != null) {
            progress.accept(p);
        }
    }
}
