package org.mailsight.dovecot;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/** auth and auth-worker: {@code DRIVER(user,ip[,<session>]): unknown user | Password mismatch | pam_authenticate() failed: ...}. */
final class AuthLine {
    private AuthLine() {}

    static boolean parse(Cursor c, MailEvent e) {
        String s = c.text();
        int p = c.pos();
        int open = s.indexOf('(', p);
        int colon = s.indexOf("): ", p);
        if (open <= p || colon < open) return false;
        String driver = s.substring(p, open);
        for (int i = 0; i < driver.length(); i++) {
            char ch = driver.charAt(i);
            if (!(Character.isLetterOrDigit(ch) || ch == '-' || ch == '_')) return false;
        }
        // (user[,ip[,<session>]])
        int c1 = s.indexOf(',', open + 1);
        if (c1 > colon) c1 = -1;
        int c2 = c1 < 0 ? -1 : s.indexOf(',', c1 + 1);
        if (c2 > colon) c2 = -1;
        int userEnd = c1 < 0 ? colon : c1;
        if (userEnd > open + 1 && !(userEnd == open + 2 && s.charAt(open + 1) == '?')) {
            String user = s.substring(open + 1, userEnd);
            e.put(Fields.USER_NAME, user);
            e.add(Fields.RELATED_USER, user);
        }
        if (c1 >= 0) Net.put(e, Net.Side.SOURCE, null, s.substring(c1 + 1, c2 < 0 ? colon : c2), -1);
        if (c2 >= 0) {
            int from = c2 + 1;
            int to = colon;
            if (to - from >= 2 && s.charAt(from) == '<' && s.charAt(to - 1) == '>') {
                from++;
                to--;
            }
            e.put("dovecot.session", s.substring(from, to));
        }
        e.put("dovecot.auth.driver", driver);
        String reason = s.substring(colon + 3);
        e.put(Fields.EVENT_REASON, reason);
        boolean failed = reason.startsWith("unknown user") || reason.startsWith("Password mismatch")
                || reason.contains("authenticate() failed") || reason.startsWith("Account is disabled")
                || reason.contains("password expired") || reason.startsWith("Invalid password")
                || reason.startsWith("User not found") || reason.contains("Authentication failure");
        Actions.set(e, failed ? "auth-failed" : "info");
        if (failed) e.put(Fields.ERROR_MESSAGE, reason);
        c.rest();
        return true;
    }
}
