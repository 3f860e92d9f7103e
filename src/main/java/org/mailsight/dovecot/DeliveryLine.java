package org.mailsight.dovecot;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;

/**
 * LMTP and LDA: {@code Connect from local}, {@code msgid=<x>: saved mail to INBOX},
 * {@code msgid=<x>: save failed to INBOX: Quota exceeded (mailbox for user is full)},
 * sieve actions ({@code sieve: msgid=<x>: stored mail into mailbox 'Junk'}, {@code forwarded to <y>}, {@code discarded}).
 */
final class DeliveryLine {
    private DeliveryLine() {}

    static boolean parse(Cursor c, MailEvent e) {
        if (c.skip("Connect from ")) {
            e.put(Fields.SOURCE_DOMAIN, c.rest());
            Actions.set(e, "connect");
            return true;
        }
        if (c.skip("Disconnect from ")) {
            String s = c.rest();
            int colon = s.indexOf(": ");
            e.put(Fields.SOURCE_DOMAIN, colon < 0 ? s : s.substring(0, colon));
            if (colon >= 0) e.put(Fields.EVENT_REASON, s.substring(colon + 2));
            Actions.set(e, "disconnect");
            return true;
        }
        boolean sieve = c.skip("sieve: ");
        if (c.skip("msgid=")) {
            String s = c.text();
            int end = s.indexOf(": ", c.pos());
            if (end < 0) return false;
            String id = LoginLine.strip(s.substring(c.pos(), end));
            if (!id.equals("unspecified")) e.put(Fields.EMAIL_MESSAGE_ID, id);
            c.pos(end + 2);
        }
        if (!sieve) sieve = c.skip("sieve: ");
        String s = c.text().substring(c.pos());
        String rest = s;
        if (rest.startsWith("saved mail to ") || rest.startsWith("stored mail into mailbox ")) {
            String box = rest.substring(rest.startsWith("saved") ? 14 : 25);
            e.put("dovecot.mailbox", box.length() > 1 && box.startsWith("'") && box.endsWith("'")
                    ? box.substring(1, box.length() - 1) : box);
            Actions.set(e, "delivered");
            e.put(Fields.MAIL_STATUS, "sent");
        } else if (rest.startsWith("save failed to ")) {
            int colon = rest.indexOf(": ", 15);
            e.put("dovecot.mailbox", colon < 0 ? rest.substring(15) : rest.substring(15, colon));
            String reason = colon < 0 ? rest : rest.substring(colon + 2);
            Actions.set(e, rest.contains("Quota exceeded") || rest.contains("quota") ? "bounced" : "deferred");
            if (reason.contains("Quota exceeded")) e.put("dovecot.quota_exceeded", Boolean.TRUE);
            e.put(Fields.EVENT_REASON, reason);
            e.put(Fields.ERROR_MESSAGE, reason);
        } else if (rest.startsWith("forwarded to <")) {
            e.add(Fields.EMAIL_TO, LoginLine.strip(rest.substring(13)));
            Actions.set(e, "forwarded");
        } else if (rest.startsWith("discarded") || rest.startsWith("marked message to be discarded")) {
            Actions.set(e, "discarded");
            e.put(Fields.EVENT_REASON, rest);
        } else if (rest.startsWith("rejected") || rest.startsWith("sent rejection")) {
            Actions.set(e, "rejected");
            e.put(Fields.EVENT_REASON, rest);
        } else {
            return false;
        }
        if (sieve) e.put(Fields.MAIL_CHECK, "sieve");
        c.rest();
        return true;
    }
}
