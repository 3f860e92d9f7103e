package org.mailsight.output;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** ISO 8601 UTC text of an instant: milliseconds always, micro- or nanoseconds when the log had them. */
public final class Timestamps {
    private Timestamps() {}

    public static String format(long epochSecond, int nanos) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(30);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2).append('.');
        if (nanos % 1_000_000 == 0) pad(b, nanos / 1_000_000, 3);
        else if (nanos % 1_000 == 0) pad(b, nanos / 1_000, 6);
        else pad(b, nanos, 9);
        return b.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder b, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) b.append('0');
        return b.append(s);
    }
}
