package org.mailsight.record;

/**
 * Splits a raw log line into its header and the program's message. Recognizes, by their first characters:
 * <ul>
 *   <li>RFC 3164 {@code [<PRI>]Nov  2 01:02:03[.ffffff] host prog[pid]: msg} (three-letter or full month names;
 *       the fraction is Postfix's own maillog_file; the host may be missing, as in Dovecot's own log file);</li>
 *   <li>RFC 5424 {@code <PRI>1 2026-11-22T01:02:03.123+01:00 host prog pid msgid [sd] msg};</li>
 *   <li>rsyslog ISO 8601 {@code 2026-11-22T01:02:03.123456+01:00 host prog[pid]: msg};</li>
 *   <li>Exim {@code 2026-11-22 01:02:03[.fff] [+zzzz] [[pid]] msg} (program "exim"), or that date in front of a
 *       syslog header {@code host prog[pid]: msg};</li>
 *   <li>a TAI64N label {@code @4000000069231a4c0a1b2c3d } in front of any of these or of an untimed header;</li>
 *   <li>no time: {@code host prog[pid]: msg} (the tag needs a [pid] or a '/').</li>
 * </ul>
 * Anything else comes back as {@link LogRecord.Format#UNFRAMED}. Never throws on any input.
 */
public final class Framer {
    private static final String[] FULL_MONTHS = {
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december"
    };

    private final Clock clock;
    // scratch space and the last host and program seen: one framer serves one thread
    private final int[] date = new int[3];
    private final int[] time = new int[3];
    private final long[] instant = new long[2];
    private final long[] frac = new long[1];
    private final Frame out = new Frame();
    private String lastHost = "";
    private String lastProgram = "";

    public Framer(Clock clock) {
        this.clock = clock;
    }

    public LogRecord frame(String line) {
        Frame f = frameInto(line);
        return f != null ? f.toRecord() : LogRecord.unframed(line);
    }

    /** Frames a line into this framer's reused frame; null when the line has no recognizable header. */
    public Frame frameInto(String line) {
        try {
            return tryFrame(line);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Frame tryFrame(String s) {
        int n = s.length();
        int i = 0;
        int pri = -1;
        if (n > 2 && s.charAt(0) == '<') {
            int j = 1;
            int v = 0;
            while (j < n && j < 5 && isDigit(s.charAt(j))) v = v * 10 + (s.charAt(j++) - '0');
            if (j > 1 && j < n && s.charAt(j) == '>' && v <= 191) {
                pri = v;
                i = j + 1;
                if (i + 1 < n && s.charAt(i) == '1' && s.charAt(i + 1) == ' ') return rfc5424(s, i + 2, pri);
            }
        }
        if (i >= n) return null;
        char c = s.charAt(i);
        if (c == '@' && pri < 0) return tai64n(s);
        if (isDigit(c)) return iso(s, i, pri);
        if (isLetter(c) || c > 127) {
            Frame r = bsd(s, i, pri);
            return r != null ? r : untimed(s, i, pri, true);
        }
        if (c == '/' && pri < 0) {
            // "grep -r" output: "/var/log/mail.info:May  1 22:47:57 host postfix/smtp[1]: ..."
            int colon = s.indexOf(':');
            if (colon > 1 && colon < 256 && s.indexOf(' ') > colon) {
                Frame r = tryFrame(s.substring(colon + 1));
                return r == null ? null : r.original(s);
            }
        }
        return null;
    }

    // ---- daemontools / s6 TAI64N, lines without a time ----

    /** 2^62 + 10: the TAI64 label of the Unix epoch, as daemontools' tai64n writes it (leap seconds ignored). */
    private static final long TAI64_EPOCH = 0x400000000000000AL;

    /** "@4000000069231a4c0a1b2c3d rest": the rest framed as usual (or as "[host] prog[pid]: msg"), at the TAI time. */
    private Frame tai64n(String s) {
        int n = s.length();
        if (n < 27 || s.charAt(25) != ' ') return null;
        long secs = 0;
        long nanos = 0;
        for (int k = 1; k <= 24; k++) {
            int d = Character.digit(s.charAt(k), 16);
            if (d < 0) return null;
            if (k <= 16) secs = secs << 4 | d;
            else nanos = nanos << 4 | d;
        }
        if (nanos > 999_999_999L) return null;
        long epoch = secs - TAI64_EPOCH;
        String rest = s.substring(26);
        Frame inner = tryFrame(rest);
        if (inner == null) inner = untimed(rest, 0, -1, false);
        if (inner == null) return null;
        return inner.time(LogRecord.Format.TAI64N, epoch, (int) nanos, s);
    }

    /**
     * "host prog[pid]: msg" or "prog[pid]: msg" with no time (collectors and exports write them). When strict, the
     * tag needs a [pid] or a '/' (postfix/smtpd), so that plain text is not taken for a header.
     */
    private Frame untimed(String s, int i, int pri, boolean strict) {
        int n = s.length();
        int first = s.indexOf(' ', i);
        if (first < 0) return null;
        int tagFrom = looksLikeTag(s, i, first) ? i : first + 1;
        int tagEnd = s.indexOf(' ', tagFrom);
        if (tagEnd < 0) tagEnd = n;
        if (!looksLikeTag(s, tagFrom, tagEnd)) return null;
        if (strict) {
            boolean pid = tagEnd - tagFrom > 3 && s.charAt(tagEnd - 2) == ']';
            boolean slash = s.lastIndexOf('/', tagEnd) >= tagFrom;
            if (!pid && !slash) return null;
        }
        Frame f = hostAndTag(s, i, LogRecord.Format.UNTIMED, 0, 0, pri);
        return f == null ? null : f.untimed();
    }

    // ---- RFC 3164 ----

    private Frame bsd(String s, int i, int pri) {
        int n = s.length();
        int month = -1;
        int end = i;
        while (end < n && isLetter(s.charAt(end))) end++;
        int len = end - i;
        if (len == 3) month = shortMonth(s.charAt(i) | 0x20, s.charAt(i + 1) | 0x20, s.charAt(i + 2) | 0x20);
        else if (len > 3 && len <= 9) month = monthIndex(s, i, FULL_MONTHS);
        if (month < 0 || (end < n && s.charAt(end) != ' ')) {
            // a syslog daemon running under another locale: "Mär", "Απρ", "janv."
            end = i;
            while (end < n && end - i < 12 && s.charAt(end) != ' ' && !isDigit(s.charAt(end))) end++;
            month = LocaleMonths.index(s.substring(i, end));
        }
        if (month < 0) return null;
        i = end;
        if (i >= n || s.charAt(i) != ' ') return null;
        while (i < n && s.charAt(i) == ' ') i++;
        int day = 0;
        int start = i;
        while (i < n && isDigit(s.charAt(i)) && i - start < 2) day = day * 10 + (s.charAt(i++) - '0');
        if (i == start || i >= n || s.charAt(i) != ' ') return null;
        i++;
        int[] t = time;
        i = clockTime(s, i, t);
        if (i < 0) return null;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            i = fraction(s, i + 1, frac);
            if (i < 0) return null;
            nanos = (int) frac[0];
        }
        if (i >= n || s.charAt(i) != ' ') return null;
        long epoch = clock.yearless(month + 1, day, t[0], t[1], t[2]);
        if (epoch == Long.MIN_VALUE) return null;
        return hostAndTag(s, i + 1, LogRecord.Format.RFC3164, epoch, nanos, pri);
    }

    /** Index of a three-letter month name given in lower case, or -1. */
    private static int shortMonth(int a, int b, int c) {
        return switch (a) {
            case 'j' -> b == 'a' && c == 'n' ? 0 : b == 'u' && c == 'n' ? 5 : b == 'u' && c == 'l' ? 6 : -1;
            case 'f' -> b == 'e' && c == 'b' ? 1 : -1;
            case 'm' -> b == 'a' && c == 'r' ? 2 : b == 'a' && c == 'y' ? 4 : -1;
            case 'a' -> b == 'p' && c == 'r' ? 3 : b == 'u' && c == 'g' ? 7 : -1;
            case 's' -> b == 'e' && c == 'p' ? 8 : -1;
            case 'o' -> b == 'c' && c == 't' ? 9 : -1;
            case 'n' -> b == 'o' && c == 'v' ? 10 : -1;
            case 'd' -> b == 'e' && c == 'c' ? 11 : -1;
            default -> -1;
        };
    }

    private static int monthIndex(String s, int at, String[] names) {
        int len = 0;
        while (at + len < s.length() && isLetter(s.charAt(at + len))) len++;
        for (int m = 0; m < 12; m++) {
            if (names[m].length() == len && s.regionMatches(true, at, names[m], 0, len)) return m;
        }
        return -1;
    }

    /** Parses HH:MM:SS at i into t; returns the index after it or -1. */
    private static int clockTime(String s, int i, int[] t) {
        if (i + 8 > s.length()) return -1;
        for (int k = 0; k < 3; k++) {
            int p = i + k * 3;
            char a = s.charAt(p);
            char b = s.charAt(p + 1);
            if (!isDigit(a) || !isDigit(b)) return -1;
            if (k < 2 && s.charAt(p + 2) != ':') return -1;
            t[k] = (a - '0') * 10 + (b - '0');
        }
        return i + 8;
    }

    /** host then tag, or tag alone when the first word already is one ("prog[pid]:" or "prog:"). */
    private Frame hostAndTag(String s, int i, LogRecord.Format format, long epoch, int nanos, int pri) {
        int n = s.length();
        while (i < n && s.charAt(i) == ' ') i++;
        int wordEnd = s.indexOf(' ', i);
        if (wordEnd < 0) wordEnd = n;
        String host = null;
        if (!looksLikeTag(s, i, wordEnd)) {
            host = reuse(s, i, wordEnd, lastHost);
            lastHost = host;
            i = wordEnd + 1;
            if (i > n) return null;
        }
        return tag(s, i, format, epoch, nanos, pri, host);
    }

    private static boolean looksLikeTag(String s, int from, int to) {
        return to > from && s.charAt(to - 1) == ':';
    }

    private Frame tag(String s, int i, LogRecord.Format format, long epoch, int nanos, int pri, String host) {
        int n = s.length();
        int j = i;
        int depth = 0; // Dovecot's "lmtp(user)<pid><session:R2>": a ':' inside <> or () is part of the tag
        while (j < n) {
            char c = s.charAt(j);
            if (c == '<' || c == '(') depth++;
            else if ((c == '>' || c == ')') && depth > 0) depth--;
            else if (depth == 0 && (c == '[' || c == ':' || c == ' ')) break;
            else if (c == ' ') break;
            j++;
        }
        if (j == i || j >= n) return null;
        if (s.charAt(j) == ' ' && depth == 0) {
            // a process title as the tag ("auth worker: ..."): words of letters up to ": ", a few at most
            int colon = s.indexOf(": ", j);
            boolean words = colon > j && colon - i <= 24;
            for (int k = j; words && k < colon; k++) {
                char ch = s.charAt(k);
                words = isLetter(ch) || ch == ' ' || ch == '-';
            }
            if (words) j = colon;
        }
        String program = reuse(s, i, j, lastProgram);
        lastProgram = program;
        long pid = -1;
        if (s.charAt(j) == '[') {
            int k = j + 1;
            long v = 0;
            while (k < n && isDigit(s.charAt(k)) && k - j < 12) v = v * 10 + (s.charAt(k++) - '0');
            if (k == j + 1 || k >= n || s.charAt(k) != ']') return null;
            pid = v;
            j = k + 1;
        }
        if (j >= n || s.charAt(j) != ':') return null;
        j++;
        if (j < n && s.charAt(j) == ' ') j++;
        return out.set(format, true, epoch, nanos, host, program, pid, pri, s.substring(j), s);
    }

    // ---- ISO 8601 (rsyslog) and Exim ----

    private Frame iso(String s, int i, int pri) {
        int n = s.length();
        if (i + 19 > n) return null;
        char sep = s.charAt(i + 10);
        if (sep == 'T') {
            long[] out = instant;
            int j = isoTimestamp(s, i, out);
            if (j < 0 || j >= n || s.charAt(j) != ' ') return null;
            long epoch = out[0];
            int nanos = (int) out[1];
            if (j + 1 < n && isLetter(s.charAt(j + 1))) {
                // "2024-07-03T17:18:06.66Z Jul 03 19:18:06 host prog[1]: msg": a container runtime's timestamp in
                // front of a syslog line; the outer one is UTC and precise, the rest is the syslog line
                Frame inner = bsd(s, j + 1, pri);
                if (inner != null) return inner.time(LogRecord.Format.ISO8601, epoch, nanos, s);
            }
            return hostAndTag(s, j + 1, LogRecord.Format.ISO8601, epoch, nanos, pri);
        }
        if (sep != ' ') return null;
        int[] t = time;
        int j = dateTime(s, i, date, t);
        if (j < 0) return null;
        int nanos = 0;
        if (j < n && (s.charAt(j) == '.' || s.charAt(j) == ',')) {
            j = fraction(s, j + 1, frac);
            if (j < 0) return null;
            nanos = (int) frac[0];
        }
        if (j + 1 < n && s.charAt(j) == ' ' && syslogTagAhead(s, j + 1)) {
            // "2026-11-22 10:00:07 host exim[2001]: msg": a date in front of a syslog header
            long epoch = clock.local(date[0], date[1], date[2], t[0], t[1], t[2]);
            if (epoch != Long.MIN_VALUE) return hostAndTag(s, j + 1, LogRecord.Format.ISO8601, epoch, nanos, pri);
        }
        return exim(s, j, date[0], date[1], date[2], t, nanos, pri);
    }

    /** True when "host prog[pid]: " or "prog[pid]: " starts at i (never true of an Exim mainlog message). */
    private static boolean syslogTagAhead(String s, int i) {
        int first = s.indexOf(' ', i);
        if (first < 0) return false;
        if (isPidTag(s, i, first)) return true;
        int second = s.indexOf(' ', first + 1);
        return second > 0 && isPidTag(s, first + 1, second);
    }

    /** "name[digits]:" between from and to. */
    private static boolean isPidTag(String s, int from, int to) {
        if (to - from < 5 || s.charAt(to - 1) != ':' || s.charAt(to - 2) != ']') return false;
        int open = s.lastIndexOf('[', to - 2);
        if (open <= from || open + 1 >= to - 2) return false;
        for (int k = open + 1; k < to - 2; k++) if (!isDigit(s.charAt(k))) return false;
        return true;
    }

    /** YYYY-MM-DD?HH:MM:SS into date and t; returns the index after it or -1. */
    private static int dateTime(String s, int i, int[] date, int[] t) {
        if (i + 19 > s.length()) return -1;
        int year = digits(s, i, 4);
        if (year < 0 || s.charAt(i + 4) != '-' || s.charAt(i + 7) != '-') return -1;
        int month = digits(s, i + 5, 2);
        int day = digits(s, i + 8, 2);
        if (month < 0 || day < 0) return -1;
        date[0] = year;
        date[1] = month;
        date[2] = day;
        return clockTime(s, i + 11, t);
    }

    /** Digits of a fraction of a second from j into out[0] as nanoseconds; returns the index after or -1. */
    private static int fraction(String s, int j, long[] out) {
        int n = s.length();
        int count = 0;
        long nanos = 0;
        while (j < n && isDigit(s.charAt(j))) {
            if (count < 9) nanos = nanos * 10 + (s.charAt(j) - '0');
            count++;
            j++;
        }
        if (count == 0) return -1;
        for (int z = count; z < 9; z++) nanos *= 10;
        out[0] = nanos;
        return j;
    }

    /** An RFC 3339 timestamp at i into out = {epochSecond, nanos}; returns the index after it or -1. */
    private int isoTimestamp(String s, int i, long[] out) {
        int[] t = time;
        int j = dateTime(s, i, date, t);
        if (j < 0 || s.charAt(i + 10) != 'T') return -1;
        int n = s.length();
        out[1] = 0;
        if (j < n && (s.charAt(j) == '.' || s.charAt(j) == ',')) {
            j = fraction(s, j + 1, frac);
            if (j < 0) return -1;
            out[1] = frac[0];
        }
        int offset;
        if (j < n && (s.charAt(j) == 'Z' || s.charAt(j) == 'z')) {
            offset = 0;
            j++;
        } else {
            // +01:00 (RFC 3339) or +0100 (journalctl short-iso)
            boolean colon = j + 3 < n && s.charAt(j + 3) == ':';
            offset = offset(s, j, colon);
            if (offset == Integer.MIN_VALUE) return -1;
            j += colon ? 6 : 5;
        }
        long epoch = Clock.withOffset(date[0], date[1], date[2], t[0], t[1], t[2], offset);
        if (epoch == Long.MIN_VALUE) return -1;
        out[0] = epoch;
        return j;
    }

    private Frame exim(String s, int j, int year, int month, int day, int[] t, int nanos, int pri) {
        int n = s.length();
        if (j >= n || s.charAt(j) != ' ') return null;
        j++;
        long epoch;
        int offset = (j + 5 <= n && (s.charAt(j) == '+' || s.charAt(j) == '-')) ? offset(s, j, false)
                : Integer.MIN_VALUE;
        if (offset != Integer.MIN_VALUE && j + 5 < n && s.charAt(j + 5) == ' ') {
            epoch = Clock.withOffset(year, month, day, t[0], t[1], t[2], offset);
            j += 6;
        } else {
            epoch = clock.local(year, month, day, t[0], t[1], t[2]);
        }
        if (epoch == Long.MIN_VALUE) return null;
        long pid = -1;
        if (j < n && s.charAt(j) == '[') {
            int k = j + 1;
            long v = 0;
            while (k < n && isDigit(s.charAt(k)) && k - j < 12) v = v * 10 + (s.charAt(k++) - '0');
            if (k > j + 1 && k < n && s.charAt(k) == ']') {
                pid = v;
                j = k + 1;
                if (j < n && s.charAt(j) == ' ') j++;
            }
        }
        return out.set(LogRecord.Format.EXIM, true, epoch, nanos, null, "exim", pid, pri,
                s.substring(Math.min(j, n)), s);
    }

    /** +HH:MM (colon) or +HHMM; returns seconds or Integer.MIN_VALUE. */
    private static int offset(String s, int j, boolean colon) {
        int need = colon ? 6 : 5;
        if (j + need > s.length()) return Integer.MIN_VALUE;
        char sign = s.charAt(j);
        if (sign != '+' && sign != '-') return Integer.MIN_VALUE;
        int hh = digits(s, j + 1, 2);
        if (colon && s.charAt(j + 3) != ':') return Integer.MIN_VALUE;
        int mm = digits(s, j + (colon ? 4 : 3), 2);
        if (hh < 0 || mm < 0 || hh > 23 || mm > 59) return Integer.MIN_VALUE;
        int v = hh * 3600 + mm * 60;
        return sign == '-' ? -v : v;
    }

    // ---- RFC 5424 ----

    private Frame rfc5424(String s, int i, int pri) {
        int n = s.length();
        int end = s.indexOf(' ', i);
        if (end < 0) return null;
        long epoch = 0;
        int nanos = 0;
        boolean hasTime = false;
        if (!(end == i + 1 && s.charAt(i) == '-')) {
            long[] out = instant;
            if (isoTimestamp(s, i, out) != end) return null;
            epoch = out[0];
            nanos = (int) out[1];
            hasTime = true;
        }
        String[] parts = new String[4]; // host, app-name, procid, msgid
        int j = end + 1;
        for (int k = 0; k < 4; k++) {
            int e = s.indexOf(' ', j);
            if (e < 0) return null;
            parts[k] = s.substring(j, e);
            j = e + 1;
        }
        // structured data: "-" or one or more [id k="v" ...] elements, with \] escapes inside values
        if (j >= n) return null;
        if (s.charAt(j) == '-') {
            j++;
        } else if (s.charAt(j) == '[') {
            boolean quoted = false;
            while (j < n) {
                char c = s.charAt(j);
                if (c == '\\') {
                    j += 2;
                    continue;
                }
                if (c == '"') quoted = !quoted;
                else if (c == ']' && !quoted && (j + 1 >= n || s.charAt(j + 1) != '[')) {
                    j++;
                    break;
                }
                j++;
            }
        } else {
            return null;
        }
        if (j < n && s.charAt(j) == ' ') j++;
        if (s.startsWith("\uFEFF", j)) j++;
        String host = "-".equals(parts[0]) ? null : parts[0];
        String program = "-".equals(parts[1]) ? null : parts[1];
        long pid = -1;
        if (!"-".equals(parts[2])) {
            try {
                pid = Long.parseLong(parts[2]);
            } catch (NumberFormatException e) {
                pid = -1;
            }
        }
        return out.set(LogRecord.Format.RFC5424, hasTime, epoch, nanos, host, program, pid, pri,
                s.substring(Math.min(j, n)), s);
    }

    /** The text from..to, as the last string when equal: host and program repeat on nearly every line. */
    private static String reuse(String s, int from, int to, String last) {
        int len = to - from;
        return last.length() == len && s.regionMatches(from, last, 0, len) ? last : s.substring(from, to);
    }

    private static int digits(String s, int at, int count) {
        if (at + count > s.length()) return -1;
        int v = 0;
        for (int k = 0; k < count; k++) {
            char c = s.charAt(at + k);
            if (!isDigit(c)) return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
