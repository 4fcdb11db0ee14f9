package io.dbdock.backup;

import java.util.Arrays;

/**
 * The first and the last bytes of a stream seen in passing (a dump being written or a file being
 * read), to check that it starts and ends like a complete dump without keeping it in memory.
 */
public final class DumpEnds {
    private static final int HEAD = 64;
    private static final int TAIL = 8192;

    private final byte[] head = new byte[HEAD];
    private final byte[] ring = new byte[TAIL];
    private int headLength;
    private long total;

    public void add(byte[] b, int off, int len) {
        int take = Math.min(HEAD - headLength, len);
        if (take > 0) {
            System.arraycopy(b, off, head, headLength, take);
            headLength += take;
        }
        for (int i = Math.max(0, len - TAIL); i < len; i++) {
            ring[(int) ((total + i) % TAIL)] = b[off + i];
        }
        total += len;
    }

    /** Bytes seen so far. */
    public long total() {
        return total;
    }

    public byte[] head() {
        return Arrays.copyOf(head, headLength);
    }

    /** The last bytes seen (up to 8 KB), in order. */
    public byte[] tail() {
        int kept = (int) Math.min(total, TAIL);
        byte[] out = new byte[kept];
        for (int i = 0; i < kept; i++) {
            out[i] = ring[(int) ((total - kept + i) % TAIL)];
        }
        return out;
    }
}
