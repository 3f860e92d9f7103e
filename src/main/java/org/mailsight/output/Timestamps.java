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

    /** The same text as {@link #format}, written as bytes without building strings. */
    static void write(ByteSink out, long epochSecond, int nanos) throws java.io.IOException {
        long days = Math.floorDiv(epochSecond, 86_400L);
        int secOfDay = (int) (epochSecond - days * 86_400L);
        // civil date of a day count (Howard Hinnant's civil_from_days)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            out.ascii(format(epochSecond, nanos)); // rare: let the general code pad it
            return;
        }
        out.ensure(30);
        out.padded((int) year, 4);
        out.write((byte) '-');
        out.padded(month, 2);
        out.write((byte) '-');
        out.padded(day, 2);
        out.write((byte) 'T');
        out.padded(secOfDay / 3600, 2);
        out.write((byte) ':');
        out.padded(secOfDay / 60 % 60, 2);
        out.write((byte) ':');
        out.padded(secOfDay % 60, 2);
        out.write((byte) '.');
        if (nanos % 1_000_000 == 0) out.padded(nanos / 1_000_000, 3);
        else if (nanos % 1_000 == 0) out.padded(nanos / 1_000, 6);
        else out.padded(nanos, 9);
        out.write((byte) 'Z');
    }
}
