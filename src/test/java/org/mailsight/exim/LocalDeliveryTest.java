package org.mailsight.exim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.engine.MailParser;
import org.mailsight.event.MailEvent;

/** Exim's local deliveries ({@code => local_part <address>}) on the real corpus: the recipient is the address. */
class LocalDeliveryTest {
    static MailEvent delivery(String needle) throws Exception {
        MailParser parser = TestParsers.parser();
        for (String line : TestParsers.lines(TestParsers.RESOURCES.resolve("corpus/exim/mainlog"))) {
            if (line.contains(needle)) return parser.parse(line);
        }
        throw new AssertionError("no line with " + needle);
    }

    @Test
    void theLocalPartOfTheAddressGoesToEximLocalPart() throws Exception {
        MailEvent e = delivery("1xUydu-0008M5-1B => alice <alice@mail.example.test>");
        assertThat(e.get("email.to.address")).isEqualTo(List.of("alice@mail.example.test"));
        assertThat(e.get("exim.local_part")).isEqualTo("alice");
        assertThat(e.get("mail.orig_to")).isEqualTo("alice@mail.example.test");
    }

    @Test
    void anAliasExpansionKeepsTheLocalPartAsRecipient() throws Exception {
        MailEvent e = delivery("=> alice <listalias@mail.example.test>");
        assertThat(e.get("email.to.address")).isEqualTo(List.of("alice"));
        assertThat(e.get("exim.local_part")).isEqualTo("alice");
        assertThat(e.get("mail.orig_to")).isEqualTo("listalias@mail.example.test");
    }
}
