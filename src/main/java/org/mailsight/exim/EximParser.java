package org.mailsight.exim;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/**
 * Exim's mainlog, rejectlog and paniclog lines (also inside syslog as {@code exim[pid]:} or {@code exim4[pid]:}).
 * A message line starts with the message id: {@code 1rABCD-0001Ab-Cd} (classic) or {@code 1rABCD-000000001Ab-ABCD}
 * (Exim 4.97+), then a flag ({@code <=}, {@code =>}, {@code ->}, {@code >>}, {@code *>}, {@code **}, {@code ==})
 * or a word ({@code Completed}, {@code frozen}, ...). Rejectlog header lines that follow a rejection arrive
 * joined to it with newlines and are kept with that event.
 */
public final class EximParser {

    public static boolean accepts(String program) {
        return "exim".equals(program) || "exim4".equals(program) || "exim4-daemon-heavy".equals(program)
                || "exim4-daemon-light".equals(program);
    }

    private final Cursor cursor = new Cursor("");

    public boolean parse(String program, String message, MailEvent e) {
        e.put(Fields.EVENT_MODULE, "exim");
        e.put(Fields.EVENT_DATASET, "mail.exim");
        e.put(Fields.SERVICE_TYPE, "exim");
        e.put(Fields.PROCESS_NAME, program);
        e.put(Fields.LOG_SYSLOG_APPNAME, program);
        message = stripSyslogPrefix(message);
        String first = message;
        int nl = message.indexOf('\n');
        if (nl >= 0) {
            first = message.substring(0, nl);
            RejectlogHeaders.parse(message.substring(nl + 1), e);
        }
        Cursor c = cursor.reset(first);
        int idEnd = messageIdEnd(first, 0);
        boolean ok;
        if (idEnd > 0) {
            e.put(Fields.EMAIL_LOCAL_ID, first.substring(0, idEnd));
            c.pos(idEnd + 1);
            ok = c.at("SA: ") ? SaExim.parse(c, e) : MessageLine.parse(c, e) || SessionLine.parse(c, e);
        } else {
            ok = c.at("SA: ") ? SaExim.parse(c, e) : SessionLine.parse(c, e);
        }
        if (ok && !e.has(Fields.LOG_LEVEL)) e.put(Fields.LOG_LEVEL, "info");
        return ok;
    }

    /**
     * Through syslog Exim may repeat its own header ({@code syslog_timestamp}: "2026-11-22 03:46:56.461 [26080] ")
     * and mark a long entry's first chunk ("[1\16] "): both are dropped, the header's time being the syslog one.
     */
    static String stripSyslogPrefix(String m) {
        int i = 0;
        if (m.startsWith("[")) {
            int close = m.indexOf("] ");
            if (close > 1 && close < 12 && m.substring(1, close).matches("\\d+[\\\\/]\\d+")) i = close + 2;
        }
        if (m.length() >= i + 19 && Character.isDigit(m.charAt(i)) && m.charAt(i + 4) == '-' && m.charAt(i + 10) == ' '
                && m.charAt(i + 13) == ':') {
            int j = i + 19;
            if (j < m.length() && m.charAt(j) == '.') {
                j++;
                while (j < m.length() && Character.isDigit(m.charAt(j))) j++;
            }
            if (j < m.length() && m.charAt(j) == ' ') j++;
            if (j + 5 < m.length() && (m.charAt(j) == '+' || m.charAt(j) == '-') && m.charAt(j + 5) == ' ') j += 6;
            if (j < m.length() && m.charAt(j) == '[') {
                int close = m.indexOf("] ", j);
                if (close > 0 && close - j < 12) j = close + 2;
            }
            i = j;
        }
        return i == 0 ? m : m.substring(i);
    }

    /**
     * End of an Exim message id at i (followed by a space), or -1. Classic ids are 6-6-2 base-62 characters;
     * Exim 4.97+ ids are 6-11-4.
     */
    public static int messageIdEnd(String s, int i) {
        int n = s.length();
        int a = run(s, i);
        if (a != 6 || i + 6 >= n || s.charAt(i + 6) != '-') return -1;
        int b = run(s, i + 7);
        if ((b != 6 && b != 11) || i + 7 + b >= n || s.charAt(i + 7 + b) != '-') return -1;
        int start = i + 8 + b;
        int c = run(s, start);
        if (!((b == 6 && c == 2) || (b == 11 && c == 4))) return -1;
        int end = start + c;
        return end == n || s.charAt(end) == ' ' || s.charAt(end) == ':' ? end : -1;
    }

    private static int run(String s, int i) {
        int j = i;
        while (j < s.length() && Character.isLetterOrDigit(s.charAt(j)) && s.charAt(j) < 128) j++;
        return j - i;
    }

    /** {@code H=name (helo) [ip]:port}, {@code H=(helo) [ip]}, {@code H=[ip]}: the host part of many lines. */
    static boolean host(Cursor c, MailEvent e, Net.Side side) {
        String s = c.text();
        int p = c.pos();
        String name = null;
        if (s.startsWith("[", p) || s.startsWith("(", p)) {
            // no verified name
        } else {
            int sp = s.indexOf(' ', p);
            if (sp < 0) {
                name = c.rest();
                if (side == Net.Side.SOURCE) e.put(Fields.SOURCE_DOMAIN, name);
                else e.put(Fields.DESTINATION_DOMAIN, name);
                return true;
            }
            name = s.substring(p, sp);
            c.pos(sp + 1);
        }
        if (c.peek() == '(') {
            // the HELO name, which may contain spaces and parentheses: it ends at ") [" before the address
            int close = s.indexOf(") [", c.pos());
            int end = close >= 0 ? close : s.indexOf(')', c.pos());
            if (end < 0) return false;
            if (side == Net.Side.SOURCE) e.put(Fields.MAIL_HELO, s.substring(c.pos() + 1, end));
            c.pos(end + 1);
            c.skip(' ');
        }
        if (c.peek() == '[') {
            int close = s.indexOf(']', c.pos());
            if (close < 0) return false;
            String addr = s.substring(c.pos() + 1, close);
            c.pos(close + 1);
            long port = -1;
            if (c.peek() == ':' || c.peek() == '.') {
                int save = c.pos();
                c.pos(save + 1);
                port = c.number();
                if (port < 0) c.pos(save);
            }
            Net.put(e, side, name, addr, port);
            return true;
        }
        if (name != null) Net.put(e, side, name, null, -1);
        return name != null;
    }
}
