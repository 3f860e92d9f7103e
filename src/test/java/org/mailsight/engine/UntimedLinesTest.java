package org.mailsight.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/** Lines some collectors and exports write without a time: parsed all the same, with no @timestamp made up. */
class UntimedLinesTest {
    @Test
    void hostProgramPidMessage() {
        MailEvent e = TestParsers.parser().parse("mail postfix/smtpd[1300]: connect from unknown[203.0.113.50]");
        assertThat(e.hasTimestamp()).isFalse();
        assertThat(e.get(Fields.HOST_HOSTNAME)).isEqualTo("mail");
        assertThat(e.get(Fields.PROCESS_PID)).isEqualTo(1300L);
        assertThat(e.get(Fields.EVENT_ACTION)).isEqualTo("connect");
        assertThat(e.get(Fields.SOURCE_IP)).isEqualTo("203.0.113.50");
    }

    @Test
    void programPidMessageWithoutHost() {
        MailEvent e = TestParsers.parser().parse("postfix/qmgr[1290]: 5B2C3D4E5F: removed");
        assertThat(e.hasTimestamp()).isFalse();
        assertThat(e.has(Fields.HOST_HOSTNAME)).isFalse();
        assertThat(e.get(Fields.EMAIL_LOCAL_ID)).isEqualTo("5B2C3D4E5F");
        assertThat(e.get(Fields.EVENT_ACTION)).isEqualTo("removed");
    }

    @Test
    void plainTextIsNotTakenForAHeader() {
        MailEvent e = TestParsers.parser().parse("hello world: this is not a log line");
        assertThat(e.get(Fields.EVENT_ACTION)).isEqualTo("unparsed");
        assertThat(e.has(Fields.HOST_HOSTNAME)).isFalse();
    }
}
