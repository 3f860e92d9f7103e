package org.mailsight.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/** Hostile input is normal input: every line yields one event, nothing throws, nothing hangs. */
@SuppressWarnings("unchecked")
class RobustnessTest {
    private final MailParser parser = TestParsers.parser();

    @Test
    void binaryJunkIsKeptAndMarkedUnparsed() {
        StringBuilder junk = new StringBuilder();
        Random r = new Random(1);
        for (int i = 0; i < 4000; i++) junk.append((char) r.nextInt(0x3000));
        MailEvent e = parser.parse(junk.toString());
        assertThat(e.get(Fields.EVENT_ACTION)).isEqualTo("unparsed");
        assertThat(e.get(Fields.MESSAGE)).isEqualTo(junk.toString());
        assertThat((List<Object>) e.get(Fields.TAGS)).containsExactly(MailParser.UNPARSED_TAG);
    }

    @Test
    void megabyteLineIsKeptWholeAndTagged() {
        String line = "Nov 22 01:02:03 mx postfix/smtpd[1]: connect from " + "a".repeat(1 << 20) + "[192.0.2.1]";
        MailEvent e = parser.parse(line);
        assertThat(e.get(Fields.EVENT_ACTION)).isEqualTo("unparsed");
        assertThat(e.get(Fields.MESSAGE)).isEqualTo(line);
        assertThat((List<Object>) e.get(Fields.TAGS)).contains(MailParser.TOO_LONG_TAG);
    }

    @Test
    void hostileHeloDoesNotForgeFields() {
        String line = "Nov 22 01:02:03 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: "
                + "554 5.7.1 <x@example.org>: Relay access denied; from=<a@example.com> to=<x@example.org> "
                + "proto=ESMTP helo=<evil> status=sent from=<forged@example.net> to=<y> proto=SMTP helo=<x>";
        MailEvent e = parser.parse(line);
        assertThat(e.get(Fields.EVENT_ACTION)).isEqualTo("rejected");
        assertThat((List<Object>) e.get(Fields.EMAIL_FROM)).containsExactly("a@example.com");
        assertThat((List<Object>) e.get(Fields.EMAIL_TO)).containsExactly("x@example.org");
        assertThat(e.get(Fields.MAIL_HELO))
                .isEqualTo("evil> status=sent from=<forged@example.net> to=<y> proto=SMTP helo=<x");
        assertThat(e.has(Fields.MAIL_STATUS)).isFalse();
    }

    @Test
    void subjectContainingTrailerTextStaysInTheHeaderValue() {
        String line = "Nov 22 01:02:03 mx postfix/cleanup[2]: 4B7F0C1E2A: warning: header Subject: hi status=sent "
                + "from localhost[127.0.0.1]; from=<a@example.com> to=<b@example.com> proto=ESMTP helo=<mx>: watch";
        MailEvent e = parser.parse(line);
        assertThat(e.get(Fields.EVENT_ACTION)).isEqualTo("warned");
        assertThat(e.get(Fields.EMAIL_SUBJECT)).isEqualTo("hi status=sent");
        assertThat(e.get(Fields.SOURCE_IP)).isEqualTo("127.0.0.1");
        assertThat(e.get(Fields.EVENT_REASON)).isEqualTo("watch");
    }

    @Test
    void invalidSurrogatesAndControlCharactersDoNotThrow() {
        String line = "Nov 22 01:02:03 mx postfix/smtpd[1]: connect from \uD800\u0000[\uDFFF]";
        MailEvent e = parser.parse(line);
        assertThat(e.get(Fields.MESSAGE)).isNotNull();
    }

    /** Mutations of real lines: truncations, splices and random characters never throw and never hang. */
    @Test
    void mutatedCorpusLinesNeverThrowOrHang() throws Exception {
        List<String> seeds = new ArrayList<>();
        for (var f : CorpusTest.corpusFiles()) seeds.addAll(TestParsers.lines(f));
        assertThat(seeds).hasSizeGreaterThan(100);
        Random r = new Random(42);
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 200_000; i++) {
                String base = seeds.get(r.nextInt(seeds.size()));
                String line = mutate(base, seeds.get(r.nextInt(seeds.size())), r);
                MailEvent e = parser.parse(line);
                assertThat(e.get(Fields.EVENT_ACTION)).as(line).isNotNull();
                assertThat(e.get(Fields.MESSAGE)).as(line).isNotNull();
            }
        });
    }

    private static final String TOKENS = "[]<>:;, =()/\\\"'\u0000\r\n\t0123456789.-@";

    static String mutate(String a, String b, Random r) {
        StringBuilder s = new StringBuilder(a);
        int ops = 1 + r.nextInt(4);
        for (int k = 0; k < ops && s.length() > 0; k++) {
            int at = r.nextInt(s.length());
            switch (r.nextInt(5)) {
                case 0 -> s.setLength(at);
                case 1 -> s.insert(at, TOKENS.charAt(r.nextInt(TOKENS.length())));
                case 2 -> s.deleteCharAt(at);
                case 3 -> s.insert(at, b.substring(r.nextInt(Math.max(1, b.length()))));
                default -> s.setCharAt(at, (char) r.nextInt(0x10000));
            }
        }
        return s.toString();
    }
}
