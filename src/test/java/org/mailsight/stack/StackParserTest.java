package org.mailsight.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.engine.MailParser;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * Hostile input in the filters' lines (real lines of corpus/stack with the client's words replaced): what a client
 * controls (addresses, Subject) never forges a verdict or moves a queue id.
 */
class StackParserTest {
    private final MailParser parser = TestParsers.parser();

    @Test
    void postgreySenderWithCommasAndKeysStaysTheSender() {
        MailEvent e = parser.parse("Dec  2 05:18:34 mail postgrey[23949]: action=greylist, reason=new, "
                + "client_name=client9.remote.test, client_address=127.0.0.9, sender=\"a, reason=client whitelist\"@x.test, "
                + "recipient=carol@mail.example.test");
        assertThat(e.get(Fields.EVENT_ACTION)).isEqualTo("greylisted");
        assertThat(e.get(StackFields.GREYLIST_REASON)).isEqualTo("new");
        assertThat(e.get(Fields.EMAIL_FROM)).isEqualTo(List.of("\"a, reason=client whitelist\"@x.test"));
        assertThat(e.get(Fields.EMAIL_TO)).isEqualTo(List.of("carol@mail.example.test"));
    }

    @Test
    void clamavSubjectSayingInfectedDoesNotMakeACleanMessageInfected() {
        MailEvent e = parser.parse("Dec  2 05:18:20 mail clamav-milter[23922]: Clean message AB54852ACA4 from "
                + "<alice@mail.example.test> to <bob@mail.example.test> with subject 'x infected by Fake.Virus' "
                + "message-id '<20261202051818.025034@vm>' date 'Wed, 02 Dec 2026 05:18:18 +0000'");
        assertThat(e.get(StackFields.VIRUS_VERDICT)).isEqualTo("clean");
        assertThat(e.has(StackFields.VIRUS_NAME)).isFalse();
        MailEvent infected = parser.parse("Dec  2 05:18:53 mail clamav-milter[23922]: Message 5DA5752A6F0 from "
                + "<virus@remote.test> to <carol@mail.example.test> with subject 'see: infected by Fake' message-id "
                + "'<20261202051853.025824@vm>' date 'Wed, 02 Dec 2026 05:18:53 +0000' infected by Eicar-Test-Signature");
        assertThat(infected.get(StackFields.VIRUS_NAME)).isEqualTo("Eicar-Test-Signature");
    }

    @Test
    void amavisWithTwoRecipientsKeepsItsQueueIds() {
        MailEvent e = parser.parse("Dec  2 05:18:22 mail amavis[24035]: (24035-01) Passed CLEAN {RelayedInbound}, "
                + "[127.0.0.5]:43307 <alice@example.test> -> <carol@mail.example.test>,<bob@mail.example.test>, "
                + "Queue-ID: F036752ACA7, Message-ID: <1796188701234947808@stack.test>, mail_id: 8YgfcHXNkAtA, "
                + "Hits: -1, size: 1257, queued_as: 0157452ACA9, 821 ms");
        assertThat(e.get(Fields.EMAIL_LOCAL_ID)).isEqualTo("F036752ACA7");
        assertThat(e.get(StackFields.FILTER_NEXT_ID)).isEqualTo("0157452ACA9");
        assertThat(e.get(Fields.EMAIL_TO)).isEqualTo(List.of("carol@mail.example.test", "bob@mail.example.test"));
        assertThat(e.get(StackFields.SPAM_SCORE)).isEqualTo(-1.0);
    }

    @Test
    void rspamdSymbolsCountSurvivesOptionsWithBrackets() {
        // a symbol's options are words of the message (URLs, names): a brace or bracket inside is not an end
        assertThat(Rspamd.symbols("A(1.00){x]y;},B(0.00){},C(2.50){a}b;}]), len: 1", 0, new int[1])).isEqualTo(3);
        assertThat(Rspamd.symbols("A(1.00){never closed", 0, new int[1])).isEqualTo(-1);
    }

    @Test
    void linesTheFiltersNeverWroteStayUnparsed() {
        assertThat(parser.parse("Dec  2 05:18:20 mail spamd[24036]: spamd: something new happened")
                .get(Fields.EVENT_ACTION)).isEqualTo("unparsed");
        assertThat(parser.parse("Dec  2 05:18:20 mail amavis[24036]: (24036-01) a line amavis never wrote")
                .get(Fields.EVENT_ACTION)).isEqualTo("unparsed");
        assertThat(parser.parse("Dec  2 05:18:20 mail opendmarc[20537]: 3500252A703: example.test maybe")
                .get(Fields.EVENT_ACTION)).isEqualTo("unparsed");
    }
}
