package org.mailsight.ship;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines out of a stream that may still grow, with the byte offset of each: a line without its newline yet stays
 * buffered until the newline arrives (or {@link #rest()} takes it at the end of a file that will not grow).
 * Bad UTF-8 becomes U+FFFD. A line longer than {@link #MAX} bytes is cut there (the parser tags it too long).
 */
final class LineReader {
    static final int MAX = 4 << 20;
    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int end;
    private long offset; // offset of buf[start]
    private long lineStart;

    LineReader(InputStream in, long offset) {
        this.in = in;
        this.offset = offset;
    }

    /** Offset after the last line returned. */
    long offset() {
        return offset;
    }

    /** Start offset of the last line returned. */
    long lineStart() {
        return lineStart;
    }

    /** Bytes read past the last line returned (a line without its newline yet). */
    int buffered() {
        return end - start;
    }

    /** The next complete line, or null when none is there yet. */
    String next() throws IOException {
        while (true) {
            for (int i = start; i < end; i++) {
                if (buf[i] == '\n') return take(i, i + 1);
            }
            if (end - start >= MAX) return take(end, end);
            if (!fill()) return null;
        }
    }

    /** The last line of a file that ends without a newline, or null. */
    String rest() throws IOException {
        while (fill()) {
            String l = next();
            if (l != null) return l;
        }
        return end > start ? take(end, end) : null;
    }

    private String take(int lineEnd, int next) {
        int e = lineEnd;
        if (e > start && buf[e - 1] == '\r') e--;
        String line = new String(buf, start, e - start, StandardCharsets.UTF_8);
        lineStart = offset;
        offset += next - start;
        start = next;
        return line;
    }

    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) buf = java.util.Arrays.copyOf(buf, Math.min(MAX, buf.length * 2));
        int n = in.read(buf, end, buf.length - end);
        if (n <= 0) return false;
        end += n;
        return true;
    }
}
