package org.mailsight.parse;

/** A position in one line, moved forward by the parsers; never backtracks further than a failed match. */
public final class Cursor {
    private String s;
    private int pos;

    public Cursor(String s) {
        this(s, 0);
    }

    public Cursor(String s, int pos) {
        this.s = s;
        this.pos = pos;
    }

    /** Points this cursor at the start of another line (a parser reuses one cursor). */
    public Cursor reset(String text) {
        s = text;
        pos = 0;
        return this;
    }

    public String text() { return s; }
    public int pos() { return pos; }
    public void pos(int p) { pos = p; }
    /** Moves to p and returns this cursor (to retry another grammar from the same place). */
    public Cursor moveTo(int p) {
        pos = p;
        return this;
    }
    public boolean atEnd() { return pos >= s.length(); }
    public int remaining() { return s.length() - pos; }

    public char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    public boolean at(String literal) {
        return s.startsWith(literal, pos);
    }

    /** Moves past literal if the text continues with it. */
    public boolean skip(String literal) {
        if (!s.startsWith(literal, pos)) return false;
        pos += literal.length();
        return true;
    }

    public boolean skip(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    public void skipSpaces() {
        while (pos < s.length() && s.charAt(pos) == ' ') pos++;
    }

    /** Text up to delimiter (exclusive), moving past the delimiter; null and no move when absent. */
    public String until(String delimiter) {
        int i = s.indexOf(delimiter, pos);
        if (i < 0) return null;
        String v = s.substring(pos, i);
        pos = i + delimiter.length();
        return v;
    }

    /** Text up to c (exclusive), moving past it; null and no move when absent. */
    public String until(char c) {
        int i = s.indexOf(c, pos);
        if (i < 0) return null;
        String v = s.substring(pos, i);
        pos = i + 1;
        return v;
    }

    /** Text up to the next space or the end, moving past the space. */
    public String word() {
        int i = s.indexOf(' ', pos);
        if (i < 0) i = s.length();
        String v = s.substring(pos, i);
        pos = Math.min(i + 1, s.length());
        return v;
    }

    /** Text up to the first char of stops or the end (not moving past it). */
    public String upTo(char a, char b) {
        int i = pos;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == a || c == b) break;
            i++;
        }
        String v = s.substring(pos, i);
        pos = i;
        return v;
    }

    public String rest() {
        String v = pos >= s.length() ? "" : s.substring(pos);
        pos = s.length();
        return v;
    }

    /** A run of decimal digits as a long, or -1 (no move) when none. */
    public long number() {
        int i = pos;
        long v = 0;
        int n = s.length();
        while (i < n && i - pos < 18) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') break;
            v = v * 10 + (c - '0');
            i++;
        }
        if (i == pos) return -1;
        pos = i;
        return v;
    }

    /** A decimal like 0.12 or 12 as a double, or NaN (no move) when none; no garbage for the common case. */
    public double seconds() {
        int i = pos;
        int n = s.length();
        long mantissa = 0;
        int digits = 0;
        int scale = -1;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits++ > 15) return Double.NaN;
                mantissa = mantissa * 10 + (c - '0');
                if (scale >= 0) scale++;
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else {
                break;
            }
            i++;
        }
        if (digits == 0) return Double.NaN;
        pos = i;
        // an exact integer divided by an exact power of ten rounds like Double.parseDouble
        return scale <= 0 ? mantissa : mantissa / POW10[scale];
    }

    private static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16};

    @Override
    public String toString() {
        return s.substring(0, pos) + "|" + s.substring(pos);
    }
}
