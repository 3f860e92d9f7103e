package org.mailsight.enrich;

/**
 * IP address literals to bytes, by hand: {@link java.net.InetAddress#getByName} would resolve anything that is not
 * a valid literal through DNS, and the enricher does no I/O.
 */
public final class IpLiteral {
    private IpLiteral() {}

    /** 4 bytes for IPv4, 16 for IPv6 (a zone such as {@code %eth0} is ignored), or null when it is no IP literal. */
    public static byte[] parse(String s) {
        if (s == null) return null;
        int end = s.indexOf('%');
        if (end < 0) end = s.length();
        if (end < 2 || end > 45) return null;
        if (s.indexOf(':') >= 0) return v6(s, end);
        byte[] b = new byte[4];
        return v4(s, 0, end, b, 0) ? b : null;
    }

    /** A dotted quad in s[from, to) written into b at offset; false when it is not one. */
    private static boolean v4(String s, int from, int to, byte[] b, int offset) {
        int part = 0;
        int value = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (value < 0 || part == 3) return false;
                b[offset + part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) return false;
            } else {
                return false;
            }
        }
        if (value < 0 || part != 3) return false;
        b[offset + 3] = (byte) value;
        return true;
    }

    private static byte[] v6(String s, int end) {
        int[] groups = new int[8];
        int n = 0;
        int gap = -1; // index in groups where "::" stands
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == end) return new byte[16];
        } else if (s.charAt(0) == ':') {
            return null;
        }
        byte[] tail = null;
        while (i < end) {
            int start = i;
            int value = 0;
            while (i < end && i - start < 5) {
                int d = hex(s.charAt(i));
                if (d < 0) break;
                value = value * 16 + d;
                i++;
            }
            if (i < end && s.charAt(i) == '.') { // a dotted IPv4 tail
                if (n > 6) return null;
                tail = new byte[4];
                if (!v4(s, start, end, tail, 0)) return null;
                i = end;
                break;
            }
            if (i == start || i - start > 4 || n == 8) return null;
            groups[n++] = value;
            if (i == end) break;
            if (s.charAt(i) != ':') return null;
            i++;
            if (i < end && s.charAt(i) == ':') {
                if (gap >= 0) return null;
                gap = n;
                i++;
                if (i == end) break;
            } else if (i == end) {
                return null; // a trailing single colon
            }
        }
        int words = n + (tail != null ? 2 : 0);
        if (gap < 0 ? words != 8 : words > 7) return null;
        byte[] b = new byte[16];
        int back = tail != null ? 12 : 16; // where the groups after the gap end
        int k = 0;
        for (int g = 0; g < (gap < 0 ? n : gap); g++, k += 2) put(b, k, groups[g]);
        int after = gap < 0 ? 0 : n - gap;
        k = back - 2 * after;
        for (int g = n - after; g < n; g++, k += 2) put(b, k, groups[g]);
        if (tail != null) System.arraycopy(tail, 0, b, 12, 4);
        return b;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private static void put(byte[] b, int at, int word) {
        b[at] = (byte) (word >>> 8);
        b[at + 1] = (byte) word;
    }
}
