package org.mailsight.stack;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Net;

/**
 * rspamd's syslog lines: "&lt;tag&gt;; module; function: text". The scan result (rspamd_task_write_log, with
 * Debian's default log_format) gives the verdict: "id: &lt;mid&gt;, qid: &lt;QUEUEID&gt;, ip: .., from: &lt;..&gt;,
 * (default: F (no action): [0.40/15.00] [SYM(0.50){opts},...]), len: .., time: .., ...". Other lines keep their
 * module and function; their text stays in message.
 */
final class Rspamd {
    private Rspamd() {}

    static boolean parse(String m, MailEvent e) {
        if (!m.startsWith("<")) return false;
        int tagEnd = m.indexOf(">; ");
        if (tagEnd < 0 || tagEnd > 64) return false;
        int modEnd = m.indexOf("; ", tagEnd + 3);
        if (modEnd < 0) return false;
        String module = m.substring(tagEnd + 3, modEnd);
        int fnEnd = m.indexOf(": ", modEnd + 2);
        if (fnEnd < 0) return false;
        String function = m.substring(modEnd + 2, fnEnd);
        for (int i = 0; i < function.length(); i++) {
            char c = function.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_') return false; // a C or Lua function name
        }
        if (!module.isEmpty()) e.put(StackFields.RSPAMD_MODULE, module);
        e.put(StackFields.RSPAMD_FUNCTION, function);
        String text = m.substring(fnEnd + 2);
        if (function.equals("rspamd_task_write_log") && taskLog(text, e)) return true;
        Actions.set(e, "info");
        return true;
    }

    private static boolean taskLog(String t, MailEvent e) {
        int metric = t.indexOf(", (");
        if (!t.startsWith("id: ") || metric < 0) return false;
        // the envelope part, before the metric: "id: <mid>, qid: <QID>, ip: 1.2.3.4, user: u, from: <a>"
        for (String kv : t.substring(0, metric).split(", ")) {
            int colon = kv.indexOf(": ");
            if (colon < 0) continue;
            String k = kv.substring(0, colon);
            String v = Milters.angle(kv.substring(colon + 2));
            switch (k) {
                case "id" -> { if (!v.equals("undef")) e.put(Fields.EMAIL_MESSAGE_ID, v); }
                case "qid" -> e.put(Fields.EMAIL_LOCAL_ID, v);
                case "ip" -> { if (Net.isIp(v)) e.put(Fields.SOURCE_IP, v); }
                case "user" -> e.put(Fields.USER_NAME, v);
                case "from" -> e.add(Fields.EMAIL_FROM, v);
                default -> { }
            }
        }
        // "(default: F (no action): [0.40/15.00] [symbols])"
        int p = t.indexOf(": ", metric + 3);
        if (p < 0 || p + 4 > t.length()) return false;
        char spam = t.charAt(p + 2);
        int actEnd = t.indexOf("): [", p + 4);
        if (actEnd < 0 || t.charAt(p + 3) != ' ' || t.charAt(p + 4) != '(') return false;
        String action = t.substring(p + 5, actEnd);
        int slash = t.indexOf('/', actEnd + 4);
        int close = t.indexOf("] [", actEnd + 4);
        if (slash < 0 || close < slash) return false;
        Double score = StackParser.decimal(t.substring(actEnd + 4, slash));
        Double required = StackParser.decimal(t.substring(slash + 1, close));
        if (score == null) return false;
        e.put(StackFields.SPAM_ENGINE, "rspamd");
        e.put(StackFields.SPAM_SCORE, score);
        e.put(StackFields.SPAM_REQUIRED, required);
        e.put(StackFields.SPAM_ACTION, action);
        // T: spam, F: ham, S: scan skipped (a pre-result such as GTUBE decided the action)
        e.put(StackFields.SPAM_VERDICT, spam == 'T' || (spam == 'S' && action.equals("reject")) ? "spam"
                : spam == 'F' ? "clean" : "skipped");
        int[] end = new int[1];
        long count = symbols(t, close + 3, end);
        if (count >= 0) e.put(StackFields.SPAM_SYMBOLS_COUNT, count);
        int len = t.indexOf(", len: ", Math.max(end[0], close));
        if (len > 0) {
            int comma = t.indexOf(',', len + 7);
            Long size = StackParser.integer(t.substring(len + 7, comma < 0 ? t.length() : comma));
            e.put(Fields.MAIL_SIZE, size);
        }
        int rcpts = t.indexOf(", rcpts: <", Math.max(end[0], close));
        if (rcpts > 0) {
            int gt = t.indexOf('>', rcpts + 10);
            if (gt > 0) for (String r : t.substring(rcpts + 10, gt).split(",")) if (!r.isEmpty()) e.add(Fields.EMAIL_TO, r);
        }
        Actions.set(e, "scanned");
        Actions.outcome(e, action.equals("reject") ? "failure" : "success");
        return true;
    }

    /** Counts "NAME(score){options}" entries from i up to the closing ']'; -1 when the list does not close. */
    static long symbols(String t, int i, int[] end) {
        int n = t.length();
        long count = 0;
        while (i < n) {
            char c = t.charAt(i);
            if (c == ']') {
                end[0] = i;
                return count;
            }
            if (c == ',') {
                i++;
                continue;
            }
            int open = t.indexOf('(', i);
            if (open < 0) return -1;
            int shut = t.indexOf(')', open);
            if (shut < 0) return -1;
            count++;
            i = shut + 1;
            if (i < n && t.charAt(i) == '{') {
                int brace = t.indexOf("}", i);
                if (brace < 0) return -1;
                // options end at the "}" that a ',' or ']' follows (an option's text may hold a '}')
                while (brace + 1 < n && t.charAt(brace + 1) != ',' && t.charAt(brace + 1) != ']') {
                    brace = t.indexOf('}', brace + 1);
                    if (brace < 0) return -1;
                }
                i = brace + 1;
            }
        }
        return -1;
    }
}
