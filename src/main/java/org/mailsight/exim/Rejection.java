package org.mailsight.exim;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;

/** What follows the host fields of an ACL line: {@code rejected RCPT <r>: reason}, {@code Warning: ...}, ... */
final class Rejection {
    private Rejection() {}

    static boolean tail(Cursor c, MailEvent e) {
        boolean temporary = c.skip("temporarily ");
        if (c.skip("rejected by local_scan()")) {
            Actions.set(e, "rejected");
            e.put("exim.acl", "local_scan");
            if (c.skip(": ")) e.put(Fields.EVENT_REASON, c.rest());
            return true;
        }
        if (c.skip("rejected ")) {
            Actions.set(e, "rejected");
            if (temporary) e.put("exim.temporary", Boolean.TRUE);
            String stage;
            if (c.skip("RCPT ")) {
                stage = "RCPT";
                recipient(c, e);
            } else if (c.skip("MAIL ")) {
                stage = "MAIL";
                String from = angle(c);
                if (from != null) e.add(Fields.EMAIL_FROM, from);
            } else if (c.skip("after DATA")) {
                stage = "DATA";
            } else if (c.skip("connection in \"")) {
                stage = "CONNECT";
                e.put("exim.acl", c.until('"'));
                c.skip(" ACL");
            } else if (c.skip("EHLO") || c.skip("HELO")) {
                stage = "EHLO";
                c.until(": ");
                c.pos(c.pos() - 2);
            } else if (c.at("VRFY") || c.at("EXPN") || c.at("ETRN") || c.at("AUTH") || c.at("STARTTLS")) {
                stage = c.upTo(' ', ':');
                String s = c.text();
                int colon = s.indexOf(": ", c.pos());
                if (colon >= 0) c.pos(colon);
            } else {
                stage = null;
            }
            if (stage != null) e.put(Fields.MAIL_SMTP_COMMAND, stage);
            if (c.skip(": ") || c.skip(":")) {
                String reason = c.rest();
                e.put(Fields.EVENT_REASON, reason);
                e.put(Fields.ERROR_MESSAGE, reason);
                e.put(Fields.MAIL_RESPONSE, reason);
                int rbl = reason.indexOf(" is listed at ");
                if (rbl < 0) rbl = reason.indexOf(" listed at ");
                if (rbl >= 0) {
                    String d = reason.substring(reason.indexOf(" at ", rbl) + 4).trim();
                    int sp = d.indexOf(' ');
                    e.put(Fields.MAIL_DNSBL_DOMAIN, sp < 0 ? d : d.substring(0, sp));
                }
            }
            c.rest();
            return true;
        }
        if (c.skip("Warning: ")) {
            Actions.set(e, "warning");
            e.put(Fields.LOG_LEVEL, "warning");
            e.put(Fields.EVENT_REASON, c.rest());
            return true;
        }
        if (c.skip("sender verify fail for <") || c.skip("sender verify defer for <")) {
            e.add(Fields.EMAIL_FROM, c.until('>'));
            Actions.set(e, "warning");
            if (c.skip(": ")) e.put(Fields.EVENT_REASON, c.rest());
            c.rest();
            return true;
        }
        if (c.skip("dropped: ")) {
            Actions.set(e, "too-many-errors");
            e.put(Fields.EVENT_REASON, c.rest());
            return true;
        }
        if (c.skip("incomplete transaction (")) {
            Actions.set(e, "lost-connection");
            e.put(Fields.EVENT_REASON, "incomplete transaction (" + c.rest());
            return true;
        }
        return false;
    }

    /**
     * "ADDRESS> H=... [I=...][: reason]": a rejection that names an address, then the client (rejected MAIL FROM:,
     * rejected from <s>, unqualified verify rejected: <r>). The cursor is just past the address's '<'.
     */
    static boolean addressThenHost(Cursor c, MailEvent e, String addressField, String command) {
        e.add(addressField, c.until('>'));
        c.skip(' ');
        Tokens.fields(c, e, Tokens.Kind.SESSION);
        Actions.set(e, "rejected");
        e.put(Fields.MAIL_SMTP_COMMAND, command);
        if (c.skip(": ")) e.put(Fields.EVENT_REASON, c.rest());
        return true;
    }

    /** {@code RCPT <r>} or, with log_selector +... a bare address. */
    private static void recipient(Cursor c, MailEvent e) {
        String r = angle(c);
        if (r != null) e.add(Fields.EMAIL_TO, r);
    }

    private static String angle(Cursor c) {
        if (!c.skip('<')) return null;
        String s = c.text();
        int end = s.indexOf(">:", c.pos());
        if (end < 0) end = s.indexOf('>', c.pos());
        if (end < 0) return null;
        String v = s.substring(c.pos(), end);
        c.pos(end + 1);
        return v;
    }
}
