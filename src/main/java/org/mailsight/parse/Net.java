package org.mailsight.parse;

import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/** Shared pieces of mail log syntax: {@code name[addr]:port}, {@code <address>}, SMTP replies. */
public final class Net {
    private Net() {}

    /** Which side of the connection an endpoint is. */
    public enum Side { SOURCE, DESTINATION }

    /**
     * Parses {@code name[addr]} with an optional {@code :port} at the cursor and puts it on the event.
     * The name {@code unknown} (no reverse DNS) is not recorded as a domain. Returns false, without moving,
     * when the text is not of that shape.
     */
    public static boolean endpoint(Cursor c, MailEvent e, Side side) {
        String s = c.text();
        int start = c.pos();
        int end = endpointEnd(s, start);
        if (end < 0) return false;
        int open = s.indexOf('[', start);
        int close = s.indexOf(']', open + 1);
        long port = -1;
        if (close + 1 < end) {
            port = 0;
            for (int p = close + 2; p < end; p++) port = port * 10 + (s.charAt(p) - '0');
        }
        c.pos(end);
        put(e, side, s.substring(start, open), s.substring(open + 1, close), port);
        return true;
    }

    /** Index just past {@code name[addr]} or {@code name[addr]:port} at start, or -1 when not of that shape. */
    public static int endpointEnd(String s, int start) {
        int open = s.indexOf('[', start);
        if (open < 0 || open - start > 255) return -1;
        for (int i = start; i < open; i++) {
            char ch = s.charAt(i);
            if (ch == ' ' || ch == ';' || ch == ',' || ch == ']') return -1;
        }
        int close = s.indexOf(']', open + 1);
        if (close < 0) return -1;
        int p = close + 1;
        int n = s.length();
        if (p + 1 < n && s.charAt(p) == ':' && isDigit(s.charAt(p + 1))) {
            int q = p + 1;
            while (q < n && isDigit(s.charAt(q)) && q - p <= 5) q++;
            return q;
        }
        return p;
    }

    /** Records a name, an address and a port (-1: none) on one side of the connection. */
    public static void put(MailEvent e, Side side, String name, String addr, long port) {
        boolean src = side == Side.SOURCE;
        String ip = ip(addr);
        if (ip != null) {
            e.put(src ? Fields.SOURCE_IP : Fields.DESTINATION_IP, ip);
            e.add(Fields.RELATED_IP, ip);
        } else if (addr != null && !addr.isEmpty() && !"unknown".equals(addr)) {
            e.put(src ? Fields.SOURCE_DOMAIN : Fields.DESTINATION_ADDRESS, addr);
        }
        if (port >= 0 && port <= 65535) e.put(src ? Fields.SOURCE_PORT : Fields.DESTINATION_PORT, port);
        if (name != null && !name.isEmpty() && !"unknown".equals(name) && !name.equals(addr)) {
            e.put(src ? Fields.SOURCE_DOMAIN : Fields.DESTINATION_DOMAIN, name);
            e.add(Fields.RELATED_HOSTS, name);
        }
    }

    /** The address as an IP (IPv6: without Postfix's "IPv6:" prefix), or null when it is not an IP. */
    public static String ip(String addr) {
        if (addr == null || addr.isEmpty()) return null;
        String a = addr.regionMatches(true, 0, "IPv6:", 0, 5) ? addr.substring(5) : addr;
        return isIp(a) ? a : null;
    }

    /** A cheap shape check for IPv4 dotted quads and IPv6 (hex groups and colons, optional dotted tail). */
    public static boolean isIp(String a) {
        int n = a.length();
        if (n < 2 || n > 45) return false;
        if (a.indexOf(':') >= 0) {
            int colons = 0;
            for (int i = 0; i < n; i++) {
                char c = a.charAt(i);
                if (c == ':') colons++;
                else if (!(isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.')) return false;
            }
            return colons >= 2;
        }
        int dots = 0;
        int octet = -1;
        for (int i = 0; i < n; i++) {
            char c = a.charAt(i);
            if (c == '.') {
                if (octet < 0) return false;
                dots++;
                octet = -1;
            } else if (isDigit(c)) {
                octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
                if (octet > 255) return false;
            } else {
                return false;
            }
        }
        return dots == 3 && octet >= 0;
    }

    /** Text inside angle brackets at the cursor ({@code <a@b>} gives a@b, {@code <>} gives ""), or null. */
    public static String angle(Cursor c) {
        if (!c.skip('<')) return null;
        String v = c.until('>');
        return v;
    }

    /**
     * An SMTP reply at the cursor: "550 5.1.1 text" or "550-5.1.1 text", also "5.7.1 text" (enhanced code
     * alone, as cleanup writes). Puts mail.smtp.code, mail.dsn, mail.response; returns false, without moving,
     * when no code starts here.
     */
    public static boolean reply(Cursor c, MailEvent e) {
        String s = c.text();
        int p = c.pos();
        int n = s.length();
        int code = code(s, p);
        boolean hasCode = code > 0;
        int q = p;
        if (hasCode) {
            e.put(Fields.MAIL_SMTP_CODE, codeValue(code));
            q = Math.min(p + 4, n);
        }
        int dsnEnd = dsn(s, q);
        if (dsnEnd > q) {
            e.put(Fields.MAIL_DSN, s.substring(q, dsnEnd));
            if (dsnEnd < n && s.charAt(dsnEnd) == ' ') dsnEnd++;
        } else if (!hasCode) {
            return false;
        }
        e.put(Fields.MAIL_RESPONSE, s.substring(p));
        c.pos(n);
        return true;
    }

    private static final Long[] CODES = new Long[600];
    static {
        for (int i = 200; i < 600; i++) CODES[i] = (long) i;
    }

    /** A shared Long for a reply code (200-599). */
    public static Long codeValue(int code) {
        return code >= 200 && code < 600 ? CODES[code] : Long.valueOf(code);
    }

    /** Marks a failure: error.message, and error.code from the SMTP reply code, else the enhanced status code. */
    public static void error(MailEvent e, String message) {
        Object code = e.get(Fields.MAIL_SMTP_CODE);
        e.put(Fields.ERROR_CODE, code != null ? code.toString() : e.getString(Fields.MAIL_DSN));
        e.put(Fields.ERROR_MESSAGE, message);
    }

    /** The 3-digit SMTP reply code starting at i (followed by space, '-' or the end), or -1. */
    public static int code(String s, int i) {
        int n = s.length();
        if (i + 3 > n || !isDigit(s.charAt(i)) || !isDigit(s.charAt(i + 1)) || !isDigit(s.charAt(i + 2))) return -1;
        if (i + 3 < n && s.charAt(i + 3) != ' ' && s.charAt(i + 3) != '-') return -1;
        int v = (s.charAt(i) - '0') * 100 + (s.charAt(i + 1) - '0') * 10 + (s.charAt(i + 2) - '0');
        return v >= 200 && v < 600 ? v : -1;
    }

    /** End index of an enhanced status code (x.y.z) at i, or i when there is none. */
    public static int dsn(String s, int i) {
        int n = s.length();
        if (i + 5 > n) return i;
        char cls = s.charAt(i);
        if ((cls != '2' && cls != '4' && cls != '5') || s.charAt(i + 1) != '.') return i;
        int j = i + 2;
        int k = j;
        while (k < n && isDigit(s.charAt(k)) && k - j < 3) k++;
        if (k == j || k >= n || s.charAt(k) != '.') return i;
        int m = k + 1;
        int l = m;
        while (l < n && isDigit(s.charAt(l)) && l - m < 3) l++;
        if (l == m || (l < n && s.charAt(l) != ' ' && s.charAt(l) != ',' && s.charAt(l) != ')' && s.charAt(l) != ';'))
            return i;
        return l;
    }

    /** The decimal number between from and to, or -1 when it is not one (empty, other characters, too long). */
    public static long digits(String s, int from, int to) {
        if (to <= from || to - from > 18) return -1;
        long v = 0;
        for (int k = from; k < to; k++) {
            char ch = s.charAt(k);
            if (ch < '0' || ch > '9') return -1;
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The domain part of an address, lower-cased, or null. */
    public static String domainOf(String address) {
        if (address == null) return null;
        int at = address.lastIndexOf('@');
        return at < 0 || at == address.length() - 1 ? null : address.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
