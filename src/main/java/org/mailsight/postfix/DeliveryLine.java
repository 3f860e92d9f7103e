package org.mailsight.postfix;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/**
 * The delivery status line every Postfix delivery agent (and qmgr) writes:
 * {@code to=<r>, orig_to=<o>, relay=R, conn_use=N, delay=D, delays=a/b/c/d, dsn=X.Y.Z, status=S (text)}.
 */
final class DeliveryLine {
    private DeliveryLine() {}

    static boolean parse(Cursor c, MailEvent e) {
        if (!c.at("to=")) return false;
        int attributes = 0;
        while (!c.atEnd()) {
            // every attribute but the status ends with ", ": a last one without it was cut off
            if (!c.at("status=") && c.text().indexOf(", ", c.pos()) < 0) return truncated(e);
            if (c.skip("to=")) {
                String v = address(c);
                if (v == null) return false;
                e.add(Fields.EMAIL_TO, v);
            } else if (c.skip("orig_to=")) {
                String v = address(c);
                if (v == null) return false;
                e.put(Fields.MAIL_ORIG_TO, v);
            } else if (c.skip("relay=")) {
                relay(c, e);
            } else if (c.skip("conn_use=")) {
                long n = c.number();
                if (n >= 0) e.put(Fields.MAIL_CONN_USE, n);
            } else if (c.skip("delay=")) {
                seconds(c, e, Fields.MAIL_DELAY);
            } else if (c.skip("delays=")) {
                seconds(c, e, Fields.MAIL_DELAYS_BEFORE_QUEUE);
                c.skip('/');
                seconds(c, e, Fields.MAIL_DELAYS_IN_QUEUE);
                c.skip('/');
                seconds(c, e, Fields.MAIL_DELAYS_CONNECTION);
                c.skip('/');
                seconds(c, e, Fields.MAIL_DELAYS_TRANSMISSION);
            } else if (c.skip("dsn=")) {
                e.put(Fields.MAIL_DSN, constant(c.upTo(',', ' ')));
            } else if (c.skip("tls=")) {
                tls(c.upTo(',', ' '), e);
            } else if (c.skip("status=")) {
                return status(c, e);
            } else if ((attributes = attribute(c, e, attributes)) < 0) {
                return false;
            }
            if (!c.skip(", ")) return false;
        }
        return truncated(e);
    }

    /** A delivery line cut short: what was complete stays, the rest is not guessed. */
    private static boolean truncated(MailEvent e) {
        if (!e.has(Fields.EVENT_ACTION)) Actions.set(e, "delivery-attempt");
        e.add(Fields.TAGS, Fields.TAG_TRUNCATED);
        return true;
    }

    /**
     * Postfix 3.11's TLS feature status: {@code LEVEL[?][:DOWNGRADE][/requiretls[!][?][:DOWNGRADE]]}, e.g.
     * {@code dane}, {@code may:none} (downgraded to none), {@code may?} (policy undecided), {@code dane/requiretls}.
     */
    static void tls(String v, MailEvent e) {
        e.put("postfix.tls.status", v);
        int slash = v.indexOf('/');
        feature(slash < 0 ? v : v.substring(0, slash), e, "postfix.tls.security_level", "postfix.tls.policy_undecided",
                "postfix.tls.downgrade_level", null);
        if (slash >= 0 && v.startsWith("requiretls", slash + 1)) {
            e.put("postfix.requiretls.requested", Boolean.TRUE);
            feature(v.substring(slash + 11), e, null, "postfix.requiretls.policy_undecided",
                    "postfix.requiretls.downgrade_level", "postfix.requiretls.policy_violation");
        }
    }

    private static void feature(String v, MailEvent e, String level, String undecided, String downgrade,
            String violation) {
        int i = 0;
        while (i < v.length() && (Character.isLetter(v.charAt(i)) || v.charAt(i) == '-')) i++;
        if (level != null && i > 0) e.put(level, v.substring(0, i));
        for (; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '?') e.put(undecided, Boolean.TRUE);
            else if (ch == '!' && violation != null) e.put(violation, Boolean.TRUE);
            else if (ch == ':') {
                if (i + 1 < v.length()) e.put(downgrade, v.substring(i + 1));
                break;
            }
        }
    }

    /** Attributes a newer Postfix adds (3.8+: {@code tls=may:none}, ...) are kept, at most this many per line. */
    static final int MAX_ATTRIBUTES = 32;
    private static final org.mailsight.event.FieldNames ATTRIBUTES = new org.mailsight.event.FieldNames("postfix.attributes.");

    /**
     * An attribute this parser does not know, {@code name=value} up to ", ": kept as postfix.attributes.NAME when
     * the name is a plain lower-case word (at most 32 chars) and the line has fewer than MAX_ATTRIBUTES of them.
     * Returns the number kept so far, or -1 (no move) when this is no attribute.
     */
    static int attribute(Cursor c, MailEvent e, int kept) {
        String s = c.text();
        int p = c.pos();
        int eq = s.indexOf('=', p);
        if (eq <= p || eq - p > 32) return -1;
        for (int i = p; i < eq; i++) {
            char ch = s.charAt(i);
            if (!(ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '_' || ch == '-')) return -1;
        }
        int end = s.indexOf(", ", eq);
        if (end < 0) end = s.length();
        String name = s.substring(p, eq).replace('-', '_');
        String value = s.substring(eq + 1, end);
        c.pos(end);
        if (kept >= MAX_ATTRIBUTES) {
            e.put("postfix.attributes_dropped", Boolean.TRUE);
            return kept;
        }
        e.put(ATTRIBUTES.of(name), value);
        return kept + 1;
    }

    /** {@code <a@b>} (Postfix 2.x and later) or a bare {@code a@b} (older local(8) lines). */
    private static String address(Cursor c) {
        if (c.skip('<')) return value(c, '>');
        String s = c.text();
        int end = s.indexOf(", ", c.pos());
        if (end < 0) return null;
        String v = s.substring(c.pos(), end);
        c.pos(end);
        return v;
    }

    /** The text up to the closing char that is followed by ", " or the end. */
    private static String value(Cursor c, char close) {
        String s = c.text();
        int p = c.pos();
        int i = p;
        while (true) {
            i = s.indexOf(close, i);
            if (i < 0) return null;
            if (i + 1 == s.length() || s.startsWith(", ", i + 1)) break;
            i++;
        }
        c.pos(i + 1);
        return s.substring(p, i);
    }

    private static void relay(Cursor c, MailEvent e) {
        String s = c.text();
        int start = c.pos();
        int end = s.indexOf(", ", start);
        if (end < 0) end = s.length();
        String relay = constant(s.substring(start, end));
        e.put(Fields.MAIL_RELAY, relay);
        if (relay.indexOf('[') > 0) {
            Cursor r = new Cursor(relay);
            Net.endpoint(r, e, Net.Side.DESTINATION);
        } else if (!"none".equals(relay)) {
            e.put(Fields.MAIL_TRANSPORT, relay);
        }
        c.pos(end);
    }

    private static final Double ZERO = 0.0;

    private static void seconds(Cursor c, MailEvent e, String field) {
        double v = c.seconds();
        if (Double.isNaN(v)) return; // a malformed number is left out; the line is still parsed
        e.put(field, v == 0.0 ? ZERO : Double.valueOf(v));
    }

    private static boolean status(Cursor c, MailEvent e) {
        String status = constant(c.upTo(' ', ','));
        if (status.isEmpty() || c.atEnd()) return truncated(e); // "status=sen": the word itself may be cut
        boolean cut = false;
        e.put(Fields.MAIL_STATUS, status);
        String action = switch (status) {
            case "sent" -> "delivered";
            case "deferred" -> "deferred";
            case "bounced" -> "bounced";
            case "expired", "force-expired" -> "expired";
            default -> "delivery-attempt";
        };
        Actions.set(e, action);
        if ("deliverable".equals(status)) Actions.outcome(e, "success");
        if ("undeliverable".equals(status)) Actions.outcome(e, "failure");
        if (c.skip(" (")) {
            String s = c.text();
            cut = !s.endsWith(")");
            String text = s.endsWith(")") ? s.substring(c.pos(), s.length() - 1) : s.substring(c.pos());
            c.pos(s.length());
            response(text, e);
        } else if (c.skip(", ")) {
            // qmgr: "status=expired, returned to sender"
            e.put(Fields.MAIL_RESPONSE, c.rest());
        } else {
            cut = true; // "status=sent " and nothing more
        }
        if ("failure".equals(e.get(Fields.EVENT_OUTCOME)) && e.has(Fields.MAIL_RESPONSE)) {
            Net.error(e, e.getString(Fields.MAIL_RESPONSE));
        }
        if (cut) e.add(Fields.TAGS, Fields.TAG_TRUNCATED); // the reply text ends at the cut
        return true;
    }

    /** The canonical string of common statuses, DSNs and relays, so events share one copy. */
    private static String constant(String value) {
        return switch (value) {
            case "sent" -> "sent";
            case "deferred" -> "deferred";
            case "bounced" -> "bounced";
            case "expired" -> "expired";
            case "2.0.0" -> "2.0.0";
            case "4.4.1" -> "4.4.1";
            case "4.4.2" -> "4.4.2";
            case "4.4.3" -> "4.4.3";
            case "5.1.1" -> "5.1.1";
            case "none" -> "none";
            case "local" -> "local";
            case "virtual" -> "virtual";
            default -> value;
        };
    }

    /**
     * The text in parentheses: "250 2.0.0 Ok: queued as X", "host H[I] said: 550 5.1.1 ... (in reply to RCPT TO
     * command)", "connect to H[I]:25: Connection refused", "delivered to mailbox", "forwarded as X", ...
     */
    static void response(String text, MailEvent e) {
        e.put(Fields.MAIL_RESPONSE, text);
        Cursor r = new Cursor(text);
        if (r.skip("host ")) {
            int mark = r.pos();
            if (Net.endpoint(r, e, Net.Side.DESTINATION) && r.skip(" said: ")) {
                String s = r.text();
                int reply = r.pos();
                int inReply = s.lastIndexOf(" (in reply to ");
                if (inReply > reply) {
                    String cmd = s.substring(inReply + 14, s.endsWith(")") ? s.length() - 1 : s.length());
                    if (cmd.endsWith(" command")) cmd = cmd.substring(0, cmd.length() - 8);
                    e.put(Fields.MAIL_SMTP_COMMAND, cmd);
                }
                int code = Net.code(s, reply);
                if (code > 0) e.put(Fields.MAIL_SMTP_CODE, Net.codeValue(code));
                int dsnEnd = Net.dsn(s, code > 0 ? Math.min(reply + 4, s.length()) : reply);
                if (dsnEnd > reply + 4 && !e.has(Fields.MAIL_DSN)) e.put(Fields.MAIL_DSN, s.substring(reply + 4, dsnEnd));
                return;
            }
            r.pos(mark);
        }
        int connect = text.indexOf("connect to ");
        if (connect >= 0 && !e.has(Fields.DESTINATION_IP)) {
            Cursor d = new Cursor(text, connect + 11);
            Net.endpoint(d, e, Net.Side.DESTINATION);
        }
        if (text.startsWith("forwarded as ")) {
            e.put("mail.forwarded_as", text.substring(13));
            return;
        }
        int q = text.indexOf("queued as ");
        if (q >= 0) {
            int end = q + 10;
            while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) end++;
            e.put("mail.remote_local_id", text.substring(q + 10, end));
        }
        int code = Net.code(text, 0);
        if (code > 0) e.put(Fields.MAIL_SMTP_CODE, Net.codeValue(code));
    }
}
