package org.mailsight.stack;

import java.util.List;
import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Net;

/**
 * amavis (amavisd-new) at log level 0: the main log line of each message, "(12345-01) Passed CLEAN
 * {RelayedInbound}, [ip]:port &lt;from&gt; -&gt; &lt;to&gt;,&lt;to&gt;, Queue-ID: .., Message-ID: &lt;..&gt;, mail_id: ..,
 * Hits: -1, size: .., queued_as: NEWID, 236 ms" (Blocked SPAM, Blocked INFECTED (name), Blocked BANNED (parts), ...),
 * the task's warnings ("(!)", "(!!)") and the daemon's start-up lines.
 */
final class Amavis {
    private Amavis() {}

    /** Start-up and shutdown lines of the daemon (no task id), as amavisd writes them. */
    private static final List<String> STARTUP = List.of(
            "perl=", "Net::Server: ", "No ext program for ", "No decoder for ", "Found decoder for ",
            "Internal decoder for ", "Using primary internal av scanner code for ", "Using internal av scanner code for ",
            "Found secondary av scanner ", "Found primary av scanner ", "No primary av scanner", "No secondary av scanner",
            "No $", "Found $", "Module ", "SpamControl: ", "extra modules loaded", "Amavis::", "initializing ",
            "Creating db in ", "Deleting db files ", "Net::Server: Process Backgrounded", "config files read: ",
            "socket module ", "Requesting process rundown", "(!)", "(!!)");

    static boolean parse(String m, MailEvent e) {
        if (m.startsWith("starting. ")) {
            int at = m.indexOf(" amavis-");
            if (at > 0) {
                int sp = m.indexOf(' ', at + 8);
                if (sp > 0) e.put("service.version", m.substring(at + 8, sp));
            }
            Actions.set(e, "service-started");
            return true;
        }
        if (m.startsWith("TERMINATING ") || m.startsWith("Daemon process terminated") || m.startsWith("Server closing")) {
            Actions.set(e, "service-stopped");
            return true;
        }
        if (!m.startsWith("(")) {
            for (String prefix : STARTUP) {
                if (m.startsWith(prefix)) {
                    if (prefix.startsWith("(!")) e.put(Fields.LOG_LEVEL, prefix.equals("(!!)") ? "error" : "warning");
                    Actions.set(e, prefix.startsWith("(!") ? "warning" : "service-status");
                    return true;
                }
            }
            return false;
        }
        int close = m.indexOf(") ");
        if (close < 2 || close > 40) return false;
        e.put(StackFields.FILTER_TASK_ID, m.substring(1, close));
        String t = m.substring(close + 2);
        if (t.startsWith("Passed ") || t.startsWith("Blocked ")) return verdict(t, e);
        if (t.startsWith("(!!)") || t.startsWith("(!)") || t.startsWith("WARN: ")) {
            boolean error = t.startsWith("(!!)");
            e.put(Fields.LOG_LEVEL, error ? "error" : "warning");
            Actions.set(e, error ? "error" : "warning");
            return true;
        }
        return false;
    }

    private static boolean verdict(String t, MailEvent e) {
        boolean passed = t.startsWith("Passed ");
        int p = passed ? 7 : 8;
        int end = p;
        while (end < t.length() && t.charAt(end) != ' ' && t.charAt(end) != ',') end++;
        String verdict = t.substring(p, end);
        if (verdict.isEmpty()) return false;
        e.put(StackFields.FILTER_ACTION, passed ? "passed" : "blocked");
        e.put(StackFields.FILTER_VERDICT, verdict);
        p = end;
        if (t.startsWith(" (", p)) {
            // the virus name or banned parts: "(Eicar-Test-Signature)", "(application/octet-stream,.dat,eicar.com)"
            int shut = t.indexOf(") {", p);
            if (shut < 0) shut = t.indexOf("), ", p);
            if (shut < 0) return false;
            String detail = t.substring(p + 2, shut);
            e.put(StackFields.FILTER_DETAIL, detail);
            if (verdict.equals("INFECTED")) e.put(StackFields.VIRUS_NAME, detail);
            p = shut + 1;
        }
        if (t.startsWith(" {", p)) {
            int shut = t.indexOf('}', p);
            if (shut < 0) return false;
            for (String s : t.substring(p + 2, shut).split(",")) e.add(StackFields.FILTER_POLICY, s);
            p = shut + 1;
        }
        if (!t.startsWith(", ", p)) return false;
        p += 2;
        // client endpoints: "[127.0.0.7]:44017", "[ip] [ip]" (older), "LOCAL"
        while (p < t.length() && t.charAt(p) == '[') {
            int shut = t.indexOf(']', p);
            if (shut < 0) return false;
            String ip = t.substring(p + 1, shut);
            if (Net.isIp(ip) && !e.has(Fields.SOURCE_IP)) e.put(Fields.SOURCE_IP, ip);
            p = shut + 1;
            if (p < t.length() && t.charAt(p) == ':') {
                int q = p + 1;
                while (q < t.length() && Net.isDigit(t.charAt(q))) q++;
                if (!e.has(Fields.SOURCE_PORT)) e.put(Fields.SOURCE_PORT, StackParser.integer(t.substring(p + 1, q)));
                p = q;
            }
            if (p < t.length() && t.charAt(p) == ' ') p++;
        }
        if (t.startsWith("LOCAL ", p)) p += 6;
        if (p >= t.length() || t.charAt(p) != '<') return false;
        int gt = t.indexOf('>', p);
        if (gt < 0 || !t.startsWith(" -> <", gt + 1)) return false;
        e.add(Fields.EMAIL_FROM, t.substring(p + 1, gt));
        p = gt + 5;
        while (p < t.length() && t.charAt(p) == '<') {
            int r = t.indexOf('>', p);
            if (r < 0) return false;
            e.add(Fields.EMAIL_TO, t.substring(p + 1, r));
            p = r + 1;
            if (t.startsWith(",<", p)) p++;
        }
        String rest = t.substring(p);
        e.put(Fields.EMAIL_LOCAL_ID, value(rest, "Queue-ID: "));
        e.put(Fields.EMAIL_MESSAGE_ID, Milters.angle(value(rest, "Message-ID: ")));
        e.put(StackFields.FILTER_MAIL_ID, value(rest, "mail_id: "));
        e.put(StackFields.FILTER_QUARANTINE, value(rest, "quarantine: "));
        e.put(StackFields.FILTER_NEXT_ID, value(rest, "queued_as: "));
        e.put(Fields.MAIL_SIZE, StackParser.integer(value(rest, "size: ")));
        Double hits = StackParser.decimal(value(rest, "Hits: "));
        if (hits != null) {
            e.put(StackFields.SPAM_ENGINE, "amavis");
            e.put(StackFields.SPAM_SCORE, hits);
            e.put(StackFields.SPAM_VERDICT, verdict.startsWith("SPAM") ? "spam" : "clean");
        }
        if (verdict.equals("INFECTED")) {
            e.put(StackFields.VIRUS_ENGINE, "amavis");
            e.put(StackFields.VIRUS_VERDICT, "infected");
        } else if (verdict.equals("CLEAN")) {
            e.put(StackFields.VIRUS_ENGINE, "amavis");
            e.put(StackFields.VIRUS_VERDICT, "clean");
        }
        if (rest.endsWith(" ms")) {
            int sp = rest.lastIndexOf(' ', rest.length() - 4);
            e.put(StackFields.FILTER_ELAPSED_MS, StackParser.integer(rest.substring(sp + 1, rest.length() - 3)));
        }
        Actions.set(e, "scanned");
        Actions.outcome(e, passed ? "success" : "failure");
        return true;
    }

    /** The value after ", key" up to the next ", " (or the end), or null. */
    private static String value(String s, String key) {
        int i = s.indexOf(", " + key);
        if (i < 0) return null;
        int from = i + 2 + key.length();
        int to = s.indexOf(", ", from);
        return s.substring(from, to < 0 ? s.length() : to);
    }
}
