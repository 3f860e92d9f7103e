package org.mailsight.dovecot;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/**
 * The mail_log plugin: {@code EVENT: box=INBOX, uid=17, msgid=<x>, size=2345, vsize=.., from=.., subject=..,
 * flags=(\Seen)} (fields in that order, each optional), {@code copy from SRC: ...},
 * {@code Mailbox created: X}, {@code Mailbox deleted: X}, {@code Mailbox renamed: X -> Y}.
 */
final class MailLogLine {
    private MailLogLine() {}

    /** mail_log_fields in the order the plugin writes them. */
    private static final String[] KEYS = {"box", "uid", "msgid", "size", "vsize", "from", "subject", "flags"};

    static boolean parse(Cursor c, MailEvent e) {
        String s = c.text();
        String prefixBox = null;
        if (c.at("Mailbox ") && !c.at("Mailbox created: ") && !c.at("Mailbox deleted: ")
                && !c.at("Mailbox renamed: ")) {
            // Dovecot 2.4 puts the mailbox in front: "Mailbox INBOX: save: ...", "Mailbox Archive: Mailbox deleted"
            int colon = s.indexOf(": ", c.pos() + 8);
            if (colon < 0) return false;
            prefixBox = s.substring(c.pos() + 8, colon);
            c.pos(colon + 2);
            if (c.at("Mailbox created") && c.remaining() == 15) return box(e, prefixBox, "mailbox-created");
            if (c.at("Mailbox deleted") && c.remaining() == 15) return box(e, prefixBox, "mailbox-deleted");
        }
        int p = c.pos();
        if (c.skip("Mailbox created: ")) return mailbox(c, e, "mailbox-created");
        if (c.skip("Mailbox deleted: ")) return mailbox(c, e, "mailbox-deleted");
        if (c.skip("Mailbox renamed: ")) {
            String rest = c.rest();
            int arrow = rest.indexOf(" -> ");
            if (arrow < 0) return false;
            e.put("dovecot.mailbox", rest.substring(0, arrow));
            e.put("dovecot.mailbox_new", rest.substring(arrow + 4));
            Actions.set(e, "mailbox-renamed");
            return true;
        }
        int colon = s.indexOf(": ", p);
        if (colon < 0) return false;
        String action;
        String copyFrom = null;
        if (s.startsWith("copy from ", p)) {
            copyFrom = s.substring(p + 10, colon);
            action = "mail-copied";
        } else {
            action = switch (s.substring(p, colon)) {
                case "save", "append" -> "mail-saved";
                case "delete" -> "mail-deleted";
                case "undelete" -> "mail-undeleted";
                case "expunge" -> "mail-expunged";
                case "autoexpunge" -> "mail-autoexpunged";
                case "flag_change" -> "mail-flags-changed";
                default -> null;
            };
            if (action == null) return false;
        }
        // the first field must be one of mail_log_fields, or this is some other "word: text" line
        int i = colon + 2;
        int k = keyAt(s, i, 0);
        if (k < 0) return false;
        if (copyFrom != null) e.put("dovecot.mailbox_from", copyFrom);
        while (k >= 0) {
            int vs = i + KEYS[k].length() + 1;
            int end = s.length();
            int nextKey = -1;
            for (int j = k + 1; j < KEYS.length; j++) {
                // flags come last and end the line: a subject holding ", flags=(" cannot cut itself short
                int at = KEYS[j].equals("flags") ? (s.endsWith(")") ? s.lastIndexOf(", flags=(") : -1)
                        : s.indexOf(", " + KEYS[j] + "=", vs);
                if (at >= vs && at < end) {
                    end = at;
                    nextKey = j;
                }
            }
            field(e, KEYS[k], s, vs, end);
            if (nextKey < 0) break;
            i = end + 2;
            k = nextKey;
        }
        Actions.set(e, action);
        c.rest();
        return true;
    }

    /** The index in KEYS (from index min on) of the "key=" at i, or -1. */
    private static int keyAt(String s, int i, int min) {
        for (int k = min; k < KEYS.length; k++) {
            String key = KEYS[k];
            if (s.startsWith(key, i) && s.length() > i + key.length() && s.charAt(i + key.length()) == '=') return k;
        }
        return -1;
    }

    private static void field(MailEvent e, String key, String s, int from, int to) {
        if (to <= from) return; // "msgid=" with no header: nothing to keep
        String v = s.substring(from, to);
        switch (key) {
            case "box" -> e.put("dovecot.mailbox", v);
            case "uid" -> number(e, Fields.MAIL_UID, s, from, to, v);
            case "msgid" -> e.put(Fields.EMAIL_MESSAGE_ID, LoginLine.strip(v));
            case "size" -> number(e, Fields.MAIL_SIZE, s, from, to, v);
            case "vsize" -> number(e, "dovecot.vsize", s, from, to, v);
            case "from" -> e.put("dovecot.header_from", v);
            case "subject" -> e.put(Fields.EMAIL_SUBJECT, v);
            case "flags" -> e.put("dovecot.flags", v.length() >= 2 && v.startsWith("(") && v.endsWith(")")
                    ? v.substring(1, v.length() - 1) : v);
            default -> { }
        }
    }

    /** A number, or nothing when the plugin wrote "error" (size it could not read). */
    private static void number(MailEvent e, String key, String s, int from, int to, String v) {
        long n = Net.digits(s, from, to);
        if (n >= 0) e.put(key, n);
    }

    private static boolean box(MailEvent e, String box, String action) {
        if (box.isEmpty()) return false;
        e.put("dovecot.mailbox", box);
        Actions.set(e, action);
        return true;
    }

    private static boolean mailbox(Cursor c, MailEvent e, String action) {
        String box = c.rest();
        if (box.isEmpty()) return false;
        e.put("dovecot.mailbox", box);
        Actions.set(e, action);
        return true;
    }
}
