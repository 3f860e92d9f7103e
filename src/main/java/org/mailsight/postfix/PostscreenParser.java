package org.mailsight.postfix;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/** postscreen verdicts and dnsblog listings. Clients are written {@code [addr]:port}. */
final class PostscreenParser {
    private PostscreenParser() {}

    static boolean parse(Cursor c, MailEvent e) {
        if (c.skip("CONNECT from ")) {
            if (!client(c, e)) return false;
            if (c.skip(" to ")) {
                Net.endpoint(c, e, Net.Side.DESTINATION);
            }
            Actions.set(e, "connect");
            return c.atEnd();
        }
        if (c.skip("PASS NEW ")) return verdict(c, e, "postscreen-pass", "new");
        if (c.skip("PASS OLD ")) return verdict(c, e, "postscreen-pass", "old");
        if (c.skip("DISCONNECT ")) return verdict(c, e, "disconnect", null);
        if (c.skip("WHITELISTED ") || c.skip("ALLOWLISTED ")) return verdict(c, e, "postscreen-allowlisted", "access");
        if (c.skip("BLACKLISTED ") || c.skip("DENYLISTED ")) return verdict(c, e, "postscreen-denylisted", "access");
        if (c.skip("WHITELIST VETO ") || c.skip("ALLOWLIST VETO ")) return verdict(c, e, "postscreen-violation", "allowlist_veto");
        if (c.skip("DNSBL rank ")) {
            long rank = c.number();
            if (rank < 0 || !c.skip(" for ")) return false;
            e.put(Fields.MAIL_DNSBL_RANK, rank);
            return verdict(c, e, "dnsbl-listed", "dnsbl");
        }
        if (c.skip("PREGREET ")) {
            // PREGREET 11 after 0.07 from [addr]:port: EHLO x\r\n
            long bytes = c.number();
            if (bytes >= 0) e.put(Fields.POSTFIX_POSTSCREEN_BYTES, bytes);
            if (!c.skip(" after ")) return false;
            delay(c, e);
            if (!c.skip(" from ") || !client(c, e)) return false;
            Actions.set(e, "postscreen-violation");
            e.put(Fields.POSTFIX_POSTSCREEN_TEST, "pregreet");
            if (c.skip(": ")) e.put(Fields.EVENT_REASON, c.rest());
            return true;
        }
        if (c.skip("HANGUP after ")) {
            delay(c, e);
            if (!c.skip(" from ") || !client(c, e)) return false;
            Actions.set(e, "postscreen-violation");
            e.put(Fields.POSTFIX_POSTSCREEN_TEST, "hangup");
            if (c.skip(" in ")) e.put(Fields.EVENT_REASON, c.rest());
            return true;
        }
        for (String[] test : TESTS) {
            if (c.skip(test[0])) {
                // COMMAND PIPELINING from [addr]:port after CMD[: text]
                if (!client(c, e)) return false;
                Actions.set(e, "postscreen-violation");
                e.put(Fields.POSTFIX_POSTSCREEN_TEST, test[1]);
                if (c.skip(" after ") || c.skip(' ')) {
                    // "after EHLO: text" or "after EHLO name": the command verb, then what the client sent
                    String after = c.rest();
                    int stop = 0;
                    while (stop < after.length() && after.charAt(stop) != ':' && after.charAt(stop) != ' ') stop++;
                    if (stop > 0) e.put(Fields.MAIL_SMTP_COMMAND, after.substring(0, stop));
                    e.put(Fields.EVENT_REASON, after);
                }
                return c.atEnd();
            }
        }
        if (c.skip("NOQUEUE: ")) return Verdict.parse(c, e);
        if (c.skip("reject: connect from ")) {
            client(c, e);
            Actions.set(e, "rejected");
            if (c.skip(": ")) e.put(Fields.EVENT_REASON, c.rest());
            return true;
        }
        return Tls.established(c, e) || Tls.other(c, e);
    }

    private static final String[][] TESTS = {
        {"DATA without valid RCPT from ", "data_without_rcpt"},
        {"BDAT without valid RCPT from ", "bdat_without_rcpt"},
        {"COMMAND PIPELINING from ", "pipelining"},
        {"NON-SMTP COMMAND from ", "non_smtp_command"},
        {"BARE NEWLINE from ", "bare_newline"},
        {"COMMAND TIME LIMIT from ", "command_time_limit"},
        {"COMMAND COUNT LIMIT from ", "command_count_limit"},
        {"COMMAND LENGTH LIMIT from ", "command_length_limit"},
    };

    private static boolean verdict(Cursor c, MailEvent e, String action, String test) {
        if (!client(c, e)) return false;
        Actions.set(e, action);
        if (test != null) e.put(Fields.POSTFIX_POSTSCREEN_TEST, test);
        return c.atEnd();
    }

    private static boolean client(Cursor c, MailEvent e) {
        return Net.endpoint(c, e, Net.Side.SOURCE);
    }

    private static void delay(Cursor c, MailEvent e) {
        double d = c.seconds();
        if (!Double.isNaN(d)) e.put(Fields.POSTFIX_POSTSCREEN_DELAY, d);
    }

    /** dnsblog: "addr A listed by domain D as R" (R may be a list). */
    static boolean dnsblog(Cursor c, MailEvent e) {
        if (!c.skip("addr ")) return false;
        String addr = c.word();
        if (!c.skip("listed by domain ")) return false;
        Net.put(e, Net.Side.SOURCE, null, addr, -1);
        e.put(Fields.MAIL_DNSBL_DOMAIN, c.word());
        if (c.skip("as ")) e.put(Fields.MAIL_DNSBL_RESULT, c.rest());
        Actions.set(e, "dnsbl-listed");
        return c.atEnd();
    }
}
