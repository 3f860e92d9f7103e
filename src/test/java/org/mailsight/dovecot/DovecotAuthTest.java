package org.mailsight.dovecot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.engine.MailParser;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.record.Clock;
import org.mailsight.record.Framer;

/** Brute-force detection lives on these lines: user and address on each, never the password a client tried. */
class DovecotAuthTest {
    private static final String GIVEN = "Nov 22 10:02:07 mail dovecot: auth: Info: passwd-file(erin@example.com,"
            + "203.0.113.10,<Zx3>): Password mismatch (given password: s3cr,et) pw)";

    @Test
    void theGivenPasswordIsInNoField() {
        MailParser keeping = new MailParser(new Framer(Clock.fixedYear(java.time.ZoneOffset.UTC, 2026)), true);
        MailEvent e = keeping.parse(GIVEN);
        assertThat(e.get(Fields.EVENT_ACTION)).isEqualTo("auth-failed");
        assertThat(e.get(Fields.USER_NAME)).isEqualTo("erin@example.com");
        assertThat(e.get(Fields.SOURCE_IP)).isEqualTo("203.0.113.10");
        e.forEach((k, v) -> assertThat(String.valueOf(v)).as(k).doesNotContain("s3cr"));
        assertThat(e.getString(Fields.EVENT_ORIGINAL)).endsWith("Password mismatch (given password redacted)");
    }

    @Test
    void aUserNameWithCommasIsReadFromTheRight() {
        MailEvent e = TestParsers.parser().parse("Nov 22 10:02:10 mail dovecot: auth: passwd-file(a,b,10.0.0.1): x,"
                + "203.0.113.13,<Zx6>): unknown user");
        assertThat(e.get(Fields.USER_NAME)).isEqualTo("a,b,10.0.0.1): x");
        assertThat(e.get(Fields.SOURCE_IP)).isEqualTo("203.0.113.13");
        assertThat(e.get("dovecot.session")).isEqualTo("Zx6");
        assertThat(e.get(Fields.EVENT_ACTION)).isEqualTo("auth-failed");
    }

    @Test
    void placeholderUserIsNoUser() {
        MailEvent e = TestParsers.parser().parse(
                "Nov 22 10:02:18 mail dovecot: auth: sql(?,203.0.113.19,<Zx8>): Username contains disallowed character: 0x27");
        assertThat(e.has(Fields.USER_NAME)).isFalse();
        assertThat(e.get(Fields.SOURCE_IP)).isEqualTo("203.0.113.19");
    }
}
