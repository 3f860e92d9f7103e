package org.mailsight.postfix;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/**
 * Postfix's "what happened" lines, written by smtpd, postscreen and cleanup alike:
 * {@code ACTION: STAGE from CLIENT: REPLY-OR-REASON; from=<s> to=<r> proto=P helo=<h>}.
 * Header and body checks use {@code ACTION: header NAME: VALUE from CLIENT; from=<s> ...[: TEXT]}.
 */
final class Verdict {
    private Verdict() {}

    /** The event.action of a Postfix verdict verb, or null when the word is not one. */
    static String action(String verb) {
        return switch (verb) {
            case "reject", "defer", "milter-reject", "proxy-reject" -> "rejected";
            case "reject_warning" -> "reject-warning";
            case "hold", "milter-hold" -> "held";
            case "discard", "milter-discard" -> "discarded";
            case "filter" -> "filtered";
            case "redirect" -> "redirected";
            case "warning", "warn" -> "warned";
            case "info" -> "header-logged";
            case "replace", "prepend", "strip" -> "header-changed";
            case "proxy-accept" -> "received";
            case "permit", "pass" -> "accepted";
            case "bcc" -> "copied";
            default -> null;
        };
    }

    /** Parses from the verb on; false when the line is not a verdict. */
    static boolean parse(Cursor c, MailEvent e) {
        int start = c.pos();
        String verb = c.until(": ");
        String check = null;
        if (verb != null && (verb.startsWith("milter-header-") || verb.startsWith("milter-body-"))) {
            // milter_header_checks: "milter-header-redirect: header X: v from ...; ...: target"
            check = verb.startsWith("milter-header-") ? "milter_header_checks" : "milter_body_checks";
            verb = verb.substring(verb.indexOf('-', 7) + 1);
        }
        String action = verb == null ? null : action(verb);
        if (action == null) {
            c.pos(start);
            return false;
        }
        if (c.at("header ") || c.at("body ")) {
            boolean ok = content(c, e, verb, action, start);
            if (ok && check != null) e.put(Fields.MAIL_CHECK, check);
            return ok;
        }
        String s0 = c.text();
        int fromAt = s0.indexOf(" from ", c.pos());
        int colonAt = s0.indexOf(": ", c.pos());
        String stage;
        if (colonAt > 0 && (fromAt < 0 || colonAt < fromAt)) {
            // "proxy-reject: END-OF-MESSAGE: 554 ...": no client part
            stage = s0.substring(c.pos(), colonAt);
            c.pos(colonAt);
        } else {
            stage = c.until(" from ");
            if (stage == null || stage.isEmpty() || stage.length() > 40) {
                c.pos(start);
                return false;
            }
            if (!Net.endpoint(c, e, Net.Side.SOURCE) && !c.skip("local")) {
                c.pos(start);
                return false;
            }
        }
        if (stage.isEmpty() || stage.length() > 40 || stage.indexOf(' ') >= 0) {
            c.pos(start);
            return false;
        }
        Actions.set(e, action);
        e.put(Fields.MAIL_SMTP_COMMAND, stage);
        e.put("postfix.action", verb);
        if (verb.startsWith("milter-")) e.put(Fields.MAIL_CHECK, "milter");
        if (c.skip(": ")) {
            String s = c.text();
            int semi = trailerStart(s, c.pos());
            String text = semi < 0 ? c.rest() : s.substring(c.pos(), semi);
            reason(text, e, action);
            if (semi >= 0) {
                c.pos(semi + 2);
                trailer(c, e);
            }
        } else if (c.skip("; ")) {
            trailer(c, e);
        }
        return true;
    }

    private static final String[] TRAILERS = {"; from=<", "; to=<", "; proto=", "; helo=<"};

    /** Where "; from=<", "; to=<", "; proto=" or "; helo=<" (whichever comes first) starts the trailer, or -1. */
    private static int trailerStart(String s, int from) {
        int best = -1;
        for (String t : TRAILERS) {
            int i = s.indexOf(t, from);
            if (i >= 0 && (best < 0 || i < best)) best = i;
        }
        return best;
    }

    /** Header/body check actions of cleanup. */
    private static boolean content(Cursor c, MailEvent e, String verb, String action, int start) {
        String s = c.text();
        int semi = -1;
        int from = -1;
        // the checked text is the client's; the first "; from=<" preceded by " from CLIENT" ends it
        for (int i = s.indexOf("; from=<", c.pos()); i >= 0; i = s.indexOf("; from=<", i + 1)) {
            int f = s.lastIndexOf(" from ", i);
            if (f > c.pos()) {
                semi = i;
                from = f;
                break;
            }
        }
        if (semi < 0) {
            c.pos(start);
            return false;
        }
        boolean header = c.skip("header ");
        if (!header) c.skip("body ");
        String content = s.substring(c.pos(), from);
        Actions.set(e, action);
        e.put("postfix.action", verb);
        e.put(Fields.MAIL_CHECK, header ? "header_checks" : "body_checks");
        if (header) {
            int colon = content.indexOf(':');
            if (colon > 0) {
                String name = content.substring(0, colon);
                String value = content.substring(Math.min(colon + 2, content.length()));
                e.put(Fields.MAIL_HEADER_NAME, name);
                e.put(Fields.MAIL_HEADER_VALUE, value);
                if (name.equalsIgnoreCase("Subject")) e.put(Fields.EMAIL_SUBJECT, value);
            } else {
                e.put(Fields.MAIL_HEADER_VALUE, content);
            }
        } else {
            e.put("postfix.body", content);
        }
        c.pos(from + 6);
        if (!Net.endpoint(c, e, Net.Side.SOURCE)) c.skip("local");
        c.pos(semi + 2);
        trailer(c, e);
        if (c.skip(": ")) {
            String text = c.rest();
            switch (verb) {
                case "redirect" -> e.put(Fields.MAIL_REDIRECT, text);
                case "filter" -> e.put(Fields.MAIL_TRANSPORT, text);
                default -> reason(text, e, action);
            }
        }
        return true;
    }

    private static void reason(String text, MailEvent e, String action) {
        if (text.isEmpty()) return;
        Cursor r = new Cursor(text);
        if (!Net.reply(r, e)) e.put(Fields.MAIL_RESPONSE, text);
        e.put(Fields.EVENT_REASON, text);
        int rbl = text.indexOf(" blocked using ");
        if (rbl >= 0) {
            // "Client host [a] blocked using zen.example; text" names the DNS blocklist
            int end = rbl + 15;
            while (end < text.length() && text.charAt(end) != ';' && text.charAt(end) != ',' && text.charAt(end) != ' ') {
                end++;
            }
            e.put(Fields.MAIL_DNSBL_DOMAIN, text.substring(rbl + 15, end));
        }
        if ("rejected".equals(action) || "reject-warning".equals(action)) Net.error(e, text);
    }

    /**
     * {@code from=<s> to=<r> proto=P helo=<h>}, separated by spaces (smtpd, cleanup) or ", " (postscreen).
     * Each part is optional. The HELO is last and the client's: it runs to the last '>' of the line.
     */
    static void trailer(Cursor c, MailEvent e) {
        while (!c.atEnd()) {
            if (c.skip("from=<")) {
                String v = addressValue(c);
                if (v == null) return;
                e.add(Fields.EMAIL_FROM, v);
            } else if (c.skip("to=<")) {
                String v = addressValue(c);
                if (v == null) return;
                e.add(Fields.EMAIL_TO, v);
            } else if (c.skip("proto=")) {
                e.put(Fields.MAIL_PROTOCOL, c.upTo(' ', ','));
            } else if (c.skip("helo=<")) {
                String s = c.text();
                int end = s.lastIndexOf('>');
                int colonEnd = s.indexOf(">: ", c.pos());
                if (colonEnd >= 0 && colonEnd < end) end = colonEnd;
                if (end < c.pos()) return;
                e.put(Fields.MAIL_HELO, s.substring(c.pos(), end));
                c.pos(end + 1);
                return;
            } else {
                return;
            }
            if (!c.skip(", ")) c.skip(' ');
        }
    }

    /** The rest of a {@code <address>} after its opening bracket, up to "> " / ">, " / ">" at the end. */
    private static String addressValue(Cursor c) {
        String s = c.text();
        int p = c.pos();
        int i = p;
        while (true) {
            i = s.indexOf('>', i);
            if (i < 0) return null;
            int next = i + 1;
            if (next == s.length() || s.charAt(next) == ' ' || s.charAt(next) == ',' || s.charAt(next) == ':') break;
            i = next;
        }
        c.pos(i + 1);
        return s.substring(p, i);
    }
}
