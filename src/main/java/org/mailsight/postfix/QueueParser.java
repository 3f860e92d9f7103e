package org.mailsight.postfix;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/** Lines about one queued message, after {@code QUEUEID: }: qmgr, pickup, cleanup, bounce, postsuper, deliveries. */
final class QueueParser {
    private QueueParser() {}

    static boolean parse(String daemon, Cursor c, MailEvent e) {
        if (DeliveryLine.parse(c, e)) return true;
        String s = c.text();
        int p = c.pos();
        if (s.startsWith("removed", p) && s.length() == p + 7) {
            Actions.set(e, "removed");
            c.rest();
            return true;
        }
        if (s.startsWith("removed (", p) && s.endsWith(")")) {
            // Postfix 3.9+ cleanup: "removed (canceled)" (the client left before the queue file was done),
            // "removed (discarded)"
            e.put("postfix.removed_reason", s.substring(p + 9, s.length() - 1));
            Actions.set(e, "removed");
            c.rest();
            return true;
        }
        if (c.skip("from=<")) return from(c, e);
        if (c.skip("message-id=")) return messageId(c, e, Fields.EMAIL_MESSAGE_ID);
        if (c.skip("resent-message-id=")) return messageId(c, e, "mail.resent_message_id");
        if (c.skip("uid=")) {
            // pickup: "uid=1000 from=<alice>"
            long uid = c.number();
            if (uid >= 0) e.put(Fields.MAIL_UID, uid);
            if (c.skip(" from=<")) e.add(Fields.EMAIL_FROM, c.until('>'));
            if (c.skip(" orig_id=")) e.put(Fields.POSTFIX_ORIG_QUEUE_ID, c.rest()); // re-queued by postsuper -r
            Actions.set(e, "received");
            e.put(Fields.MAIL_PROTOCOL, "local");
            return c.atEnd();
        }
        if (c.skip("client=")) {
            c.pos(p);
            return SmtpdParser.queued(c, e);
        }
        if (s.startsWith("skipped, still being delivered", p)) {
            Actions.set(e, "skipped");
            c.rest();
            return true;
        }
        String notification = notification(s, p);
        if (notification != null) {
            // bounce: "sender non-delivery notification: NEWID"
            e.put(Fields.MAIL_NOTIFICATION_TYPE, notification);
            c.pos(s.indexOf("notification: ", p) + 14);
            e.put(Fields.MAIL_NOTIFICATION_ID, c.rest());
            Actions.set(e, "notification");
            return true;
        }
        String admin = switch (s.substring(p)) {
            case "placed on hold" -> "held";
            case "released from hold" -> "released";
            case "requeued" -> "requeued";
            default -> null;
        };
        if (admin != null) {
            Actions.set(e, admin);
            c.rest();
            return true;
        }
        if (Verdict.parse(c, e) || SmtpdParser.abnormal(c, e)) return true;
        return client(c, e);
    }

    private static String notification(String s, int p) {
        int i = s.indexOf(" notification: ", p);
        if (i < 0) return null;
        return switch (s.substring(p, i)) {
            case "sender non-delivery" -> "non-delivery";
            case "postmaster non-delivery" -> "postmaster-non-delivery";
            case "sender delay" -> "delay";
            case "postmaster delay" -> "postmaster-delay";
            case "sender delivery status" -> "delivery-status";
            case "postmaster delivery status" -> "postmaster-delivery-status";
            default -> null;
        };
    }

    /** qmgr: "from=<s>, size=N, nrcpt=N (queue active)" or "from=<s>, status=expired, returned to sender". */
    private static boolean from(Cursor c, MailEvent e) {
        String s = c.text();
        int end = s.indexOf(">, ", c.pos());
        if (end < 0) return false;
        e.add(Fields.EMAIL_FROM, s.substring(c.pos(), end));
        c.pos(end + 3);
        for (int kept = 0; !c.at("status=") && !c.at("size="); ) {
            // an attribute a newer Postfix added: kept under postfix.attributes.*
            kept = DeliveryLine.attribute(c, e, kept);
            if (kept < 0 || !c.skip(", ")) return false;
        }
        if (c.skip("status=")) {
            String status = c.upTo(',', ' ');
            e.put(Fields.MAIL_STATUS, status);
            Actions.set(e, status.endsWith("expired") ? "expired" : "delivery-attempt");
            if (c.skip(", ")) e.put(Fields.MAIL_RESPONSE, c.rest());
            return true;
        }
        if (!c.skip("size=")) return false;
        long size = c.number();
        if (size >= 0) e.put(Fields.MAIL_SIZE, size);
        if (c.skip(", nrcpt=")) {
            long n = c.number();
            if (n >= 0) e.put(Fields.MAIL_NRCPT, n);
        }
        if (c.skip(" (queue ")) e.put(Fields.MAIL_QUEUE, c.until(')'));
        Actions.set(e, "queued");
        return c.atEnd();
    }

    private static boolean messageId(Cursor c, MailEvent e, String field) {
        String v = c.rest();
        if (v.length() > 1 && v.charAt(0) == '<' && v.charAt(v.length() - 1) == '>') v = v.substring(1, v.length() - 1);
        e.put(field, v);
        Actions.set(e, "message-id");
        return true;
    }

    /** The smtp/lmtp client's per-message lines that are not delivery status lines. */
    private static boolean client(Cursor c, MailEvent e) {
        String s = c.text();
        int p = c.pos();
        if (c.skip("host ")) {
            // "host H[A] said: 421 ... (in reply to X command)", "host H[A] refused to talk to me: 554 ..."
            if (!Net.endpoint(c, e, Net.Side.DESTINATION)) return false;
            Actions.set(e, "delivery-attempt");
            Actions.outcome(e, "failure");
            e.put(Fields.ERROR_MESSAGE, s.substring(p));
            DeliveryLine.response(s.substring(p), e);
            c.rest();
            return true;
        }
        if (c.skip("lost connection with ") || c.skip("conversation with ")) {
            if (!Net.endpoint(c, e, Net.Side.DESTINATION)) return false;
            Actions.set(e, "delivery-attempt");
            Actions.outcome(e, "failure");
            e.put(Fields.ERROR_MESSAGE, s.substring(p));
            c.rest();
            return true;
        }
        if (c.skip("SASL authentication failed; server ")) {
            Net.endpoint(c, e, Net.Side.DESTINATION);
            Actions.set(e, "auth-failed");
            if (c.skip(" said: ")) {
                String reply = c.rest();
                Net.reply(new Cursor(reply), e);
            }
            e.put(Fields.ERROR_MESSAGE, s.substring(p));
            c.rest();
            return true;
        }
        if (c.skip("enabling PIX workarounds: ") || c.skip("breaking line > ") || c.skip("Cannot start TLS: ")
                || c.skip("TLS is required, but ") || c.skip("Server certificate not ")) {
            Actions.set(e, s.startsWith("Cannot start TLS", p) || s.startsWith("TLS is required", p) ? "tls-failed"
                    : s.startsWith("Server certificate", p) ? "tls-verify-failed" : "info");
            e.put(Fields.EVENT_REASON, s.substring(p));
            c.rest();
            return true;
        }
        return false;
    }
}
