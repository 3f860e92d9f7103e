package org.mailsight.postfix;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/**
 * Every Postfix daemon. The program name is {@code postfix[-instance][/service]/daemon}; the message is
 * optionally {@code warning: }, {@code error: }, {@code fatal: } or {@code panic: } and then either
 * {@code QUEUEID: ...}, {@code NOQUEUE: ...} or a daemon-specific line.
 */
public final class PostfixParser {

    /** True for program names Postfix writes: postfix/smtpd, postfix-out/smtp, postfix/submission/smtpd. */
    public static boolean accepts(String program) {
        if (program == null) return false;
        if (program.startsWith("postfix") && (program.length() == 7 || program.charAt(7) == '/'
                || program.charAt(7) == '-')) return true;
        // a custom syslog_name without "postfix" ("mx/smtpd", "out/qmgr"): known by its daemon
        int slash = program.lastIndexOf('/');
        return slash > 0 && DAEMONS.contains(program.substring(slash + 1));
    }

    private static final java.util.Set<String> DAEMONS = java.util.Set.of("smtpd", "smtp", "lmtp", "qmgr", "cleanup",
            "pickup", "local", "virtual", "bounce", "postscreen", "dnsblog", "tlsproxy", "anvil", "scache",
            "trivial-rewrite", "pipe", "error", "discard", "master", "postdrop", "sendmail", "postsuper", "tlsmgr",
            "verify", "flush", "showq", "proxymap", "postlogd", "oqmgr", "qmqpd", "spawn");

    private final Cursor cursor = new Cursor("");
    private String lastProgram = "";
    private String lastDaemon = "";
    private String lastService = "";

    /** Parses one message; false when the line is not understood (the caller marks it unparsed). */
    public boolean parse(String program, String message, MailEvent e) {
        if (!program.equals(lastProgram)) {
            int slash = program.indexOf('/');
            int last = program.lastIndexOf('/');
            lastDaemon = last < 0 ? program : program.substring(last + 1);
            lastService = slash < 0 ? program : program.substring(0, slash);
            lastProgram = program;
        }
        String daemon = lastDaemon;
        e.put(Fields.EVENT_MODULE, "postfix");
        e.put(Fields.EVENT_DATASET, "mail.postfix");
        e.put(Fields.SERVICE_TYPE, "postfix");
        e.put(Fields.SERVICE_NAME, lastService);
        e.put(Fields.PROCESS_NAME, daemon);
        e.put(Fields.LOG_SYSLOG_APPNAME, program);
        Cursor c = cursor.reset(message);
        String level = level(c);
        if (level != null) e.put(Fields.LOG_LEVEL, level);
        boolean ok = body(daemon, c, e);
        if (!ok && level != null) {
            // a warning we know nothing more about is still a warning of this daemon
            c.pos(0);
            level(c);
            generic(c, e, level);
            ok = true;
        }
        if (ok && level == null && !e.has(Fields.LOG_LEVEL)) e.put(Fields.LOG_LEVEL, "info");
        return ok;
    }

    private static String level(Cursor c) {
        if (c.skip("warning: ")) return "warning";
        if (c.skip("error: ")) return "error";
        if (c.skip("fatal: ")) return "fatal";
        if (c.skip("panic: ")) return "panic";
        return null;
    }

    private static boolean body(String daemon, Cursor c, MailEvent e) {
        int start = c.pos();
        int idEnd = queueIdEnd(c.text(), start);
        if (idEnd > 0) {
            e.put(Fields.EMAIL_LOCAL_ID, c.text().substring(start, idEnd));
            c.pos(idEnd + 2);
            if (QueueParser.parse(daemon, c, e)) return true;
            // "QUEUEID: warning: ..." and other free text about one message
            String lvl = level(c);
            if (lvl != null) {
                e.put(Fields.LOG_LEVEL, lvl);
                generic(c, e, lvl);
                return true;
            }
            return false;
        }
        boolean ok = grammar(daemon, c, e);
        if (!ok) {
            c.pos(start);
            ok = common(c, e);
        }
        // a custom syslog_name, a wrapper or a proxy: the line may be another daemon's
        // (warnings and errors have their own catch-all in parse())
        for (int i = 0; !ok && !e.has(Fields.LOG_LEVEL) && i < GRAMMARS.length; i++) {
            if (GRAMMARS[i].equals(daemon)) continue;
            int fields = e.size();
            c.pos(start);
            ok = grammar(GRAMMARS[i], c, e);
            if (ok) e.put("postfix.parsed_as", GRAMMARS[i]);
            else for (int k = e.size() - 1; k >= fields; k--) e.remove(e.keyAt(k)); // nothing of a failed try stays
        }
        if (!ok) c.pos(start);
        return ok;
    }

    /** Daemons whose grammar a line of another program name may follow, most common first. */
    private static final String[] GRAMMARS = {"smtpd", "smtp", "postscreen", "dnsblog", "master", "postfix-script",
        "anvil"};

    private static boolean grammar(String daemon, Cursor c, MailEvent e) {
        return switch (daemon) {
            case "smtpd" -> SmtpdParser.session(c, e) || (warning(e) && SmtpdParser.warning(c, e));
            case "tlsproxy" -> PostscreenParser.parse(c, e) || SmtpdParser.session(c, e);
            case "postscreen" -> PostscreenParser.parse(c, e);
            case "dnsblog" -> PostscreenParser.dnsblog(c, e);
            case "master" -> ServiceParser.master(c, e);
            case "postfix-script" -> ServiceParser.script(c, e);
            case "anvil", "scache" -> ServiceParser.statistics(c, e);
            case "postsuper" -> ServiceParser.postsuperSummary(c, e);
            case "smtp", "lmtp" -> connectFailed(c, e) || Tls.established(c, e) || Tls.other(c, e)
                    || DeliveryLine.parse(c, e);
            case "postfix" -> admin(c, e);
            default -> false;
        };
    }

    private static boolean warning(MailEvent e) {
        return "warning".equals(e.get(Fields.LOG_LEVEL));
    }

    /** The postfix command itself: compatibility notices and other admin text. */
    private static boolean admin(Cursor c, MailEvent e) {
        if (ServiceParser.script(c, e)) return true;
        Actions.set(e, "info");
        e.put(Fields.EVENT_REASON, c.rest());
        return true;
    }

    /** Lines any daemon may write: table reloads, cache cleanups, statistics, verbose (-v) debugging. */
    private static boolean common(Cursor c, MailEvent e) {
        String s = c.text();
        if (Debug.parse(c, e)) return true;
        if (c.skip("table ")) {
            int changed = s.indexOf(" has changed", c.pos());
            if (changed < 0) return false;
            e.put(Fields.FILE_PATH, s.substring(c.pos(), changed));
            Actions.set(e, "config-changed");
            e.put(Fields.EVENT_REASON, s.substring(changed + 1));
            c.rest();
            return true;
        }
        if (c.skip("cache ")) {
            // cache btree:/var/lib/postfix/postscreen_cache full cleanup: retained=1 dropped=0 entries
            String name = c.until(' ');
            if (name == null || !c.skip("full cleanup: retained=")) return false;
            e.put(Fields.FILE_PATH, name);
            long kept = c.number();
            if (!c.skip(" dropped=")) return false;
            e.put(Fields.POSTFIX_CACHE_RETAINED, kept);
            e.put(Fields.POSTFIX_CACHE_DROPPED, c.number());
            Actions.set(e, "statistics");
            c.rest();
            return true;
        }
        return ServiceParser.statistics(c, e);
    }

    /** smtp/lmtp: "connect to H[A]:25: Connection refused" (no queue id: the attempt may serve many). */
    private static boolean connectFailed(Cursor c, MailEvent e) {
        if (!c.skip("connect to ")) return false;
        if (!Net.endpoint(c, e, Net.Side.DESTINATION)) return false;
        Actions.set(e, "connect-failed");
        if (c.skip(": ")) {
            String reason = c.rest();
            e.put(Fields.EVENT_REASON, reason);
            e.put(Fields.ERROR_MESSAGE, reason);
        }
        return true;
    }

    /** A level line with no further structure: the text is kept as the reason; host[addr] noted when present. */
    private static void generic(Cursor c, MailEvent e, String level) {
        String text = c.rest();
        Actions.set(e, level);
        e.put(Fields.EVENT_REASON, text);
        if ("error".equals(level) || "fatal".equals(level) || "panic".equals(level)) e.put(Fields.ERROR_MESSAGE, text);
    }

    /**
     * End of a queue id at start (the index of its ':'), or -1. Short ids are 6+ upper-case hex digits;
     * long ids (enable_long_queue_ids) are 12+ letters and digits with a 'z' between time and inode parts.
     */
    static int queueIdEnd(String s, int start) {
        int n = s.length();
        int i = start;
        boolean hex = true;
        boolean z = false;
        while (i < n) {
            char ch = s.charAt(i);
            if ((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'F')) {
                i++;
            } else if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')) {
                hex = false;
                if (ch == 'z') z = true;
                i++;
            } else {
                break;
            }
        }
        int len = i - start;
        if (i + 1 >= n || s.charAt(i) != ':' || s.charAt(i + 1) != ' ') return -1;
        if (hex && len >= 6 && len <= 24) return i;
        if (!hex && z && len >= 12 && len <= 24 && Character.isDigit(s.charAt(start))) return i;
        return -1;
    }
}
