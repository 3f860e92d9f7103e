package org.mailsight.exim;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/**
 * sa-exim's verdicts (SpamAssassin run from Exim's local_scan), with or without the message id in front:
 * {@code SA: Action: WHAT: score=15.2 required=5.0 [trigger=..] (scanned in 2/2 secs | Message-Id: ID).
 * From <s> (host=NAME [IP]) for RCPTS}.
 */
final class SaExim {
    private SaExim() {}

    static boolean parse(Cursor c, MailEvent e) {
        if (!c.skip("SA: Action: ")) return false;
        String s = c.text();
        int score = s.indexOf(": score=", c.pos());
        if (score < 0) return false;
        String what = s.substring(c.pos(), score);
        e.put("exim.spam.action", what);
        e.put("exim.spam.engine", "spamassassin");
        int scanned = s.indexOf(" (scanned in ", score);
        int scoresEnd = scanned < 0 ? s.length() : scanned;
        for (String part : s.substring(score + 2, scoresEnd).split(" ")) {
            int eq = part.indexOf('=');
            if (eq <= 0) continue;
            String field = switch (part.substring(0, eq)) {
                case "score" -> "exim.spam.score";
                case "required" -> "exim.spam.required";
                case "trigger" -> "exim.spam.trigger";
                default -> null;
            };
            if (field == null) continue;
            try {
                e.put(field, Double.valueOf(part.substring(eq + 1)));
            } catch (NumberFormatException ex) {
                // a score sa-exim could not read: left out
            }
        }
        if (scanned >= 0) {
            int bar = s.indexOf(" | Message-Id: ", scanned);
            int close = s.indexOf("). ", scanned);
            if (close < 0 && s.endsWith(").")) close = s.length() - 2;
            if (bar > 0 && close > bar) {
                String id = s.substring(bar + 15, close);
                if (id.length() > 1 && id.startsWith("<") && id.endsWith(">")) id = id.substring(1, id.length() - 1);
                if (!id.isEmpty() && !id.equals("(null)")) e.put(Fields.EMAIL_MESSAGE_ID, id);
            }
            if (close > 0 && close + 3 < s.length()) mailInfo(s.substring(close + 3), e);
        }
        String lower = what.toLowerCase(java.util.Locale.ROOT);
        String action = lower.contains("rejected") || lower.startsWith("teergrubed") ? "rejected"
                : lower.contains("tossed") || lower.contains("discarded") ? "discarded"
                : lower.contains("accepted") ? "accepted" : "info";
        Actions.set(e, action);
        e.put(Fields.EVENT_REASON, what);
        c.rest();
        return true;
    }

    /** "From <s> (host=NAME [IP]) for a@b, c@d". */
    private static void mailInfo(String m, MailEvent e) {
        Cursor c = new Cursor(m);
        if (c.skip("From <")) {
            String from = c.until('>');
            if (from != null) e.add(Fields.EMAIL_FROM, from);
            c.skip(' ');
        }
        if (c.skip("(host=")) {
            String s = c.text();
            int lb = s.indexOf(" [", c.pos());
            int rb = lb < 0 ? -1 : s.indexOf("])", lb);
            if (rb > lb) {
                String name = s.substring(c.pos(), lb);
                Net.put(e, Net.Side.SOURCE, "NULL".equals(name) ? null : name, s.substring(lb + 2, rb), -1);
                c.pos(rb + 2);
                c.skip(' ');
            }
        }
        if (c.skip("for ")) {
            for (String r : c.rest().split(",")) if (!r.isBlank()) e.add(Fields.EMAIL_TO, r.trim());
        }
    }
}
