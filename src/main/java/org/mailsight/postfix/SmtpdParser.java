package org.mailsight.postfix;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/** smtpd: sessions, SASL, rejects and the queue id a message gets. Also serves tlsproxy's session lines. */
final class SmtpdParser {
    private SmtpdParser() {}

    /** Lines without a queue id. */
    static boolean session(Cursor c, MailEvent e) {
        if (c.skip("connect from ")) {
            Net.endpoint(c, e, Net.Side.SOURCE);
            Actions.set(e, "connect");
            return c.atEnd();
        }
        if (c.skip("disconnect from ")) {
            Net.endpoint(c, e, Net.Side.SOURCE);
            Actions.set(e, "disconnect");
            if (c.skip(' ')) commands(c, e);
            return true;
        }
        if (abnormal(c, e)) return true;
        if (c.skip("NOQUEUE: ")) return Verdict.parse(c, e) || abnormal(c, e);
        if (c.skip("discarding EHLO keywords: ")) {
            Actions.set(e, "info");
            e.put("postfix.ehlo_discarded", c.rest());
            return true;
        }
        return Tls.established(c, e) || Tls.other(c, e) || Verdict.parse(c, e);
    }

    /** The end of a session that went wrong; newer Postfix puts the queue id or NOQUEUE in front. */
    static boolean abnormal(Cursor c, MailEvent e) {
        if (c.skip("lost connection after ")) return after(c, e, "lost-connection");
        if (c.skip("timeout after ")) return after(c, e, "timeout");
        if (c.skip("too many errors after ")) return after(c, e, "too-many-errors");
        if (c.skip("improper command pipelining after ")) return after(c, e, "pipelining-violation");
        if (c.skip("bare <LF> received after ")) return after(c, e, "protocol-error");
        return false;
    }

    /** "STAGE from HOST[ADDR]" with an optional ": text" (pipelining shows what was sent). */
    private static boolean after(Cursor c, MailEvent e, String action) {
        String stage = c.until(" from ");
        if (stage == null) return false;
        Actions.set(e, action);
        e.put(Fields.MAIL_SMTP_COMMAND, stage);
        int paren = stage.indexOf(" (");
        if (paren > 0 && stage.endsWith(" bytes)")) {
            e.put(Fields.MAIL_SMTP_COMMAND, stage.substring(0, paren));
            try {
                e.put("mail.bytes_received", Long.parseLong(stage.substring(paren + 2, stage.length() - 7)));
            } catch (NumberFormatException ignored) {
                // leave the count out
            }
        }
        if (!Net.endpoint(c, e, Net.Side.SOURCE)) return false;
        if (c.skip(": ")) e.put(Fields.EVENT_REASON, c.rest());
        c.skip(':'); // "after DATA from host[addr]:" with nothing pipelined
        return c.atEnd();
    }

    /** The disconnect counters: "ehlo=1 mail=1 rcpt=0/1 data=0/1 quit=1 commands=3/5". */
    private static void commands(Cursor c, MailEvent e) {
        while (!c.atEnd()) {
            String name = c.until('=');
            if (name == null || name.isEmpty()) {
                c.rest();
                return;
            }
            long ok = c.number();
            long total = ok;
            if (c.skip('/')) total = c.number();
            String[] keys = commandKeys(name);
            e.put(keys[0], ok);
            e.put(keys[1], total);
            if (!c.skip(' ')) {
                c.rest();
                break;
            }
        }
        Object auth = e.get("postfix.commands.auth.total");
        if (auth instanceof Long total && total > 0) {
            Object ok = e.get("postfix.commands.auth.accepted");
            e.put("postfix.auth_failed", ok instanceof Long a && a < total);
        }
    }

    private static final org.mailsight.event.FieldNames OTHER = new org.mailsight.event.FieldNames("postfix.");
    private static final org.mailsight.event.FieldNames COMMANDS = new org.mailsight.event.FieldNames("postfix.commands.");
    private static final java.util.Map<String, String[]> COMMAND_KEYS = new java.util.HashMap<>();
    static {
        for (String cmd : new String[] {"helo", "ehlo", "starttls", "auth", "mail", "rcpt", "data", "bdat", "rset",
                "noop", "vrfy", "etrn", "quit", "xclient", "xforward", "unknown", "commands"}) {
            COMMAND_KEYS.put(cmd, commandKeysOf(cmd));
        }
    }

    private static String[] commandKeysOf(String cmd) {
        String base = "postfix.commands." + cmd;
        return new String[] {(base + ".accepted").intern(), (base + ".total").intern()};
    }

    private static String[] commandKeys(String name) {
        String[] keys = COMMAND_KEYS.get(name);
        if (keys != null) return keys;
        String cmd = name.toLowerCase(java.util.Locale.ROOT);
        return new String[] {COMMANDS.of(cmd + ".accepted"), COMMANDS.of(cmd + ".total")};
    }

    /** "QUEUEID: client=HOST[ADDR]:PORT[, sasl_method=M, sasl_username=U, sasl_sender=S][, orig_queue_id=..]". */
    static boolean queued(Cursor c, MailEvent e) {
        if (c.skip("client=")) {
            Net.endpoint(c, e, Net.Side.SOURCE);
            Actions.set(e, "received");
            while (c.skip(", ")) {
                String key = c.until('=');
                if (key == null) return false;
                // a user name is the client's text: it ends where what Postfix writes after it begins
                String value = key.equals("sasl_username") ? userName(c) : valueUntilComma(c);
                switch (key) {
                    case "sasl_method" -> e.put(Fields.MAIL_AUTH_METHOD, value);
                    case "sasl_username" -> {
                        e.put(Fields.USER_NAME, value);
                        e.add(Fields.RELATED_USER, value);
                    }
                    case "sasl_sender" -> e.put(Fields.MAIL_AUTH_SENDER, value);
                    case "orig_queue_id" -> e.put(Fields.POSTFIX_ORIG_QUEUE_ID, value);
                    case "orig_client" -> e.put(Fields.POSTFIX_ORIG_CLIENT, value);
                    default -> e.put(OTHER.of(key.replace('-', '_')), value);
                }
            }
            return c.atEnd();
        }
        return Verdict.parse(c, e);
    }

    private static final String[] AFTER_USER_NAME = {", sasl_sender=", ", orig_queue_id=", ", orig_client="};

    /** sasl_username's value: up to the last of the keys Postfix writes after it (in its order), or the end. */
    private static String userName(Cursor c) {
        String s = c.text();
        for (String k : AFTER_USER_NAME) {
            int i = s.lastIndexOf(k);
            if (i >= c.pos()) {
                String v = s.substring(c.pos(), i);
                c.pos(i);
                return v;
            }
        }
        return c.rest();
    }

    private static String valueUntilComma(Cursor c) {
        String s = c.text();
        int i = s.indexOf(", ", c.pos());
        // a value is followed by ", key=" or the end
        while (i >= 0 && !keyFollows(s, i + 2)) i = s.indexOf(", ", i + 1);
        if (i < 0) return c.rest();
        String v = s.substring(c.pos(), i);
        c.pos(i);
        return v;
    }

    private static boolean keyFollows(String s, int i) {
        int j = i;
        while (j < s.length() && (Character.isLowerCase(s.charAt(j)) || s.charAt(j) == '_')) j++;
        return j > i && j < s.length() && s.charAt(j) == '=';
    }

    /** Warnings with structure: SASL failures, name checks, rate limits, non-SMTP commands. */
    static boolean warning(Cursor c, MailEvent e) {
        int start = c.pos();
        String s = c.text();
        // "host[addr]: SASL LOGIN authentication failed: reason[, sasl_username=u]"
        int end = Net.endpointEnd(s, start);
        if (end > 0 && s.startsWith(": ", end)) {
            Net.endpoint(c, e, Net.Side.SOURCE);
            c.skip(": ");
            if (c.skip("SASL ")) {
                e.put(Fields.MAIL_AUTH_METHOD, c.word());
                if (c.skip("authentication aborted")) {
                    Actions.set(e, "auth-failed");
                    e.put(Fields.EVENT_REASON, "authentication aborted");
                    return c.atEnd();
                }
                if (!c.skip("authentication failed")) return false;
                Actions.set(e, "auth-failed");
                if (c.skip(": ")) {
                    int u = s.lastIndexOf(", sasl_username=");
                    String reason = u >= c.pos() ? s.substring(c.pos(), u) : c.rest();
                    if (u >= c.pos()) {
                        String user = s.substring(u + 16);
                        e.put(Fields.USER_NAME, user);
                        e.add(Fields.RELATED_USER, user);
                    }
                    e.put(Fields.EVENT_REASON, reason);
                    e.put(Fields.ERROR_MESSAGE, reason);
                    c.rest();
                }
                return true;
            }
            Actions.set(e, "warning");
            e.put(Fields.EVENT_REASON, c.rest());
            return true;
        }
        // "203.0.113.78: hostname h verification failed: ...", "198.51.100.79: address not listed for hostname h"
        int colon = s.indexOf(": ", start);
        if (colon > start && Net.isIp(s.substring(start, colon))) {
            Net.put(e, Net.Side.SOURCE, null, s.substring(start, colon), -1);
            String rest = s.substring(colon + 2);
            String host = null;
            if (rest.startsWith("hostname ")) {
                int sp = rest.indexOf(' ', 9);
                host = rest.substring(9, sp < 0 ? rest.length() : sp);
            } else if (rest.startsWith("address not listed for hostname ")) {
                host = rest.substring(32);
            }
            if (host != null) e.put(Fields.SOURCE_DOMAIN, host);
            Actions.set(e, "warning");
            e.put(Fields.EVENT_REASON, rest);
            c.rest();
            return true;
        }
        if (c.skip("hostname ")) {
            // hostname H does not resolve to address A[: reason]
            String host = c.word();
            e.put(Fields.SOURCE_DOMAIN, host);
            if (c.skip("does not resolve to address ")) {
                String addr = c.upTo(':', ' ');
                Net.put(e, Net.Side.SOURCE, null, addr, -1);
            }
            Actions.set(e, "warning");
            e.put(Fields.EVENT_REASON, s.substring(start));
            c.rest();
            return true;
        }
        if (c.skip("non-SMTP command from ") || c.skip("Illegal address syntax from ")) {
            Net.endpoint(c, e, Net.Side.SOURCE);
            Actions.set(e, "protocol-error");
            e.put(Fields.EVENT_REASON, s.substring(start));
            c.rest();
            return true;
        }
        int limit = s.indexOf(" limit exceeded: ", start);
        if (limit > 0) {
            // "Connection rate limit exceeded: 31 from host[addr] for service smtp"
            c.pos(limit + 17);
            long count = c.number();
            if (count >= 0) e.put(Fields.MAIL_COUNT, count);
            if (c.skip(" from ")) Net.endpoint(c, e, Net.Side.SOURCE);
            Actions.set(e, "rejected");
            e.put(Fields.EVENT_REASON, s.substring(start));
            c.rest();
            return true;
        }
        return false;
    }
}
