package org.mailsight.stack;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * The filters an MTA calls, as they log to mail.log: milters (opendkim, opendmarc, clamav-milter, rspamd's proxy),
 * policy servers (policyd-spf, postgrey) and content filters (amavis, spamd/spamc). Each line's verdict lands in
 * {@code mail.auth_results.*}, {@code mail.spam.*}, {@code mail.virus.*}, {@code mail.filter.*} or
 * {@code mail.greylist.*}, with the queue id in {@code email.local_id} when the filter logs one.
 */
public final class StackParser {

    /** The filter family of a program name, or null when it is none of ours. */
    public static String family(String program) {
        if (program == null) return null;
        return switch (program) {
            case "opendkim" -> "opendkim";
            case "opendmarc" -> "opendmarc";
            case "policyd-spf", "postfix/policyd-spf", "policy-spf" -> "policyd-spf";
            case "postgrey" -> "postgrey";
            case "rspamd" -> "rspamd";
            case "amavis", "amavisd", "amavisd-new" -> "amavis";
            case "spamd", "spamc" -> "spamassassin";
            case "clamav-milter" -> "clamav";
            default -> null;
        };
    }

    public static boolean accepts(String program) {
        return family(program) != null;
    }

    /** Parses one message; false when the line is not understood (the caller marks it unparsed). */
    public boolean parse(String program, String message, MailEvent e) {
        String family = family(program);
        e.put(Fields.EVENT_MODULE, family);
        e.put(Fields.EVENT_DATASET, "mail.filter");
        e.put(Fields.SERVICE_TYPE, family);
        e.put(Fields.PROCESS_NAME, program);
        e.put(Fields.LOG_SYSLOG_APPNAME, program);
        boolean ok = switch (family) {
            case "opendkim" -> Milters.opendkim(message, e);
            case "opendmarc" -> Milters.opendmarc(message, e);
            case "clamav" -> Milters.clamav(message, e);
            case "policyd-spf" -> Policies.spf(message, e);
            case "postgrey" -> Policies.postgrey(message, e);
            case "rspamd" -> Rspamd.parse(message, e);
            case "amavis" -> Amavis.parse(message, e);
            case "spamassassin" -> "spamc".equals(program) ? SpamAssassin.spamc(message, e) : SpamAssassin.spamd(message, e);
            default -> false;
        };
        if (ok && !e.has(Fields.LOG_LEVEL)) e.put(Fields.LOG_LEVEL, "info");
        return ok;
    }

    /** A pass/fail style result as ECS outcome: pass is success, fail and softfail failure, the rest unknown. */
    static void outcome(MailEvent e, String result) {
        if (result == null) return;
        switch (result) {
            case "pass" -> Actions.outcome(e, "success");
            case "fail", "softfail", "reject", "quarantine" -> Actions.outcome(e, "failure");
            default -> Actions.outcome(e, "unknown");
        }
    }

    /** Index just past a queue id ("3A5EA52A249: ") at the start, or -1 (hex Postfix ids and long ids alike). */
    static int queueIdEnd(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && i < 32 && (Character.isLetterOrDigit(s.charAt(i)))) i++;
        if (i < 6 || i + 1 >= n || s.charAt(i) != ':' || s.charAt(i + 1) != ' ') return -1;
        return i;
    }

    /** Number of a decimal like "-0.10" or "999.001", or null. */
    static Double decimal(String s) {
        if (s == null || s.isEmpty() || s.length() > 24) return null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && !(i == 0 && (c == '-' || c == '+'))) return null;
        }
        try {
            return Double.valueOf(s);
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    static Long integer(String s) {
        if (s == null || s.isEmpty() || s.length() > 18) return null;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return null;
        return Long.valueOf(s);
    }
}
