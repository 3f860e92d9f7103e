package org.mailsight.dovecot;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/** imap-login, pop3-login, submission-login, managesieve-login: logins, failed logins and why they ended. */
final class LoginLine {
    private LoginLine() {}

    static boolean parse(Cursor c, MailEvent e) {
        String s = c.text();
        int p = c.pos();
        int colon = s.indexOf(": user=<", p);
        if (colon < 0) colon = s.indexOf(": rip=", p);
        if (colon < 0) return false;
        // "Login" (2.3) or "Logged in" (2.4)
        boolean login = colon - p == 5 && s.startsWith("Login", p) || colon - p == 9 && s.startsWith("Logged in", p);
        String what = login ? null : s.substring(p, colon);
        c.pos(colon + 2);
        params(c, e);
        if (login) {
            Actions.set(e, "mailbox-login");
            return true;
        }
        e.put(Fields.EVENT_REASON, what);
        if (what.contains("auth failed") || what.contains("(auth_failed)") || what.contains("disallowed plaintext auth")
                || what.contains("Password mismatch") || what.contains("(auth_") || what.contains("(user disabled)")
                || what.contains("(password expired)")) {
            Actions.set(e, "auth-failed");
            int attempts = what.indexOf("auth failed, ");
            if (attempts >= 0) {
                Cursor a = new Cursor(what, attempts + 13);
                long n = a.number();
                if (n >= 0) e.put("dovecot.auth_attempts", n);
            }
        } else if (what.startsWith("Aborted login (") && Character.isDigit(what.charAt(15))) {
            // Dovecot 1.x/2.0: "Aborted login (2 authentication attempts)"
            long n = new Cursor(what, 15).number();
            e.put("dovecot.auth_attempts", n);
            Actions.set(e, n > 0 ? "auth-failed" : "disconnect");
        } else if (what.startsWith("Maximum number of connections")) {
            Actions.set(e, "rejected");
        } else if (what.contains("TLS handshaking") || what.contains("TLS handshake")) {
            Actions.set(e, "tls-failed");
        } else {
            Actions.set(e, "disconnect");
        }
        return true;
    }

    private static final String[] AFTER_USER = {">, method=", ">, rip=", ">, lip="};

    /**
     * Where the client's user name ends: at the last of the elements Dovecot writes after it (in its order), so a
     * name containing {@code >, method=...} keeps it; -1 when none follows.
     */
    private static int userEnd(String s, int from) {
        for (String k : AFTER_USER) {
            int i = s.lastIndexOf(k);
            if (i > from) return i;
        }
        return s.indexOf(">, ", from);
    }

    /** {@code user=<a>, method=PLAIN, rip=1.2.3.4, lip=5.6.7.8, mpid=1, TLS, session=<x>}. */
    static void params(Cursor c, MailEvent e) {
        String s = c.text();
        String rip = null;
        String lip = null;
        long rport = -1;
        long lport = -1;
        while (!c.atEnd()) {
            int p = c.pos();
            int end;
            int eq = s.indexOf('=', p);
            int comma = s.indexOf(", ", p);
            if (eq >= 0 && (comma < 0 || eq < comma) && eq + 1 < s.length() && s.charAt(eq + 1) == '<') {
                end = s.startsWith("user=<", p) ? userEnd(s, eq) : s.indexOf(">, ", eq);
                if (end < 0 && !s.endsWith(">")) {
                    // "user=<alice@exa": the line was cut inside the value; nothing of it is kept
                    e.add(Fields.TAGS, Fields.TAG_TRUNCATED);
                    break;
                }
                end = end < 0 ? s.length() - 1 : end;
                end++;
            } else {
                end = comma < 0 ? s.length() : comma;
            }
            end = Math.min(end, s.length());
            // key and value read in place: only values that are kept become strings
            int k = s.indexOf('=', p);
            if (k < 0 || k >= end) k = -1;
            int keyEnd = k < 0 ? end : k;
            int vs = k < 0 ? end : k + 1;
            int ve = end;
            if (ve - vs >= 2 && s.charAt(vs) == '<' && s.charAt(ve - 1) == '>') {
                vs++;
                ve--;
            }
            if (is(s, p, keyEnd, "user")) {
                if (ve > vs) {
                    String user = s.substring(vs, ve);
                    e.put(Fields.USER_NAME, user);
                    e.add(Fields.RELATED_USER, user);
                }
            } else if (is(s, p, keyEnd, "method")) {
                e.put(Fields.MAIL_AUTH_METHOD, s.substring(vs, ve));
            } else if (is(s, p, keyEnd, "rip")) {
                rip = s.substring(vs, ve);
            } else if (is(s, p, keyEnd, "lip")) {
                lip = s.substring(vs, ve);
            } else if (is(s, p, keyEnd, "rport")) {
                rport = Net.digits(s, vs, ve);
            } else if (is(s, p, keyEnd, "lport")) {
                lport = Net.digits(s, vs, ve);
            } else if (is(s, p, keyEnd, "mpid")) {
                long v = Net.digits(s, vs, ve);
                if (v >= 0) e.put("dovecot.mpid", v);
            } else if (is(s, p, keyEnd, "session")) {
                e.put("dovecot.session", s.substring(vs, ve));
            } else if (is(s, p, keyEnd, "TLS") || is(s, p, keyEnd, "secured")) {
                if (s.charAt(p) == 'T') e.put(Fields.TLS_ESTABLISHED, Boolean.TRUE);
                e.put("dovecot.secured", Boolean.TRUE);
            } else if (s.startsWith("TLS", p)) {
                e.put("dovecot.tls", s.substring(p, end));
            } else if (k > p) {
                e.put(SessionEnd.NAMES.of(s.substring(p, keyEnd).replace('-', '_')), s.substring(vs, ve));
            }
            c.pos(Math.min(end, s.length()));
            if (!c.skip(", ")) break;
        }
        if (rip != null) Net.put(e, Net.Side.SOURCE, null, rip, rport);
        if (lip != null) Net.put(e, Net.Side.DESTINATION, null, lip, lport);
        c.rest();
    }

    private static boolean is(String s, int from, int to, String key) {
        return to - from == key.length() && s.startsWith(key, from);
    }



    static String strip(String v) {
        return v.length() > 1 && v.startsWith("<") && v.endsWith(">") ? v.substring(1, v.length() - 1) : v;
    }
}
