package org.mailsight.output;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A byte buffer in front of an output stream: UTF-8 text, JSON strings and numbers written straight into it, the
 * stream written only when it is full or flushed. Output matches what Jackson's generator over a UTF-8 writer gave:
 * control characters escaped ({@code \n} and the like, else {@code \\u00XX} in upper-case hex), {@code "} and
 * {@code \} escaped, everything else as is, a lone surrogate as {@code ?}.
 */
final class ByteSink {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** For each ASCII character: 0 to copy, 'u' for a \\u00XX escape, else the letter after the backslash. */
    private static final byte[] ESCAPE = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) ESCAPE[c] = 'u';
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
        ESCAPE['\b'] = 'b';
        ESCAPE['\t'] = 't';
        ESCAPE['\f'] = 'f';
        ESCAPE['\n'] = 'n';
        ESCAPE['\r'] = 'r';
    }

    private final OutputStream out;
    byte[] buf;
    int pos;

    ByteSink(OutputStream out, int size) {
        this.out = out;
        this.buf = new byte[size];
    }

    /** Room for n more bytes. */
    void ensure(int n) throws IOException {
        if (pos + n <= buf.length) return;
        drain();
        if (n > buf.length) buf = new byte[Math.max(n, 2 * buf.length)];
    }

    void write(byte b) throws IOException {
        if (pos == buf.length) drain();
        buf[pos++] = b;
    }

    void write(byte[] b) throws IOException {
        if (b.length > buf.length / 2) { // a large block goes straight through
            drain();
            out.write(b);
            return;
        }
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    void ascii(String s) throws IOException {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) buf[pos++] = (byte) s.charAt(i);
    }

    /** A JSON string, quoted and escaped, as UTF-8. */
    void jsonString(String s) throws IOException {
        int n = s.length();
        ensure(6 * n + 2); // the longest a char can grow (a \\u00XX escape)
        byte[] b = buf;
        int p = pos;
        b[p++] = '"';
        int i = 0;
        while (i < n && plain(s.charAt(i))) i++;
        if (i > 0) { // the plain start in one copy
            s.getBytes(0, i, b, p);
            p += i;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte esc = ESCAPE[c];
                if (esc == 0) {
                    b[p++] = (byte) c;
                } else if (esc == 'u') {
                    b[p++] = '\\';
                    b[p++] = 'u';
                    b[p++] = '0';
                    b[p++] = '0';
                    b[p++] = HEX[c >> 4];
                    b[p++] = HEX[c & 0xF];
                } else {
                    b[p++] = '\\';
                    b[p++] = esc;
                }
            } else {
                p = utf8(s, i, c, b, p);
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            }
        }
        b[p++] = '"';
        pos = p;
    }

    /** An ASCII character a JSON string holds as is (the deprecated String.getBytes copies exactly these). */
    private static boolean plain(char c) {
        return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
    }

    /** Plain text as UTF-8 (CSV). */
    void utf8(String s) throws IOException {
        int n = s.length();
        ensure(3 * n);
        byte[] b = buf;
        int p = pos;
        int i = 0;
        while (i < n && s.charAt(i) < 0x80) i++;
        if (i > 0) { // the ASCII start in one copy
            s.getBytes(0, i, b, p);
            p += i;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else {
                p = utf8(s, i, c, b, p);
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            }
        }
        pos = p;
    }

    /** Encodes the non-ASCII char at i (with its low surrogate when it is a pair's first half). */
    private static int utf8(String s, int i, char c, byte[] b, int p) {
        if (c < 0x800) {
            b[p++] = (byte) (0xC0 | (c >> 6));
            b[p++] = (byte) (0x80 | (c & 0x3F));
        } else if (!Character.isSurrogate(c)) {
            b[p++] = (byte) (0xE0 | (c >> 12));
            b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            b[p++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            b[p++] = (byte) (0xF0 | (cp >> 18));
            b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            b[p++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            b[p++] = '?'; // what the UTF-8 encoder of a writer puts for a lone surrogate
        }
        return p;
    }

    /** Decimal digits of a long. */
    void number(long v) throws IOException {
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v));
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) digits++;
        int end = pos + digits;
        for (int p = end - 1; p >= pos; p--) {
            buf[p] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        pos = end;
    }

    /** Zero-padded decimal of a small non-negative int. */
    void padded(int v, int width) throws IOException {
        ensure(width);
        for (int p = pos + width - 1; p >= pos; p--) {
            buf[p] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        pos += width;
    }

    /** Writes the buffer to the stream, without flushing the stream. */
    void drain() throws IOException {
        if (pos > 0) out.write(buf, 0, pos);
        pos = 0;
    }

    void flush() throws IOException {
        drain();
        out.flush();
    }
}
