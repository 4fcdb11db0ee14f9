package io.dbdock.store;

import io.dbdock.model.StorageKind;
import io.dbdock.model.InstanceRecord;
import java.time.Instant;
import java.util.UUID;

/** Instance records for tests that need no real instance behind them. */
public final class TestRecords {
    private TestRecords() {
    }

    public static InstanceRecord record(String name, int port) {
        return new InstanceRecord(UUID.randomUUID(), name, name, "redis", "8", port, "127.0.0.1", StorageKind.FOLDER,
                "/x/" + name, "/x/" + name, "default", "0", Instant.parse("2026-01-02T03:04:05Z"), false);
    }
}
