package org.mailsight.dovecot;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;

/**
 * The end of an IMAP/POP3 session: {@code Logged out in=50 out=847 deleted=0 expunged=0 ...},
 * {@code Disconnected: Connection closed (...) in=0 out=0}, POP3 {@code top=0/0, retr=1/2345, del=1/1, size=2345}.
 */
final class SessionEnd {
    static final org.mailsight.event.FieldNames NAMES = new org.mailsight.event.FieldNames("dovecot.");
    private SessionEnd() {}

    static boolean parse(Cursor c, MailEvent e) {
        String s = c.text();
        int p = c.pos();
        int end = s.length();
        int state = s.lastIndexOf(" (state=");
        if (state > p && s.endsWith(")")) {
            e.put("dovecot.state", s.substring(state + 8, s.length() - 1));
            end = state;
            s = s.substring(0, end);
            c = new Cursor(s, p);
        }
        int counters = counters(s, p);
        boolean known = s.startsWith("Logged out", p) || s.startsWith("Disconnected", p)
                || s.startsWith("Connection closed", p) || s.startsWith("Server shutting down", p)
                || s.startsWith("Disconnect from ", p);
        if (!known && counters == s.length()) return false; // any other reason comes with the session counters
        if (s.startsWith("Disconnect from ", p)) {
            // submission: "Disconnect from 192.0.2.10: Client has quit the connection in=1 out=2 (state=READY)"
            int colon = s.indexOf(": ", p);
            if (colon > 0) org.mailsight.parse.Net.put(e, org.mailsight.parse.Net.Side.SOURCE, null,
                    s.substring(p + 16, colon), -1);
        }
        String reason = s.substring(p, counters).trim();
        if (reason.endsWith(":")) reason = reason.substring(0, reason.length() - 1);
        e.put(Fields.EVENT_REASON, reason);
        Actions.set(e, "mailbox-logout");
        // "key=value" or "key=a/b", separated by spaces (and commas in POP3): read in place, numbers without copies
        int i = counters;
        int n = s.length();
        while (i < n) {
            int next = s.indexOf(' ', i);
            if (next < 0) next = n;
            int stop = next > i && s.charAt(next - 1) == ',' ? next - 1 : next;
            int eq = s.indexOf('=', i);
            if (eq > i && eq < stop) {
                String key = counter(s, i, eq);
                int slash = s.indexOf('/', eq);
                if (slash > eq && slash < stop) {
                    // POP3 "retr=1/2345": count/bytes, "del=1/1": deleted/total; managesieve "bytes=312/1024": in/out
                    boolean bytes = key.equals("bytes");
                    put(e, bytes ? "dovecot.in" : NAMES.of(key), s, eq + 1, slash);
                    put(e, bytes ? "dovecot.out" : NAMES.of(key.equals("del") ? "del_total" : key + "_bytes"), s,
                            slash + 1, stop);
                } else {
                    put(e, NAMES.of(key), s, eq + 1, stop);
                }
            }
            i = next + 1;
        }
        return true;
    }

    /** Index where "key=value" counters start (the first " in=" or " top="), or the end. */
    private static int counters(String s, int p) {
        for (String k : new String[] {" in=", " top=", " bytes="}) {
            int i = s.indexOf(k, p);
            if (i >= 0) return i + 1;
        }
        return s.length();
    }

    private static final String[] COUNTERS = {"in", "out", "deleted", "expunged", "trashed", "hdr_count",
        "hdr_bytes", "body_count", "body_bytes", "top", "retr", "del", "size", "bytes"};

    /** A counter's name as a shared constant when it is a known one. */
    private static String counter(String s, int from, int to) {
        for (String c : COUNTERS) if (c.length() == to - from && s.startsWith(c, from)) return c;
        return s.substring(from, to);
    }

    /** The text from..to as a number, or as text when it is not one. */
    private static void put(MailEvent e, String key, String s, int from, int to) {
        long v = org.mailsight.parse.Net.digits(s, from, to);
        if (v >= 0) e.put(key, Long.valueOf(v));
        else e.put(key, s.substring(from, to));
    }
}
