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
        String what = s.substring(p, colon);
        c.pos(colon + 2);
        params(c, e);
        if (what.equals("Login")) {
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
        } else if (what.startsWith("Maximum number of connections")) {
            Actions.set(e, "rejected");
        } else if (what.contains("TLS handshaking") || what.contains("TLS handshake")) {
            Actions.set(e, "tls-failed");
        } else {
            Actions.set(e, "disconnect");
        }
        return true;
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
                end = s.indexOf(">, ", eq);
                end = end < 0 ? (s.endsWith(">") ? s.length() - 1 : s.length()) : end;
                end++;
            } else {
                end = comma < 0 ? s.length() : comma;
            }
            String item = s.substring(p, Math.min(end, s.length()));
            int k = item.indexOf('=');
            String key = k < 0 ? item : item.substring(0, k);
            String value = k < 0 ? "" : strip(item.substring(k + 1));
            switch (key) {
                case "user" -> {
                    if (!value.isEmpty()) {
                        e.put(Fields.USER_NAME, value);
                        e.add(Fields.RELATED_USER, value);
                    }
                }
                case "method" -> e.put(Fields.MAIL_AUTH_METHOD, value);
                case "rip" -> rip = value;
                case "lip" -> lip = value;
                case "rport" -> rport = parse(value);
                case "lport" -> lport = parse(value);
                case "mpid" -> {
                    long v = parse(value);
                    if (v >= 0) e.put("dovecot.mpid", v);
                }
                case "session" -> e.put("dovecot.session", value);
                case "TLS", "secured" -> {
                    if (key.equals("TLS")) e.put(Fields.TLS_ESTABLISHED, Boolean.TRUE);
                    e.put("dovecot.secured", Boolean.TRUE);
                }
                default -> {
                    if (key.startsWith("TLS")) e.put("dovecot.tls", item);
                    else if (!key.isEmpty() && k > 0) e.put(SessionEnd.NAMES.of(key.replace('-', '_')), value);
                }
            }
            c.pos(Math.min(end, s.length()));
            if (!c.skip(", ")) break;
        }
        if (rip != null) Net.put(e, Net.Side.SOURCE, null, rip, rport);
        if (lip != null) Net.put(e, Net.Side.DESTINATION, null, lip, lport);
        c.rest();
    }

    private static long parse(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException ex) {
            return -1;
        }
    }

    static String strip(String v) {
        return v.length() > 1 && v.startsWith("<") && v.endsWith(">") ? v.substring(1, v.length() - 1) : v;
    }
}
