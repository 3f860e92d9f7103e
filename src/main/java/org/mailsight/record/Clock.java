package org.mailsight.record;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Turns local syslog times into UTC epoch seconds.
 *
 * <p>RFC 3164 lines carry neither year nor zone. The zone is an option (default: the machine's).
 * The year is the one that places the line within [reference - 358 days, reference + 7 days), where the
 * reference is the time the log was last written (a file's modification time, or now for a live stream),
 * or a fixed year given by the user. So a December line read in January is last year's, and a January 1st line
 * read on December 31st (a clock a little behind) is next year's.
 */
public final class Clock {
    private static final long DAY = 86_400L;
    private static final long FUTURE_SLACK = 7 * DAY;
    private static final long PAST_LIMIT = 358 * DAY;

    private final ZoneRules rules;
    private final int fixedYear;
    private final long referenceEpoch;
    private final int referenceYear;
    private long cachedHourKey = Long.MIN_VALUE;
    private int cachedOffset;

    private Clock(ZoneId zone, int fixedYear, Instant reference) {
        this.rules = zone.getRules();
        this.fixedYear = fixedYear;
        this.referenceEpoch = reference.getEpochSecond();
        this.referenceYear = reference.atZone(zone).getYear();
    }

    /** A clock that infers years around {@code reference}. */
    public static Clock inferring(ZoneId zone, Instant reference) {
        return new Clock(zone, 0, reference);
    }

    /** A clock that puts every yearless line in {@code year}. */
    public static Clock fixedYear(ZoneId zone, int year) {
        return new Clock(zone, year, Instant.now());
    }

    /** Epoch second of a yearless local time, or Long.MIN_VALUE for an impossible date. */
    public long yearless(int month, int day, int hour, int minute, int second) {
        if (fixedYear != 0) return local(fixedYear, month, day, hour, minute, second);
        long t = local(referenceYear, month, day, hour, minute, second);
        if (t == Long.MIN_VALUE) {
            // Feb 29 outside a leap year: try the neighbours
            t = local(referenceYear - 1, month, day, hour, minute, second);
            return t != Long.MIN_VALUE ? t : local(referenceYear + 1, month, day, hour, minute, second);
        }
        if (t >= referenceEpoch + FUTURE_SLACK) return local(referenceYear - 1, month, day, hour, minute, second);
        if (t < referenceEpoch - PAST_LIMIT) return local(referenceYear + 1, month, day, hour, minute, second);
        return t;
    }

    /** Epoch second of a local time in the configured zone, or Long.MIN_VALUE for an impossible date. */
    public long local(int year, int month, int day, int hour, int minute, int second) {
        if (!valid(year, month, day, hour, minute, second)) return Long.MIN_VALUE;
        long localSeconds = epochDay(year, month, day) * DAY + hour * 3600L + minute * 60L + second;
        long hourKey = localSeconds / 3600;
        if (hourKey != cachedHourKey) {
            // offset valid for this local hour; a DST gap or overlap resolves like java.time does
            java.time.LocalDateTime ldt = java.time.LocalDateTime.ofEpochSecond(localSeconds, 0, ZoneOffset.UTC);
            cachedOffset = rules.getValidOffsets(ldt).isEmpty()
                    ? rules.getOffset(ldt).getTotalSeconds()
                    : rules.getValidOffsets(ldt).get(0).getTotalSeconds();
            cachedHourKey = hourKey;
        }
        return localSeconds - cachedOffset;
    }

    /** Epoch second of a time with an explicit UTC offset in seconds, or Long.MIN_VALUE for an impossible date. */
    public static long withOffset(int year, int month, int day, int hour, int minute, int second, int offsetSeconds) {
        if (!valid(year, month, day, hour, minute, second)) return Long.MIN_VALUE;
        return epochDay(year, month, day) * DAY + hour * 3600L + minute * 60L + second - offsetSeconds;
    }

    static boolean valid(int year, int month, int day, int hour, int minute, int second) {
        return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
                && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 60;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
