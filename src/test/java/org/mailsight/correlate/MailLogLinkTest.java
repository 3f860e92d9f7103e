package org.mailsight.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/** Dovecot's mail_log lines name the Message-ID: they point at the message summary of the MTA's queue id. */
class MailLogLinkTest {
    @Test
    void aMailLogSaveLinksToTheQueueIdThatDeliveredIt() throws IOException {
        List<MailEvent> events = TestParsers.parse(TestParsers.parser(), TestParsers.lines(
                TestParsers.RESOURCES.resolve("golden/correlation/lmtp-to-dovecot-2.4-mail-log.log")));
        Correlator c = new Correlator(new Correlator.Options(100_000, 100_000, 3600, 1000, 0, Locality.defaults()));
        List<MailEvent> out = new ArrayList<>();
        for (MailEvent e : events) c.accept(e, out::add);
        c.close(out::add);
        MailEvent save = events.stream().filter(e -> "mail-saved".equals(e.get(Fields.EVENT_ACTION))).findFirst()
                .orElseThrow();
        assertThat(save.get(Fields.USER_NAME)).isEqualTo("dave@lmtp.example.test");
        assertThat(save.get("dovecot.mailbox")).isEqualTo("INBOX");
        assertThat(save.get("mail.correlation.local_id")).isEqualTo("826C152C003");
    }
}
