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
        c.pos(counters);
        while (!c.atEnd()) {
            String item = c.word();
            if (item.endsWith(",")) item = item.substring(0, item.length() - 1);
            int eq = item.indexOf('=');
            if (eq <= 0) continue;
            String key = item.substring(0, eq);
            String value = item.substring(eq + 1);
            int slash = value.indexOf('/');
            if (slash > 0 && key.equals("bytes")) {
                // managesieve "bytes=312/1024": in/out
                put(e, "dovecot.in", value.substring(0, slash));
                put(e, "dovecot.out", value.substring(slash + 1));
            } else if (slash > 0) {
                // POP3 "retr=1/2345": count/bytes, "del=1/1": deleted/total
                put(e, NAMES.of(key), value.substring(0, slash));
                put(e, NAMES.of(key.equals("del") ? "del_total" : key + "_bytes"), value.substring(slash + 1));
            } else {
                put(e, NAMES.of(key), value);
            }
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

    private static void put(MailEvent e, String key, String v) {
        try {
            e.put(key, Long.parseLong(v));
        } catch (NumberFormatException ex) {
            e.put(key, v);
        }
    }
}
