package org.mailsight.exim;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/** A line about one message, after its id: arrivals, deliveries, failures, deferrals and queue events. */
final class MessageLine {
    private MessageLine() {}

    static boolean parse(Cursor c, MailEvent e) {
        String s = c.text();
        int p = c.pos();
        if (s.startsWith("<= ", p)) return arrival(c, e);
        if (s.startsWith("(= ", p)) {
            // an arrival that fakereject answered with a 5xx while keeping the message
            e.put("exim.fakereject", Boolean.TRUE);
            return arrival(new Cursor("<" + s.substring(p + 1)), e);
        }
        if (s.startsWith("=> ", p)) return delivery(c, e, "delivered", "normal");
        if (s.startsWith("-> ", p)) return delivery(c, e, "delivered", "additional");
        if (s.startsWith(">> ", p)) return delivery(c, e, "delivered", "cutthrough");
        if (s.startsWith("*> ", p)) return delivery(c, e, "delivered", "suppressed");
        if (s.startsWith("** ", p)) return delivery(c, e, "bounced", "failed");
        if (s.startsWith("== ", p)) return delivery(c, e, "deferred", "deferred");
        String rest = s.substring(p);
        if (rest.equals("Completed") || rest.startsWith("Completed QT=")) {
            Actions.set(e, "removed");
            e.put("exim.status", "completed");
            if (c.skip("Completed QT=")) e.put(Fields.MAIL_DELAY, Durations.seconds(c.word()));
            return true;
        }
        String action = switch (rest) {
            case "Frozen", "Message is frozen", "frozen" -> "held";
            case "Spool file is locked (another process is handling this message)" -> "skipped";
            default -> null;
        };
        if (rest.startsWith("Frozen (") || rest.startsWith("frozen by ")) action = "held";
        if (rest.startsWith("Unfrozen by ") || rest.startsWith("unfrozen by ")) action = "released";
        if (rest.startsWith("no immediate delivery: ")) action = "queued";
        if (rest.startsWith("Delivery deferred by ")) action = "deferred";
        if (rest.startsWith("address <") && rest.contains("> marked delivered by ")) action = "delivered";
        if (rest.endsWith(": error ignored") || rest.contains(" transport output: ")
                || rest.contains(" transport process returned ")) action = "warning";
        if (rest.startsWith("cancelled by ")) action = "bounced";
        if (rest.startsWith("removed by ")) action = "removed";
        if (action != null) {
            Actions.set(e, action);
            e.put(Fields.EVENT_REASON, rest);
            c.rest();
            return true;
        }
        if (c.skip("lowest numbered MX record points to local host: ")) {
            // a routing loop: the domain's best MX is this host
            String domain = c.rest();
            e.put(Fields.DESTINATION_DOMAIN, domain);
            e.add(Fields.RELATED_HOSTS, domain);
            Actions.set(e, "error");
            e.put(Fields.EVENT_REASON, "lowest numbered MX record points to local host");
            e.put(Fields.ERROR_MESSAGE, rest);
            return true;
        }
        if (c.skip("DKIM: ")) return Dkim.parse(c, e);
        if (c.at("H=") && !acl(c.text(), c.pos())) {
            c.skip("H=");
            // a failed attempt on one host: "H=mx.example.net [203.0.113.40] Connection refused",
            // "H=mx [ip]: TLS session: (SSL_connect): error:..."
            EximParser.host(c, e, Net.Side.DESTINATION);
            c.skip(':');
            c.skip(' ');
            String reason = c.rest();
            Actions.set(e, reason.contains("TLS session") || reason.contains("SSL_connect") ? "tls-failed" : "connect-failed");
            e.put(Fields.EVENT_REASON, reason);
            e.put(Fields.ERROR_MESSAGE, reason);
            return true;
        }
        if (c.skip("SMTP connection lost after final dot ")) {
            Tokens.fields(c, e, Tokens.Kind.SESSION);
            Actions.set(e, "lost-connection");
            e.put(Fields.MAIL_SMTP_COMMAND, "DATA");
            e.put(Fields.EVENT_REASON, "SMTP connection lost after final dot");
            c.rest();
            return true;
        }
        if (c.skip("Sender identification ")) {
            Tokens.fields(c, e, Tokens.Kind.ARRIVAL);
            Actions.set(e, "info");
            return true;
        }
        if (c.skip("SMTP data timeout (message abandoned) on connection from ")) {
            EximParser.host(c, e, Net.Side.SOURCE);
            Actions.set(e, "timeout");
            e.put(Fields.MAIL_SMTP_COMMAND, "DATA");
            return true;
        }
        if (c.skip("rejected from <")) {
            // "rejected from <s> H=...: message too big: read=N max=M"
            return Rejection.addressThenHost(c, e, Fields.EMAIL_FROM, "DATA");
        }
        if (c.peek() == '"' && s.indexOf(" rewritten as \"", p) > 0) {
            // address rewriting: "\"a@old\" from env-to rewritten as \"a@new\" by rule 1"
            Actions.set(e, "info");
            e.put("exim.rewrite", c.rest());
            return true;
        }
        if (c.skip("recipient <")) {
            String r = c.until('>');
            if (r == null || !c.skip(" added by ")) return false;
            e.add(Fields.EMAIL_TO, r);
            Actions.set(e, "info");
            e.put(Fields.EVENT_REASON, "recipient added by " + c.rest());
            return true;
        }
        return false;
    }

    /** An ACL line about this message ("H=... F=<a> rejected after DATA: ...", "H=... Warning: ..."), not a delivery. */
    private static boolean acl(String s, int p) {
        return s.indexOf(" rejected ", p) > 0 || s.indexOf(" Warning: ", p) > 0 || s.indexOf(" F=", p) > 0
                || s.indexOf(" sender verify ", p) > 0;
    }

    /** {@code <= sender H=... P=... S=... id=... T="subject" from <a> for r1 r2}. */
    private static boolean arrival(Cursor c, MailEvent e) {
        c.skip("<= ");
        String sender = c.word();
        e.add(Fields.EMAIL_FROM, "<>".equals(sender) ? "" : sender);
        Actions.set(e, "received");
        Tokens.fields(c, e, Tokens.Kind.ARRIVAL);
        return true;
    }

    /** {@code => rcpt [<orig>|(parent)] R=router T=transport H=host [ip]:port ... C="250 ..."} and the others. */
    private static boolean delivery(Cursor c, MailEvent e, String action, String kind) {
        c.pos(c.pos() + 3);
        String s = c.text();
        String rcpt = address(c);
        if (rcpt == null) return false;
        e.put("exim.delivery", kind);
        // "=> local (parent@x) <original@y>": the parent (an alias step) and the original address, each optional
        if (c.peek() == '(') {
            int close = s.indexOf(") ", c.pos());
            int end = close >= 0 ? close : s.indexOf(')', c.pos());
            if (end > 0) {
                e.put("exim.parent", s.substring(c.pos() + 1, end));
                c.pos(Math.min(end + 1, s.length()));
                c.skip(' ');
            }
        }
        String orig = null;
        if (c.peek() == '<') {
            c.skip('<');
            orig = c.until('>');
            if (orig != null) e.put(Fields.MAIL_ORIG_TO, orig);
            c.skip(' ');
        }
        // "=> frank <frank@realmail.test>": a local delivery names the local part first, then the address it is the
        // local part of; that address is the recipient. An alias expansion ("=> alice <list@x>") keeps the local part.
        if (rcpt.indexOf('@') < 0 && isLocalPart(rcpt)) {
            e.put("exim.local_part", rcpt);
            if (orig != null && orig.regionMatches(true, 0, rcpt + "@", 0, rcpt.length() + 1)) rcpt = orig;
        }
        e.add(Fields.EMAIL_TO, rcpt);
        if (!e.has(Fields.MAIL_ORIG_TO) && e.has("exim.parent")) e.put(Fields.MAIL_ORIG_TO, e.get("exim.parent"));
        Actions.set(e, action);
        e.put(Fields.MAIL_STATUS, switch (action) {
            case "delivered" -> "sent";
            case "bounced" -> "bounced";
            default -> "deferred";
        });
        Tokens.fields(c, e, Tokens.Kind.DELIVERY);
        // what follows the fields: "defer (-44): reason", ": reason" or nothing
        if (c.skip("routing defer ") || c.skip("defer ")) {
            if (c.skip('(')) {
                String errno = c.until(')');
                if (errno != null) e.put("exim.errno", errno);
            }
            c.skip(' ');
            if (c.peek() == 'H' && c.at("H=")) {
                c.skip("H=");
                EximParser.host(c, e, Net.Side.DESTINATION);
            }
        }
        if (c.skip(": ") || c.skip(":")) {
            String reason = c.rest();
            failure(reason, e);
        } else if (!c.atEnd() && !"delivered".equals(action)) {
            failure(c.rest(), e);
        }
        return true;
    }

    /** A bare local part ({@code frank}), not a pipe command or a file Exim delivered to. */
    private static boolean isLocalPart(String s) {
        return !s.isEmpty() && s.charAt(0) != '|' && s.charAt(0) != '/';
    }

    /** The address after a flag: up to the next space, or a pipe command / file with spaces up to " <" or " R=". */
    private static String address(Cursor c) {
        String s = c.text();
        int p = c.pos();
        if (p >= s.length()) return null;
        int end;
        if (s.charAt(p) == '|' || s.charAt(p) == '/') {
            int r = s.indexOf(" <", p);
            int k = s.indexOf(" R=", p);
            end = r < 0 ? k : k < 0 ? r : Math.min(r, k);
        } else {
            end = p;
            while (end < s.length() && s.charAt(end) != ' ' && !(s.charAt(end) == ':' && (end + 1 == s.length()
                    || s.charAt(end + 1) == ' '))) {
                end++;
            }
        }
        if (end < 0) end = s.length();
        String v = s.substring(p, end);
        c.pos(end);
        c.skip(' ');
        return v;
    }

    /** A failure or deferral reason; Exim quotes the remote reply after "SMTP error from remote mail server after X:". */
    static void failure(String reason, MailEvent e) {
        e.put(Fields.MAIL_RESPONSE, reason);
        e.put(Fields.EVENT_REASON, reason);
        int after = reason.indexOf("SMTP error from remote mail server after ");
        if (after >= 0) {
            int start = after + 41;
            int colon = reason.indexOf(": ", start);
            if (colon > 0) {
                String cmd = reason.substring(start, colon);
                int lt = cmd.indexOf(":<");
                e.put(Fields.MAIL_SMTP_COMMAND, lt > 0 ? cmd.substring(0, lt) : cmd);
                int code = Net.code(reason, colon + 2);
                if (code > 0) {
                    e.put(Fields.MAIL_SMTP_CODE, Net.codeValue(code));
                    int dsnEnd = Net.dsn(reason, colon + 6);
                    if (dsnEnd > colon + 6) e.put(Fields.MAIL_DSN, reason.substring(colon + 6, dsnEnd));
                }
            }
        }
        if (reason.startsWith("retry time not reached")) e.put("exim.retry_not_reached", Boolean.TRUE);
        Net.error(e, reason);
    }
}
