package org.mailsight.dovecot;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/**
 * auth and auth-worker: {@code DRIVER(user,ip[,<session>]): unknown user | Password mismatch | pam_authenticate()
 * failed: ...}, behind the auth-worker wrapper {@code conn unix:auth-worker (pid=1,uid=2): auth-worker<3>: }, and
 * PAM's own {@code pam_unix(dovecot:auth): authentication failure; ... rhost=1.2.3.4  user=alice}.
 */
final class AuthLine {
    private AuthLine() {}

    static boolean parse(Cursor c, MailEvent e) {
        String s = c.text();
        if (c.skip("conn unix:")) {
            // auth-worker's wrapper: "conn unix:auth-worker (pid=4290,uid=111): auth-worker<2>: "
            int end = s.indexOf("): ", c.pos());
            if (end < 0) return false;
            int pid = s.indexOf("(pid=", c.pos());
            if (pid > 0 && pid < end) {
                int comma = s.indexOf(',', pid);
                long v = Net.digits(s, pid + 5, comma < 0 || comma > end ? end : comma);
                if (v >= 0) e.put("dovecot.auth.client_pid", v);
            }
            c.pos(end + 3);
            int lt = s.indexOf('<', c.pos());
            int gt = s.indexOf(">: ", c.pos());
            if (lt > c.pos() && gt > lt && s.startsWith("auth-worker", c.pos())) {
                long n = Net.digits(s, lt + 1, gt);
                if (n >= 0) e.put("dovecot.auth.request", n);
                c.pos(gt + 3);
            }
        }
        // 2.4's auth-worker process title in front of PAM's own line: "PASSV: pam_unix(dovecot:auth): ..."
        for (String kind : new String[] {"PASSV", "PASSL", "PASS", "USER", "SETCRED"}) {
            if (c.at(kind) && c.text().startsWith(": ", c.pos() + kind.length())) {
                e.put("dovecot.auth.worker_request", kind);
                c.pos(c.pos() + kind.length() + 2);
                break;
            }
        }
        if (c.at("pam_")) return pam(c, e);
        if (driverFirst(c, e)) return true;
        int p = c.pos();
        int open = s.indexOf('(', p);
        if (open <= p) return false;
        String driver = s.substring(p, open);
        for (int i = 0; i < driver.length(); i++) {
            char ch = driver.charAt(i);
            if (!(Character.isLetterOrDigit(ch) || ch == '-' || ch == '_')) return false;
        }
        // the last "): " whose (user,ip[,<session>]) ends in an address or a session ends the prefix: a hostile
        // user name may hold commas and "): " (Dovecot's own reason texts do not), so the list is read from the right
        int close = s.indexOf("): ", open);
        if (close < 0) return false;
        for (int at = close; at > 0; at = s.indexOf("): ", at + 1)) {
            if (prefix(s, open + 1, at, e, false)) close = at;
        }
        prefix(s, open + 1, close, e, true);
        e.put("dovecot.auth.driver", driver);
        reason(s.substring(close + 3), e);
        c.rest();
        return true;
    }

    /** The reason text: failed or not, without any password the client gave. */
    private static void reason(String reason, MailEvent e) {
        int given = givenPassword(reason);
        if (given >= 0) {
            // auth_debug_passwords writes the password the client tried: it never goes into any field
            reason = reason.substring(0, given);
            redact(e, Fields.MESSAGE);
            redact(e, Fields.EVENT_ORIGINAL);
            e.put("dovecot.auth.password_redacted", Boolean.TRUE);
        }
        e.put(Fields.EVENT_REASON, reason);
        boolean failed = failed(reason);
        if (failed) {
            Actions.set(e, "auth-failed");
            e.put(Fields.ERROR_MESSAGE, reason);
        } else if ("error".equals(e.get(Fields.LOG_LEVEL)) || "fatal".equals(e.get(Fields.LOG_LEVEL))) {
            Actions.set(e, "error");
            e.put(Fields.ERROR_MESSAGE, reason);
        } else {
            Actions.set(e, "warning".equals(e.get(Fields.LOG_LEVEL)) ? "warning" : "info");
        }
    }

    /** passdb and userdb drivers, as Dovecot 2.4 names them after the level: "Info: passwd-file: unknown user". */
    private static final java.util.Set<String> DRIVERS = java.util.Set.of("pam", "passwd", "passwd-file", "sql",
            "ldap", "static", "shadow", "bsdauth", "checkpassword", "lua", "oauth2", "imap", "dict", "vpopmail",
            "prefetch", "deny", "master");

    /** Dovecot 2.4: the user, address and session are in the process prefix; the text is "DRIVER: reason". */
    private static boolean driverFirst(Cursor c, MailEvent e) {
        String s = c.text();
        int colon = s.indexOf(": ", c.pos());
        if (colon <= c.pos() || !DRIVERS.contains(s.substring(c.pos(), colon))) return false;
        e.put("dovecot.auth.driver", s.substring(c.pos(), colon));
        c.pos(colon + 2);
        reason(c.rest(), e);
        return true;
    }

    /**
     * The list in an auth process prefix, read from the right: {@code user,ip,sasl:plain} (2.4 auth),
     * {@code user,ip} (2.4 auth-worker), {@code user} (a userdb lookup); 1.x's {@code default} is the instance.
     */
    static void processList(String v, MailEvent e) {
        if (v.equals("default")) {
            e.put("dovecot.auth.instance", v);
            return;
        }
        int end = v.length();
        int comma = v.lastIndexOf(',');
        if (comma >= 0 && v.startsWith("sasl:", comma + 1)) {
            e.put(Fields.MAIL_AUTH_METHOD, v.substring(comma + 6).toUpperCase(java.util.Locale.ROOT));
            end = comma;
            comma = v.lastIndexOf(',', end - 1);
        }
        if (comma >= 0 && looksLikeIp(v.substring(comma + 1, end))) {
            Net.put(e, Net.Side.SOURCE, null, v.substring(comma + 1, end), -1);
            end = comma;
        }
        String user = v.substring(0, end);
        if (!user.isEmpty() && !user.equals("?")) {
            e.put(Fields.USER_NAME, user);
            e.add(Fields.RELATED_USER, user);
        }
    }

    private static boolean failed(String reason) {
        return reason.startsWith("unknown user") || reason.startsWith("Password mismatch")
                || reason.contains("authenticate() failed") || reason.startsWith("Account is disabled")
                || reason.contains("password expired") || reason.contains("Password expired")
                || reason.startsWith("Invalid password") || reason.startsWith("User not found")
                || reason.startsWith("user not found") || reason.contains("Authentication failure")
                || reason.startsWith("Username contains disallowed character")
                || reason.startsWith("Invalid credentials") || reason.contains("Invalid credentials");
    }

    private static void redact(MailEvent e, String field) {
        String m = e.getString(field);
        int at = m == null ? -1 : givenPassword(m);
        if (at >= 0) e.put(field, m.substring(0, at) + " (given password redacted)");
    }

    /** Where " (given password: ..." or " (SHA1 of given password: ..." starts, or -1. */
    static int givenPassword(String s) {
        int i = s.indexOf(" (given password: ");
        if (i < 0) i = s.indexOf(" (SHA1 of given password: ");
        return i;
    }

    /**
     * Reads {@code user,ip[,<session>]} between from and to, from the right. When check, puts nothing and tells
     * whether it has that shape; otherwise puts what it finds (a prefix without an address is all user name).
     */
    private static boolean prefix(String s, int from, int to, MailEvent e, boolean put) {
        int end = to;
        String session = null;
        if (end - from >= 2 && s.charAt(end - 1) == '>') {
            int lt = s.lastIndexOf(",<", end);
            if (lt >= from) {
                session = s.substring(lt + 2, end - 1);
                end = lt;
            }
        }
        int comma = s.lastIndexOf(',', end - 1);
        String ip = comma >= from ? s.substring(comma + 1, end) : null;
        boolean address = ip != null && looksLikeIp(ip);
        if (!put) return address || session != null;
        int userEnd = address ? comma : end;
        String user = s.substring(from, userEnd);
        if (!user.isEmpty() && !user.equals("?")) {
            e.put(Fields.USER_NAME, user);
            e.add(Fields.RELATED_USER, user);
        }
        if (address) Net.put(e, Net.Side.SOURCE, null, ip, -1);
        if (session != null) e.put("dovecot.session", session);
        return true;
    }

    private static boolean looksLikeIp(String v) {
        if (v.isEmpty() || v.length() > 45) return false;
        boolean colon = false;
        boolean dot = false;
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == ':') colon = true;
            else if (ch == '.') dot = true;
            else if (Character.digit(ch, 16) < 0) return false;
        }
        return colon || dot && v.chars().allMatch(ch -> ch == '.' || ch >= '0' && ch <= '9');
    }

    /** PAM's own line: {@code pam_unix(dovecot:auth): authentication failure; logname= uid=0 ... rhost=ip  user=u}. */
    private static boolean pam(Cursor c, MailEvent e) {
        String s = c.text();
        int p = c.pos();
        int open = s.indexOf('(', p);
        int close = open < 0 ? -1 : s.indexOf("): ", open);
        if (open < 0 || close < 0) return false;
        e.put("dovecot.auth.driver", s.substring(p, open));
        String service = s.substring(open + 1, close);
        int colon = service.indexOf(':');
        e.put("dovecot.auth.pam_service", colon < 0 ? service : service.substring(0, colon));
        String text = s.substring(close + 3);
        int semi = text.indexOf("; ");
        String what = semi < 0 ? text : text.substring(0, semi);
        e.put(Fields.EVENT_REASON, what);
        if (semi >= 0) {
            // "logname= uid=0 euid=0 tty=dovecot ruser=alice rhost=192.0.2.1  user=alice": space separated, some empty
            for (String part : text.substring(semi + 2).split(" +")) {
                int eq = part.indexOf('=');
                if (eq <= 0 || eq == part.length() - 1) continue;
                String key = part.substring(0, eq);
                String value = part.substring(eq + 1);
                switch (key) {
                    case "rhost" -> Net.put(e, Net.Side.SOURCE, looksLikeIp(value) ? null : value,
                            looksLikeIp(value) ? value : null, -1);
                    case "user" -> {
                        e.put(Fields.USER_NAME, value);
                        e.add(Fields.RELATED_USER, value);
                    }
                    case "ruser" -> e.put("dovecot.auth.pam_ruser", value);
                    case "tty" -> e.put("dovecot.auth.pam_tty", value);
                    default -> { }
                }
            }
        }
        Object ruser = e.get("dovecot.auth.pam_ruser");
        if (!e.has(Fields.USER_NAME) && ruser instanceof String r) {
            // Dovecot hands PAM the login name as PAM_RUSER; pam_unix writes user= only for accounts that exist
            e.put(Fields.USER_NAME, r);
            e.add(Fields.RELATED_USER, r);
        }
        boolean failed = what.startsWith("authentication failure") || text.contains("user unknown")
                || what.startsWith("auth could not identify password");
        Actions.set(e, failed ? "auth-failed" : "info");
        if (failed) e.put(Fields.ERROR_MESSAGE, what);
        c.rest();
        return true;
    }
}
