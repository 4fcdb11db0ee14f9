package io.dbdock.instance;

import io.dbdock.model.InstanceRecord;

/**
 * An instance as it is now: what dbdock remembers plus its live state.
 *
 * @param detail   a short reason or remark for the state (why Error, what Unhealthy means), or empty
 * @param progress pull progress in percent while Pulling, otherwise -1
 */
public record InstanceSnapshot(InstanceRecord record, InstanceState state, String detail, int progress) {
    /** How the detail of a stop made by another dbdock process (the command line, another window) begins. */
    public static final String STOPPED_BY_ANOTHER_DBDOCK = "Stopped by another dbdock";

    public InstanceSnapshot {
        detail = detail == null ? "" : detail;
    }

    public String name() {
        return record.name();
    }
}
