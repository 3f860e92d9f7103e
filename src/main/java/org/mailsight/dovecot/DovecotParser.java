package org.mailsight.dovecot;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;

/**
 * Dovecot, through syslog ({@code dovecot: imap-login: Login: ...}) or its own log file
 * ({@code imap-login: Info: Login: ...}). A line is {@code PROCESS[(user|pid)][<pid>][<session>]: [Level: ]text}.
 */
public final class DovecotParser {

    private static final java.util.Set<String> PROCESSES = java.util.Set.of(
            "imap-login", "pop3-login", "submission-login", "managesieve-login", "imap", "pop3", "lmtp", "lda",
            "deliver", "auth", "auth-worker", "master", "config", "stats", "anvil", "log", "indexer",
            "indexer-worker", "doveadm", "submission", "managesieve", "dict", "quota-status", "imap-hibernate",
            "dsync", "replicator", "aggregator", "director", "lmtp-proxy", "imap-urlauth", "imap-urlauth-login");

    /** True for "dovecot" (syslog) and for Dovecot's own process names (its own log file, journald). */
    public static boolean accepts(String program) {
        if (program == null) return false;
        if (program.equals("dovecot") || program.equals("dovecot-auth") || program.equals("auth worker")) return true;
        int end = program.indexOf('(');
        if (end < 0) end = program.indexOf('<');
        return PROCESSES.contains(end < 0 ? program : program.substring(0, end));
    }

    private final Cursor cursor = new Cursor("");

    public boolean parse(String program, String message, MailEvent e) {
        e.put(Fields.EVENT_MODULE, "dovecot");
        e.put(Fields.EVENT_DATASET, "mail.dovecot");
        e.put(Fields.SERVICE_TYPE, "dovecot");
        // through syslog the process prefix is in the message; in Dovecot's own log file it is the program
        boolean syslog = program.equals("dovecot");
        if (program.equals("auth worker")) program = "auth-worker"; // 2.4's process title, as PAM's syslog tag
        if (program.equals("dovecot-auth")) program = "auth"; // Dovecot 1.x's auth process name
        if (syslog) {
            // log_timestamp written inside a syslog line (Dovecot logging to stderr, collected by journald)
            int t = ownTimestamp(message);
            if (t > 0) message = message.substring(t);
            if (message.startsWith("pam_")) {
                // PAM's own module line, logged through Dovecot's auth process
                e.put(Fields.PROCESS_NAME, "auth");
                e.put(Fields.LOG_SYSLOG_APPNAME, SYSLOG_APPNAMES.get("auth"));
                e.put(Fields.LOG_LEVEL, "info");
                return AuthLine.parse(cursor.reset(message), e);
            }
        }
        String head = syslog ? message : program;
        int colon = syslog ? message.indexOf(": ") : program.length();
        String process = prefix(head, colon, e);
        if (process == null) return false;
        Cursor c = cursor.reset(message);
        if (syslog) c.pos(colon + 2);
        e.put(Fields.PROCESS_NAME, process);
        e.put(Fields.LOG_SYSLOG_APPNAME, syslog ? SYSLOG_APPNAMES.get(process) : process);
        if (c.at("request [")) {
            // Dovecot 2.4's auth-worker: "request [3]: Info: pam: ..."
            int close = c.text().indexOf("]: ", c.pos());
            long n = close < 0 ? -1 : org.mailsight.parse.Net.digits(c.text(), c.pos() + 9, close);
            if (n >= 0) {
                e.put("dovecot.auth.request", n);
                c.pos(close + 3);
            }
        }
        String level = level(c);
        e.put(Fields.LOG_LEVEL, level == null ? "info" : level);
        int start = c.pos();
        boolean ok = switch (process) {
            case "imap-login", "pop3-login", "submission-login", "managesieve-login", "imap-urlauth-login" ->
                    LoginLine.parse(c, e);
            case "imap", "pop3", "submission", "managesieve", "imap-hibernate" ->
                    MailLogLine.parse(c, e) || SessionEnd.parse(c.moveTo(start), e);
            case "lmtp", "lda", "deliver" -> MailLogLine.parse(c, e) || DeliveryLine.parse(c.moveTo(start), e);
            case "auth", "auth-worker" -> AuthLine.parse(c, e);
            case "master" -> master(c, e);
            default -> false;
        };
        // a proxy or an unusual process name: the line may follow another process's grammar
        for (int i = 0; !ok && i < 4; i++) {
            int fields = e.size();
            c.pos(start);
            ok = switch (i) {
                case 0 -> !process.endsWith("-login") && LoginLine.parse(c, e);
                case 1 -> !process.equals("imap") && MailLogLine.parse(c, e);
                case 2 -> !process.equals("imap") && !process.equals("pop3") && SessionEnd.parse(c, e);
                default -> !process.equals("lmtp") && DeliveryLine.parse(c, e);
            };
            if (ok) e.put("dovecot.parsed_as", GRAMMARS[i]);
            else for (int k = e.size() - 1; k >= fields; k--) e.remove(e.keyAt(k)); // nothing of a failed try stays
        }
        if (!ok && level != null && !"info".equals(level)) {
            // an error or warning with no more structure: kept as such
            c.pos(start);
            String rest = c.rest();
            Actions.set(e, switch (level) {
                case "warning" -> "warning";
                case "fatal" -> "fatal";
                case "panic" -> "panic";
                default -> "error";
            });
            e.put(Fields.EVENT_REASON, rest);
            if (!"warning".equals(level)) e.put(Fields.ERROR_MESSAGE, rest);
            ok = true;
        }
        return ok;
    }

    /**
     * {@code imap-login}, {@code imap(alice)<4242><sess>}, {@code lmtp(4242)}, {@code auth-worker(4242)}:
     * returns the process name and puts user, pid and session on the event.
     */
    private static String prefix(String s, int colon, MailEvent e) {
        if (colon <= 0) return null;
        int p = 0;
        int i = p;
        while (i < colon && s.charAt(i) != '(' && s.charAt(i) != '<') i++;
        String process = known(s, p, i);
        if (process == null) return null;
        if (i < colon && s.charAt(i) == '(') {
            int close = s.lastIndexOf(')', colon);
            if (close < i) return null;
            long pid = org.mailsight.parse.Net.digits(s, i + 1, close);
            if (pid >= 0) {
                e.put("dovecot.pid", pid);
            } else if (process.startsWith("auth")) {
                AuthLine.processList(s.substring(i + 1, close), e); // 2.4 "auth(user,ip,sasl:plain)", 1.x "auth(default)"
            } else if (close > i + 1) {
                String user = s.substring(i + 1, close);
                e.put(Fields.USER_NAME, user);
                e.add(Fields.RELATED_USER, user);
            }
            i = close + 1;
        }
        int field = 0;
        while (i < colon && s.charAt(i) == '<') {
            int close = s.indexOf('>', i);
            if (close < 0 || close > colon) break;
            long pid = field == 0 ? org.mailsight.parse.Net.digits(s, i + 1, close) : -1;
            if (pid >= 0) e.put("dovecot.pid", pid);
            else e.put("dovecot.session", s.substring(i + 1, close));
            field++;
            i = close + 1;
        }
        if (i != colon) return null;
        String proto = switch (process) {
            case "imap", "imap-login", "imap-hibernate" -> "imap";
            case "pop3", "pop3-login" -> "pop3";
            case "submission", "submission-login" -> "smtp";
            case "managesieve", "managesieve-login" -> "managesieve";
            case "lmtp" -> "lmtp";
            default -> null;
        };
        if (proto != null) e.put(Fields.NETWORK_PROTOCOL, proto);
        return process;
    }


    private static final String[] GRAMMARS = {"login", "mail_log", "session", "delivery"};

    /** The process name between from and to as the shared constant, or null when Dovecot has no such process. */
    private static String known(String s, int from, int to) {
        for (String name : PROCESSES) if (name.length() == to - from && s.startsWith(name, from)) return name;
        // Dovecot 1.x wrote "IMAP(user)" and "POP3(user)"
        if (to - from == 4 && (s.startsWith("IMAP", from) || s.startsWith("POP3", from))) {
            return s.charAt(from) == 'I' ? "imap" : "pop3";
        }
        return null;
    }

    /**
     * Length of a log_timestamp at the start of m ("Nov 22 12:00:08 " or "2026-11-22 12:00:09[.123] "), or 0.
     * Shapes only: the syslog header's time is the event's time.
     */
    static int ownTimestamp(String m) {
        int n = m.length();
        if (n > 16 && Character.isUpperCase(m.charAt(0)) && m.charAt(3) == ' ' && m.charAt(6) == ' '
                && m.charAt(9) == ':' && m.charAt(12) == ':' && m.charAt(15) == ' ') {
            return 16;
        }
        if (n > 20 && Character.isDigit(m.charAt(0)) && m.charAt(4) == '-' && m.charAt(7) == '-'
                && m.charAt(10) == ' ' && m.charAt(13) == ':' && m.charAt(16) == ':') {
            int i = 19;
            if (m.charAt(i) == '.') {
                i++;
                while (i < n && Character.isDigit(m.charAt(i))) i++;
            }
            return i < n && m.charAt(i) == ' ' ? i + 1 : 0;
        }
        return 0;
    }

    private static final java.util.Map<String, String> SYSLOG_APPNAMES = new java.util.HashMap<>();
    static {
        for (String name : PROCESSES) SYSLOG_APPNAMES.put(name, "dovecot/" + name);
    }

    private static String level(Cursor c) {
        if (c.skip("Info: ")) return "info";
        if (c.skip("Warning: ")) return "warning";
        if (c.skip("Error: ")) return "error";
        if (c.skip("Fatal: ")) return "fatal";
        if (c.skip("Panic: ")) return "panic";
        if (c.skip("Debug: ")) return "debug";
        return null;
    }

    /** "Dovecot v2.3.19.1 (9b53102964) starting up for imap, pop3, lmtp", "Killed with signal 15 (by pid=1 ...)". */
    private static boolean master(Cursor c, MailEvent e) {
        String s = c.text().substring(c.pos());
        if (s.startsWith("Dovecot v") && s.contains(" starting up")) {
            int sp = s.indexOf(' ', 9);
            e.put("dovecot.version", s.substring(9, sp < 0 ? s.length() : sp));
            Actions.set(e, "service-started");
        } else if (s.startsWith("Killed with signal ")) {
            Actions.set(e, "service-stopped");
        } else if (s.startsWith("SIGHUP received - reloading configuration")) {
            Actions.set(e, "service-reloaded");
        } else {
            return false;
        }
        e.put(Fields.EVENT_REASON, s);
        c.rest();
        return true;
    }
}
