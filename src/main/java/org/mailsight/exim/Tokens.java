package org.mailsight.exim;

import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;
import org.mailsight.parse.TlsVersion;

/**
 * Exim's {@code KEY=value} fields ({@code H=}, {@code P=}, {@code X=}, {@code A=}, {@code S=}, {@code T="..."},
 * {@code C="..."}, ...), bare flags ({@code K}, {@code L}, {@code PRDR}, {@code CHUNKING}) and the trailing
 * {@code from <sender>} and {@code for rcpt...}. Stops, without consuming it, at anything else.
 */
final class Tokens {
    private Tokens() {}

    enum Kind { ARRIVAL, DELIVERY, SESSION }

    private static final org.mailsight.event.FieldNames OTHER = new org.mailsight.event.FieldNames("exim.field.");

    static void fields(Cursor c, MailEvent e, Kind kind) {
        String s = c.text();
        Net.Side peer = kind == Kind.DELIVERY ? Net.Side.DESTINATION : Net.Side.SOURCE;
        while (!c.atEnd()) {
            int p = c.pos();
            int eq = keyEnd(s, p);
            if (eq > 0) {
                String key = key(s, p, eq);
                c.pos(eq + 1);
                if (key.equals("H")) {
                    EximParser.host(c, e, peer);
                } else {
                    String value = value(c);
                    if (value == null) return;
                    field(key, value, e, kind);
                }
            } else if (c.skip("from <")) {
                String from = c.until('>');
                if (from == null) return;
                if (kind == Kind.ARRIVAL) e.put("exim.header_from", from);
                else e.add(Fields.EMAIL_FROM, from);
            } else if (c.skip("for ")) {
                // the rest of an arrival line: its recipients
                for (String r : c.rest().split(" ")) if (!r.isEmpty()) e.add(Fields.EMAIL_TO, r);
                return;
            } else if (flag(s, p)) {
                int end = s.indexOf(' ', p);
                if (end < 0) end = s.length();
                e.add("exim.flags", s.substring(p, end));
                c.pos(end);
            } else {
                return;
            }
            if (!c.skip(' ')) return;
        }
    }

    private static final String[] FLAGS = {"K", "L", "PRDR", "CHUNKING", "*"};

    /**
     * A flag word, alone or with its marks: Exim's pipelining selector writes {@code L.}, {@code L-}, {@code L*}
     * and combinations such as {@code L.-}.
     */
    private static boolean flag(String s, int p) {
        for (String f : FLAGS) {
            if (!s.startsWith(f, p)) continue;
            int end = p + f.length();
            while (end < s.length() && ".-*+".indexOf(s.charAt(end)) >= 0) end++;
            if (end == s.length() || s.charAt(end) == ' ') return true;
        }
        return false;
    }

    private static final String[] KEYS = {"H", "I", "P", "X", "CV", "SNI", "DN", "A", "S", "M8S", "id", "T", "R", "U",
        "F", "C", "QT", "DT", "RT", "ST", "D", "DKIM", "Q", "K", "L"};

    /** The key between from and to as a shared constant when it is a known one (no copy per field). */
    private static String key(String s, int from, int to) {
        int len = to - from;
        for (String k : KEYS) if (k.length() == len && s.startsWith(k, from)) return k;
        return s.substring(from, to);
    }

    /** End of a field key (upper case, digits, or "id") at p, pointing at its '=', or -1. */
    private static int keyEnd(String s, int p) {
        if (s.startsWith("id=", p)) return p + 2;
        int i = p;
        while (i < s.length() && i - p < 4 && (Character.isUpperCase(s.charAt(i)) || Character.isDigit(s.charAt(i)))) {
            i++;
        }
        return i > p && i < s.length() && s.charAt(i) == '=' ? i : -1;
    }

    /** A value: "quoted with \" escapes" or up to the next space (a trailing ':' before a reason is left). */
    private static String value(Cursor c) {
        String s = c.text();
        int p = c.pos();
        if (p < s.length() && s.charAt(p) == '"') {
            StringBuilder b = new StringBuilder();
            int i = p + 1;
            while (i < s.length() && s.charAt(i) != '"') {
                if (s.charAt(i) == '\\' && i + 1 < s.length()) i++;
                b.append(s.charAt(i++));
            }
            if (i >= s.length()) return null;
            c.pos(i + 1);
            return b.toString();
        }
        int end = p;
        while (end < s.length() && s.charAt(end) != ' '
                && !(s.charAt(end) == ':' && (end + 1 == s.length() || s.charAt(end + 1) == ' '))) {
            end++;
        }
        c.pos(end);
        return s.substring(p, end);
    }

    private static void field(String key, String v, MailEvent e, Kind kind) {
        switch (key) {
            case "P" -> {
                if (kind == Kind.DELIVERY) {
                    e.put("exim.return_path", v.startsWith("<") && v.endsWith(">") ? v.substring(1, v.length() - 1) : v);
                    return;
                }
                e.put(Fields.MAIL_PROTOCOL, v);
                if (v.endsWith("sa") || v.equals("esmtpa")) e.put("exim.authenticated", Boolean.TRUE);
            }
            case "I" -> {
                // I=[ip]:port
                int close = v.indexOf(']');
                if (v.startsWith("[") && close > 1) {
                    e.put("exim.interface.ip", v.substring(1, close));
                    long port = 0;
                    int k = close + 2;
                    for (; k < v.length() && Character.isDigit(v.charAt(k)) && k - close < 8; k++) {
                        port = port * 10 + (v.charAt(k) - '0');
                    }
                    if (k > close + 2) e.put("exim.interface.port", port);
                }
            }
            case "X" -> tls(v, e);
            case "CV" -> e.put("exim.tls.cert_verified", v);
            case "SNI" -> e.put("tls.client.server_name", v);
            case "DN" -> e.put(kind == Kind.DELIVERY ? Fields.TLS_SERVER_SUBJECT : Fields.TLS_CLIENT_SUBJECT, v);
            case "A" -> {
                // A=authenticator:id[:sender]
                int colon = v.indexOf(':');
                e.put(Fields.MAIL_AUTH_METHOD, colon < 0 ? v : v.substring(0, colon));
                if (colon >= 0 && colon + 1 < v.length()) {
                    int second = v.indexOf(':', colon + 1);
                    String user = second < 0 ? v.substring(colon + 1) : v.substring(colon + 1, second);
                    if (second >= 0) e.put(Fields.MAIL_AUTH_SENDER, v.substring(second + 1));
                    e.put(Fields.USER_NAME, user);
                    e.add(Fields.RELATED_USER, user);
                }
            }
            case "S" -> number(Fields.MAIL_SIZE, v, e);
            case "M8S" -> number("exim.message_8bit_size", v, e);
            case "id" -> e.put(Fields.EMAIL_MESSAGE_ID, v.length() > 1 && v.startsWith("<") && v.endsWith(">")
                    ? v.substring(1, v.length() - 1) : v);
            case "T" -> {
                if (kind == Kind.ARRIVAL) e.put(Fields.EMAIL_SUBJECT, v);
                else e.put(Fields.MAIL_TRANSPORT, v);
            }
            case "R" -> {
                if (kind == Kind.ARRIVAL) e.put("exim.bounce_reference", v);
                else e.put("exim.router", v);
            }
            case "U" -> {
                e.put("exim.local_user", v);
                e.add(Fields.RELATED_USER, v);
            }
            case "F" -> e.add(Fields.EMAIL_FROM, v.startsWith("<") && v.endsWith(">") ? v.substring(1, v.length() - 1) : v);
            case "C" -> {
                if (kind == Kind.SESSION) {
                    e.put("exim.commands", v); // "no MAIL in SMTP connection ... C=EHLO,QUIT"
                    return;
                }
                e.put(Fields.MAIL_RESPONSE, v);
                int code = Net.code(v, 0);
                if (code > 0) e.put(Fields.MAIL_SMTP_CODE, Net.codeValue(code));
                int dsnEnd = Net.dsn(v, Math.min(4, v.length()));
                if (code > 0 && dsnEnd > 4) e.put(Fields.MAIL_DSN, v.substring(4, dsnEnd));
            }
            case "QT" -> e.put(Fields.MAIL_DELAY, Durations.seconds(v));
            case "DT" -> e.put(Fields.MAIL_DELAYS_TRANSMISSION, Durations.seconds(v));
            case "RT" -> e.put(Fields.MAIL_DELAYS_BEFORE_QUEUE, Durations.seconds(v));
            case "ST" -> e.put("exim.shadow_transport", v);
            case "D" -> e.put("exim.duration", Durations.seconds(v));
            case "DKIM" -> e.put("exim.dkim.domain", v);
            case "Q" -> e.put("exim.queue", v);
            default -> e.put(OTHER.of(key.toLowerCase(java.util.Locale.ROOT)), v);
        }
    }

    private static void number(String field, String v, MailEvent e) {
        try {
            e.put(field, Long.parseLong(v));
        } catch (NumberFormatException ignored) {
            // not a number: left out
        }
    }

    /** {@code X=TLS1.3:TLS_AES_256_GCM_SHA384:256} (OpenSSL) or {@code X=TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256} (GnuTLS). */
    static void tls(String v, MailEvent e) {
        int a = v.indexOf(':');
        int b = a < 0 ? -1 : v.indexOf(':', a + 1);
        TlsVersion.put(a < 0 ? v : v.substring(0, a), e);
        e.put(Fields.TLS_ESTABLISHED, Boolean.TRUE);
        if (a >= 0) e.put(Fields.TLS_CIPHER, b < 0 ? v.substring(a + 1) : v.substring(a + 1, b));
        if (b >= 0) number("exim.tls.bits", v.substring(b + 1), e);
    }
}
