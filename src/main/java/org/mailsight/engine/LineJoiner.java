package org.mailsight.engine;

import java.util.function.Consumer;
import org.mailsight.exim.EximParser;

/**
 * Joins Exim rejectlog's header lines to the rejection they follow, so they are kept with that event rather than
 * becoming events of their own: {@code Envelope-from: <a>}, {@code Envelope-to: <b>} and the message headers,
 * written as a flag character and a space ({@code P Received: ...}, {@code F From: ...}) or indented.
 * Every other line passes through alone. Feed lines in order; call {@link #finish()} at the end of input.
 */
public final class LineJoiner {
    private final Consumer<String> out;
    private StringBuilder pending;
    private boolean pendingIsExim;

    public LineJoiner(Consumer<String> out) {
        this.out = out;
    }

    public void accept(String line) {
        if (pending != null && pendingIsExim && continuation(line)) {
            pending.append('\n').append(line);
            return;
        }
        finish();
        pending = new StringBuilder(line);
        pendingIsExim = eximLine(line);
    }

    public void finish() {
        if (pending != null) out.accept(pending.toString());
        pending = null;
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
