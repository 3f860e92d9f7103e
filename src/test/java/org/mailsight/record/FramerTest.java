package org.mailsight.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FramerTest {
    private final Framer utc2026 = new Framer(Clock.fixedYear(ZoneOffset.UTC, 2026));

    private static long epoch(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    @Test
    void rfc3164WithPaddedDay() {
        LogRecord r = utc2026.frame("Nov  2 01:02:03 mx1 postfix/smtpd[123]: connect from unknown[192.0.2.1]");
        assertThat(r.format()).isEqualTo(LogRecord.Format.RFC3164);
        assertThat(r.epochSecond()).isEqualTo(epoch("2026-11-02T01:02:03Z"));
        assertThat(r.host()).isEqualTo("mx1");
        assertThat(r.program()).isEqualTo("postfix/smtpd");
        assertThat(r.pid()).isEqualTo(123);
        assertThat(r.message()).isEqualTo("connect from unknown[192.0.2.1]");
    }

    @Test
    void rfc3164UnpaddedDayFullMonthAndPri() {
        LogRecord r = utc2026.frame("<22>June 7 23:59:59 mx1 postfix/submission/smtpd[9]: x");
        assertThat(r.epochSecond()).isEqualTo(epoch("2026-06-07T23:59:59Z"));
        assertThat(r.priority()).isEqualTo(22);
        assertThat(r.program()).isEqualTo("postfix/submission/smtpd");
        assertThat(r.message()).isEqualTo("x");
    }

    @Test
    void postfixMaillogFileHasMicroseconds() {
        LogRecord r = utc2026.frame("Nov 22 02:50:51.123456 mail postfix/postfix-script[42]: starting the Postfix mail system");
        assertThat(r.epochSecond()).isEqualTo(epoch("2026-11-22T02:50:51Z"));
        assertThat(r.nanos()).isEqualTo(123_456_000);
        assertThat(r.program()).isEqualTo("postfix/postfix-script");
    }

    @Test
    void rsyslogIso8601() {
        LogRecord r = utc2026.frame("2026-11-22T01:02:03.123456+01:00 mx1 postfix-out/smtp[77]: hello");
        assertThat(r.format()).isEqualTo(LogRecord.Format.ISO8601);
        assertThat(r.epochSecond()).isEqualTo(epoch("2026-11-22T00:02:03Z"));
        assertThat(r.nanos()).isEqualTo(123_456_000);
        assertThat(r.program()).isEqualTo("postfix-out/smtp");
        assertThat(r.pid()).isEqualTo(77);
    }

    @Test
    void journalctlShortIsoOffsetWithoutColon() {
        LogRecord r = utc2026.frame("2026-11-22T01:02:03+0100 mx1 postfix/smtpd[5]: hello");
        assertThat(r.epochSecond()).isEqualTo(epoch("2026-11-22T00:02:03Z"));
        assertThat(r.message()).isEqualTo("hello");
    }

    @Test
    void rfc5424WithAndWithoutStructuredData() {
        LogRecord r = utc2026.frame("<22>1 2026-11-22T01:02:03.123456+01:00 mx1 postfix/smtpd 123 - - connect from x[192.0.2.1]");
        assertThat(r.format()).isEqualTo(LogRecord.Format.RFC5424);
        assertThat(r.epochSecond()).isEqualTo(epoch("2026-11-22T00:02:03Z"));
        assertThat(r.host()).isEqualTo("mx1");
        assertThat(r.program()).isEqualTo("postfix/smtpd");
        assertThat(r.pid()).isEqualTo(123);
        assertThat(r.message()).isEqualTo("connect from x[192.0.2.1]");
        LogRecord sd = utc2026.frame("<22>1 2026-11-22T01:02:03Z mx1 postfix/qmgr 5 ID47 [ex@1 a=\"b]c\"][x@2 y=\"z\"] msg here");
        assertThat(sd.message()).isEqualTo("msg here");
        assertThat(sd.pid()).isEqualTo(5);
    }

    @Test
    void eximMainlogWithZoneAndPid() {
        LogRecord r = utc2026.frame("2026-11-22 01:02:03.456 +0100 [1234] 1rABCD-0001Ab-Cd <= a@b H=x [192.0.2.1]");
        assertThat(r.format()).isEqualTo(LogRecord.Format.EXIM);
        assertThat(r.epochSecond()).isEqualTo(epoch("2026-11-22T00:02:03Z"));
        assertThat(r.nanos()).isEqualTo(456_000_000);
        assertThat(r.pid()).isEqualTo(1234);
        assertThat(r.program()).isEqualTo("exim");
        assertThat(r.message()).startsWith("1rABCD-0001Ab-Cd <= ");
        LogRecord plain = utc2026.frame("2026-11-22 01:02:03 Start queue run: pid=1");
        assertThat(plain.epochSecond()).isEqualTo(epoch("2026-11-22T01:02:03Z"));
        assertThat(plain.message()).isEqualTo("Start queue run: pid=1");
    }

    @Test
    void dovecotLogFileHasNoHost() {
        LogRecord r = utc2026.frame("Nov 22 01:02:03 imap-login: Info: Login: user=<a>");
        assertThat(r.host()).isNull();
        assertThat(r.program()).isEqualTo("imap-login");
        assertThat(r.message()).isEqualTo("Info: Login: user=<a>");
    }

    @Test
    void timezoneOptionAppliesToYearlessLines() {
        Framer berlin = new Framer(Clock.fixedYear(ZoneId.of("Europe/Berlin"), 2026));
        assertThat(berlin.frame("Jul  1 12:00:00 h p: m").epochSecond()).isEqualTo(epoch("2026-07-01T10:00:00Z"));
        assertThat(berlin.frame("Jan  1 12:00:00 h p: m").epochSecond()).isEqualTo(epoch("2026-01-01T11:00:00Z"));
    }

    @Test
    void yearRollsOverAroundTheReference() {
        Framer january = new Framer(Clock.inferring(ZoneOffset.UTC, Instant.parse("2027-01-02T00:00:00Z")));
        assertThat(january.frame("Dec 31 23:00:00 h p: m").epochSecond()).isEqualTo(epoch("2026-12-31T23:00:00Z"));
        assertThat(january.frame("Jan  1 00:00:01 h p: m").epochSecond()).isEqualTo(epoch("2027-01-01T00:00:01Z"));
        Framer newYearsEve = new Framer(Clock.inferring(ZoneOffset.UTC, Instant.parse("2026-12-31T23:59:00Z")));
        assertThat(newYearsEve.frame("Jan  1 00:00:30 h p: m").epochSecond()).isEqualTo(epoch("2027-01-01T00:00:30Z"));
        Framer march = new Framer(Clock.inferring(ZoneOffset.UTC, Instant.parse("2026-03-10T00:00:00Z")));
        assertThat(march.frame("Mar 15 00:00:00 h p: m").epochSecond()).isEqualTo(epoch("2026-03-15T00:00:00Z"));
        assertThat(march.frame("Mar 18 00:00:00 h p: m").epochSecond()).isEqualTo(epoch("2025-03-18T00:00:00Z"));
    }

    @Test
    void leapDayOutsideALeapReferenceYearFindsTheLeapYear() {
        Framer f = new Framer(Clock.inferring(ZoneOffset.UTC, Instant.parse("2029-01-10T00:00:00Z")));
        assertThat(f.frame("Feb 29 10:00:00 h p: m").epochSecond()).isEqualTo(epoch("2028-02-29T10:00:00Z"));
    }

    @Test
    void junkIsUnframedNotAnError() {
        for (String junk : new String[] {"", "<", "<999>x", "Nov", "Nov 99 01:02:03 h p: m", "Foo 1 01:02:03 h p: m",
                "2026-13-45T99:99:99Z h p: m", "\u0000\u0001\u00ff", "Nov  2 01:02:03 host", "Nov  2 01:02:03 host prog[12"}) {
            LogRecord r = utc2026.frame(junk);
            assertThat(r.format()).as(junk).isEqualTo(LogRecord.Format.UNFRAMED);
            assertThat(r.message()).isEqualTo(junk);
        }
    }
}
