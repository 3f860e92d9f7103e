package org.mailsight.stack;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Net;

/**
 * SpamAssassin's spamd ("spamd: identified spam (999.0/5.0) for bob:107 in 0.1 seconds, 1471 bytes.", "spamd:
 * clean message (..)", "spamd: result: Y 999 - GTUBE,... scantime=..,mid=&lt;..&gt;,..", connections, start-up) and its
 * client spamc (connection failures).
 */
final class SpamAssassin {
    private SpamAssassin() {}

    static boolean spamd(String m, MailEvent e) {
        if (m.startsWith("prefork: ") || m.startsWith("logger: ")) {
            Actions.set(e, "service-status");
            return true;
        }
        if (m.startsWith("plugin: ") || m.startsWith("config: ") || m.startsWith("rules: ")
                || m.startsWith("dns: ") || m.startsWith("bayes: ") || m.startsWith("auto-whitelist: ")) {
            e.put(Fields.LOG_LEVEL, "warning");
            Actions.set(e, "warning");
            return true;
        }
        if (!m.startsWith("spamd: ")) return false;
        String t = m.substring(7);
        boolean spam = t.startsWith("identified spam (");
        if (spam || t.startsWith("clean message (")) return verdict(t, spam, e);
        if (t.startsWith("result: ")) return result(t.substring(8), e);
        if (t.startsWith("connection from ")) {
            // "connection from localhost [127.0.0.1]:45988 to port 783, fd 5"
            int open = t.indexOf(" [", 16);
            int shut = open < 0 ? -1 : t.indexOf(']', open);
            if (shut < 0) return false;
            e.put(Fields.SOURCE_DOMAIN, t.substring(16, open));
            String ip = t.substring(open + 2, shut);
            if (Net.isIp(ip)) e.put(Fields.SOURCE_IP, ip);
            if (shut + 1 < t.length() && t.charAt(shut + 1) == ':') {
                int q = shut + 2;
                while (q < t.length() && Net.isDigit(t.charAt(q))) q++;
                e.put(Fields.SOURCE_PORT, StackParser.integer(t.substring(shut + 2, q)));
            }
            Actions.set(e, "connect");
            return true;
        }
        if (t.startsWith("checking message <") || t.startsWith("processing message <")) {
            // "checking message <mid> for bob:107"
            int lt = t.indexOf('<');
            int gt = t.indexOf("> for ", lt);
            if (gt < 0) return false;
            e.put(Fields.EMAIL_MESSAGE_ID, t.substring(lt + 1, gt));
            user(t.substring(gt + 6), e);
            Actions.set(e, "info");
            return true;
        }
        if (t.startsWith("server started on ") || t.startsWith("server pid: ")
                || t.startsWith("server successfully spawned child process")) {
            Actions.set(e, t.startsWith("server started") ? "service-started" : "service-status");
            return true;
        }
        if (t.startsWith("server killed by ") || t.startsWith("server hit by ")) {
            Actions.set(e, t.startsWith("server killed") ? "service-stopped" : "service-reloaded");
            return true;
        }
        if (t.startsWith("setuid to ") || t.startsWith("creating default_prefs") || t.startsWith("handled cleanup")
                || t.startsWith("still running as root")) {
            Actions.set(e, "info");
            return true;
        }
        return false;
    }

    /** "identified spam (999.0/5.0) for bob:107 in 0.1 seconds, 1471 bytes." */
    private static boolean verdict(String t, boolean spam, MailEvent e) {
        int open = t.indexOf('(');
        int slash = t.indexOf('/', open);
        int shut = t.indexOf(')', open);
        if (slash < 0 || shut < slash) return false;
        Double score = StackParser.decimal(t.substring(open + 1, slash));
        if (score == null) return false;
        e.put(StackFields.SPAM_ENGINE, "spamassassin");
        e.put(StackFields.SPAM_SCORE, score);
        e.put(StackFields.SPAM_REQUIRED, StackParser.decimal(t.substring(slash + 1, shut)));
        e.put(StackFields.SPAM_VERDICT, spam ? "spam" : "clean");
        if (t.startsWith(" for ", shut + 1)) {
            int in = t.indexOf(" in ", shut + 5);
            if (in > 0) user(t.substring(shut + 6, in), e);
            int comma = t.indexOf(", ", shut);
            int bytes = t.indexOf(" bytes", comma + 2);
            if (comma > 0 && bytes > 0) e.put(Fields.MAIL_SIZE, StackParser.integer(t.substring(comma + 2, bytes)));
        }
        Actions.set(e, "scanned");
        Actions.outcome(e, spam ? "failure" : "success");
        return true;
    }

    /** "Y 999 - ALL_TRUSTED,GTUBE scantime=0.1,size=1471,user=bob,uid=107,required_score=5.0,...,mid=<..>,..." */
    private static boolean result(String t, MailEvent e) {
        if (t.length() < 4 || (t.charAt(0) != 'Y' && t.charAt(0) != '.') || t.charAt(1) != ' ') return false;
        int dash = t.indexOf(" - ", 2);
        if (dash < 0) return false;
        Double score = StackParser.decimal(t.substring(2, dash));
        int sp = t.indexOf(' ', dash + 3);
        if (score == null || sp < 0) return false;
        e.put(StackFields.SPAM_ENGINE, "spamassassin");
        e.put(StackFields.SPAM_SCORE, score);
        e.put(StackFields.SPAM_VERDICT, t.charAt(0) == 'Y' ? "spam" : "clean");
        String tests = t.substring(dash + 3, sp);
        long count = tests.isEmpty() || tests.equals("none") ? 0 : tests.split(",").length;
        e.put(StackFields.SPAM_SYMBOLS_COUNT, count);
        String fields = t.substring(sp + 1);
        int mid = fields.indexOf("mid=<");
        if (mid >= 0) {
            int gt = fields.indexOf('>', mid);
            if (gt > 0) e.put(Fields.EMAIL_MESSAGE_ID, fields.substring(mid + 5, gt));
        }
        for (String kv : fields.split(",")) {
            int eq = kv.indexOf('=');
            if (eq < 0) continue;
            String k = kv.substring(0, eq);
            String v = kv.substring(eq + 1);
            switch (k) {
                case "size" -> e.put(Fields.MAIL_SIZE, StackParser.integer(v));
                case "user" -> e.put(Fields.USER_NAME, v);
                case "uid" -> e.put(Fields.USER_ID, v);
                case "required_score" -> e.put(StackFields.SPAM_REQUIRED, StackParser.decimal(v));
                default -> { }
            }
        }
        Actions.set(e, "scanned");
        Actions.outcome(e, t.charAt(0) == 'Y' ? "failure" : "success");
        return true;
    }

    private static void user(String s, MailEvent e) {
        int colon = s.lastIndexOf(':');
        if (colon > 0) {
            e.put(Fields.USER_NAME, s.substring(0, colon));
            e.put(Fields.USER_ID, s.substring(colon + 1));
        } else {
            e.put(Fields.USER_NAME, s);
        }
    }

    /** spamc: "connect to spamd on ::1 failed, retrying (#1 of 3): Connection refused", "... aborted after 3 retries". */
    static boolean spamc(String m, MailEvent e) {
        if (m.startsWith("connect to spamd on ") && m.contains(" failed")) {
            String ip = m.substring(20, m.indexOf(" failed"));
            if (Net.isIp(ip)) e.put(Fields.DESTINATION_IP, ip);
            int colon = m.lastIndexOf("): ");
            if (colon > 0) e.put(Fields.ERROR_MESSAGE, m.substring(colon + 3));
            e.put(Fields.LOG_LEVEL, "warning");
            Actions.set(e, "connect-failed");
            return true;
        }
        if (m.startsWith("connection attempt to spamd aborted") || m.startsWith("failed sanity check")
                || m.startsWith("skipped message, greater than max message size")) {
            e.put(Fields.LOG_LEVEL, "error");
            Actions.set(e, "error");
            return true;
        }
        return false;
    }
}
