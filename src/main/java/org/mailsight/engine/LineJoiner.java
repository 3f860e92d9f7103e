package org.mailsight.engine;

import java.util.function.Consumer;
import org.mailsight.exim.EximParser;

/**
 * Joins Exim rejectlog's header lines to the rejection they follow, so they are kept with that event rather than
 * becoming events of their own: {@code Envelope-from: <a>}, {@code Envelope-to: <b>} and the message headers,
 * written as a flag character and a space ({@code P Received: ...}, {@code F From: ...}) or indented.
 * Through syslog, Exim splits such a long entry into chunks ({@code exim[638]: [1\16] ...}, then
 * {@code exim[638]: [2\16] ...}, the last {@code [16/16]}); those chunks are joined the same way.
 * Every other line passes through alone. Feed lines in order; call {@link #finish()} at the end of input.
 */
public final class LineJoiner {
    private final Consumer<String> out;
    private StringBuilder pending;
    private boolean pendingIsExim;
    private String chunkTag; // "exim[638]: " of a pending first syslog chunk

    public LineJoiner(Consumer<String> out) {
        this.out = out;
    }

    public void accept(String line) {
        if (pending != null && pendingIsExim && continuation(line)) {
            pending.append('\n').append(line);
            return;
        }
        if (chunkTag != null) {
            int at = line.indexOf(chunkTag);
            int start = at + chunkTag.length();
            // later chunks are "[k\\m] " and the last "[m/m] "; a new "[1\\m] " starts another entry
            int body = at < 0 || line.startsWith("[1\\", start) ? -1
                    : Math.max(chunkBody(line, start, '/'), chunkBody(line, start, '\\'));
            if (body > 0) {
                pending.append('\n').append(line, body, line.length());
                return;
            }
        }
        finish();
        pending = new StringBuilder(line);
        pendingIsExim = eximLine(line);
        chunkTag = firstChunkTag(line);
    }

    /** "exim[638]: " when the line is the first of Exim's syslog chunks ("exim[638]: [1\16] ..."), else null. */
    private static String firstChunkTag(String line) {
        int tag = line.indexOf("exim");
        if (tag < 0) return null;
        int colon = line.indexOf("]: ", tag);
        if (colon < 0 || colon - tag > 30) return null;
        return chunkBody(line, colon + 3, '\\') > 0 ? line.substring(tag, colon + 3) : null;
    }

    /** Index after "[n<sep>m] " at i, or -1. */
    private static int chunkBody(String s, int i, char sep) {
        if (i >= s.length() || s.charAt(i) != '[') return -1;
        int j = i + 1;
        while (j < s.length() && Character.isDigit(s.charAt(j))) j++;
        if (j == i + 1 || j >= s.length() || s.charAt(j) != sep) return -1;
        int k = j + 1;
        while (k < s.length() && Character.isDigit(s.charAt(k))) k++;
        if (k == j + 1 || k + 1 >= s.length() || s.charAt(k) != ']' || s.charAt(k + 1) != ' ') return -1;
        return k + 2;
    }

    public void finish() {
        if (pending != null) out.accept(pending.toString());
        pending = null;
        chunkTag = null;
    }

    /** An Exim mainlog/rejectlog line: "YYYY-MM-DD HH:MM:SS ...". */
    private static boolean eximLine(String s) {
        return s.length() > 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == ' '
                && s.charAt(13) == ':' && Character.isDigit(s.charAt(0));
    }

    static boolean continuation(String s) {
        if (s.isEmpty() || eximLine(s)) return false;
        if (s.startsWith("Envelope-from: ") || s.startsWith("Envelope-to: ")) return true;
        char c = s.charAt(0);
        if (c == ' ' || c == '\t') return true;
        return s.length() > 3 && s.charAt(1) == ' ' && ((c >= 'A' && c <= 'Z') || c == '*')
                && s.indexOf(": ") > 2 && EximParser.messageIdEnd(s, 0) < 0;
    }
}
