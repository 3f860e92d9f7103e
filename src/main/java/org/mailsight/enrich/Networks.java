package org.mailsight.enrich;

/**
 * What kind of network an address belongs to, for the addresses no GeoIP database can place: the special-purpose
 * ranges of the IANA IPv4 and IPv6 registries (RFC 6890 and its successors). Anything else is {@code public}.
 */
final class Networks {
    private Networks() {}

    static final String PUBLIC = "public";
    static final String PRIVATE = "private";         // RFC 1918, IPv6 unique local (RFC 4193)
    static final String LOOPBACK = "loopback";
    static final String LINK_LOCAL = "link_local";
    static final String DOCUMENTATION = "documentation"; // RFC 5737, RFC 3849, RFC 9637
    static final String CGNAT = "cgnat";             // shared address space (RFC 6598)
    static final String MULTICAST = "multicast";
    static final String RESERVED = "reserved";       // unspecified, "this network", benchmarking, 240/4, ...

    private record Range(int[] prefix, int bits, String kind) {}

    private static Range v4(int a, int b, int c, int bits, String kind) {
        return new Range(new int[] {a, b, c}, bits, kind);
    }

    private static Range v6(int w0, int w1, int bits, String kind) {
        return new Range(new int[] {w0 >>> 8, w0 & 0xff, w1 >>> 8, w1 & 0xff, 0, 0, 0, 0}, bits, kind);
    }

    private static final Range[] V4 = {
        v4(0, 0, 0, 8, RESERVED),
        v4(10, 0, 0, 8, PRIVATE),
        v4(100, 64, 0, 10, CGNAT),
        v4(127, 0, 0, 8, LOOPBACK),
        v4(169, 254, 0, 16, LINK_LOCAL),
        v4(172, 16, 0, 12, PRIVATE),
        v4(192, 0, 0, 24, RESERVED),
        v4(192, 0, 2, 24, DOCUMENTATION),
        v4(192, 168, 0, 16, PRIVATE),
        v4(198, 18, 0, 15, RESERVED),
        v4(198, 51, 100, 24, DOCUMENTATION),
        v4(203, 0, 113, 24, DOCUMENTATION),
        v4(224, 0, 0, 4, MULTICAST),
        v4(240, 0, 0, 4, RESERVED),
    };

    private static final Range[] V6 = {
        v6(0x0100, 0, 64, RESERVED),     // discard-only
        v6(0x2001, 0x0db8, 32, DOCUMENTATION),
        v6(0x3fff, 0, 20, DOCUMENTATION),
        v6(0xfc00, 0, 7, PRIVATE),
        v6(0xfe80, 0, 10, LINK_LOCAL),
        v6(0xfec0, 0, 10, PRIVATE),     // deprecated site-local
        v6(0xff00, 0, 8, MULTICAST),
    };

    /** The kind of a 4- or 16-byte address; IPv4-mapped and IPv4-compatible IPv6 addresses as their IPv4. */
    static String kind(byte[] a) {
        if (a.length == 16) {
            byte[] v4 = embeddedV4(a);
            if (v4 != null) return kind(v4);
            if (zeroUpTo(a, 15)) return a[15] == 1 ? LOOPBACK : RESERVED; // ::1, ::
            return match(a, V6);
        }
        return match(a, V4);
    }

    /** The IPv4 address inside ::ffff:a.b.c.d or ::a.b.c.d (not :: and ::1), or null. */
    static byte[] embeddedV4(byte[] a) {
        if (a.length != 16 || !zeroUpTo(a, 10)) return null;
        boolean mapped = (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
        boolean compatible = a[10] == 0 && a[11] == 0 && (a[12] != 0 || a[13] != 0 || (a[14] & 0xff) > 0);
        if (!mapped && !compatible) return null;
        return new byte[] {a[12], a[13], a[14], a[15]};
    }

    private static boolean zeroUpTo(byte[] a, int n) {
        for (int i = 0; i < n; i++) if (a[i] != 0) return false;
        return true;
    }

    private static String match(byte[] a, Range[] ranges) {
        for (Range r : ranges) {
            int full = r.bits / 8;
            int rest = r.bits % 8;
            boolean in = true;
            for (int i = 0; i < full && in; i++) in = (a[i] & 0xff) == r.prefix[i];
            if (in && rest > 0) {
                int mask = (0xff << (8 - rest)) & 0xff;
                in = ((a[full] & 0xff) & mask) == (r.prefix[full] & mask);
            }
            if (in) return r.kind;
        }
        return PUBLIC;
    }
}
