package io.dbdock.backup;

/**
 * Progress of a backup or restore for the front ends.
 *
 * @param step  what happens now, in words ("Dumping", "Loading", "Checking the file")
 * @param bytes bytes moved so far
 * @param total bytes expected in all, or -1 when unknown (a dump's size is known only at its end)
 */
public record TransferProgress(String step, long bytes, long total) {
    public int percent() {
        return total > 0 ? (int) Math.min(100, bytes * 100 / total) : -1;
    }
}
