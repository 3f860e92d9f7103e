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
        String[] parts = s.substring(open + 1, colon).split(",");
        if (parts.length > 0 && !parts[0].isEmpty() && !parts[0].equals("?")) {
            e.put(Fields.USER_NAME, parts[0]);
            e.add(Fields.RELATED_USER, parts[0]);
        }
        if (parts.length > 1) Net.put(e, Net.Side.SOURCE, null, parts[1], -1);
        if (parts.length > 2) e.put("dovecot.session", LoginLine.strip(parts[2]));
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
