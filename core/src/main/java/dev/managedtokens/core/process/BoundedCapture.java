package dev.managedtokens.core.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a child wrote to one stream, kept to a bounded head and tail: a program that writes a gigabyte costs us
 * {@code headLimit + TAIL_LIMIT} bytes, and the message still shows how it started and how it ended.
 */
final class BoundedCapture {

    /** The end of the output is what usually holds the error; keep a fixed amount of it. */
    static final int TAIL_LIMIT = 64 * 1024;

    private final int headLimit;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final byte[] tail = new byte[TAIL_LIMIT];
    private int tailStart;
    private int tailLength;
    private long dropped;

    BoundedCapture(int headLimit) {
        this.headLimit = headLimit;
    }

    synchronized void write(byte[] buf, int off, int len) {
        int toHead = Math.min(len, headLimit - head.size());
        if (toHead > 0) {
            head.write(buf, off, toHead);
            off += toHead;
            len -= toHead;
        }
        if (len == 0) return;
        if (len >= TAIL_LIMIT) {
            dropped += tailLength + (len - TAIL_LIMIT);
            System.arraycopy(buf, off + len - TAIL_LIMIT, tail, 0, TAIL_LIMIT);
            tailStart = 0;
            tailLength = TAIL_LIMIT;
            return;
        }
        int overflow = tailLength + len - TAIL_LIMIT;
        if (overflow > 0) {
            tailStart = (tailStart + overflow) % TAIL_LIMIT;
            tailLength -= overflow;
            dropped += overflow;
        }
        int writeAt = (tailStart + tailLength) % TAIL_LIMIT;
        int first = Math.min(len, TAIL_LIMIT - writeAt);
        System.arraycopy(buf, off, tail, writeAt, first);
        System.arraycopy(buf, off + first, tail, 0, len - first);
        tailLength += len;
    }

    /** How many bytes were read but not kept. */
    synchronized long dropped() {
        return dropped;
    }

    /** The head, a marker saying how much was left out (if anything was), and the tail. */
    synchronized String text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.size() + tailLength + 64);
        out.writeBytes(head.toByteArray());
        if (dropped > 0) {
            out.writeBytes(("\n[... " + dropped + " bytes of output left out ...]\n").getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < tailLength; i++) {
            out.write(tail[(tailStart + i) % TAIL_LIMIT]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
