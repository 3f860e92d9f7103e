package org.mailsight.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.mailsight.TestParsers;
import org.mailsight.correlate.Correlator;
import org.mailsight.engine.LineJoiner;
import org.mailsight.engine.MailParser;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.record.Clock;
import org.mailsight.record.Framer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The byte writers give exactly the bytes of the writers they replaced (Jackson over a Writer), on every corpus. */
class WriterEquivalenceTest {

    static Stream<Path> corpora() throws IOException {
        return Files.walk(TestParsers.RESOURCES.resolve("corpus")).filter(Files::isRegularFile).sorted();
    }

    /** Every line of a corpus file as parsed, with original text kept, followed by the correlator's summaries. */
    private static List<MailEvent> events(Path file) throws IOException {
        MailParser parser = new MailParser(new Framer(Clock.fixedYear(java.time.ZoneOffset.UTC, 2026)), true);
        Correlator correlator = new Correlator(Correlator.Options.defaults());
        List<MailEvent> events = new ArrayList<>();
        LineJoiner joiner = new LineJoiner(r -> {
            MailEvent e = parser.parse(r);
            List<MailEvent> made = new ArrayList<>();
            correlator.accept(e, made::add);
            events.add(e);
            events.addAll(made);
        });
        Files.readAllLines(file, StandardCharsets.UTF_8).forEach(joiner::accept);
        joiner.finish();
        correlator.close(events::add);
        return events;
    }

    private static byte[] jackson(List<MailEvent> events) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Writer w = new OutputStreamWriter(b, StandardCharsets.UTF_8);
        JacksonNdjsonWriter old = new JacksonNdjsonWriter(w);
        for (MailEvent e : events) old.write(e);
        old.close();
        return b.toByteArray();
    }

    private static byte[] bytes(List<MailEvent> events) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (NdjsonWriter w = new NdjsonWriter(b)) {
            for (MailEvent e : events) w.write(e);
        }
        return b.toByteArray();
    }

    @ParameterizedTest
    @MethodSource("corpora")
    void ndjsonIsByteIdentical(Path file) throws IOException {
        List<MailEvent> events = events(file);
        byte[] want = jackson(events);
        byte[] got = bytes(events);
        assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo(new String(want, StandardCharsets.UTF_8));
        assertThat(got).isEqualTo(want);
        assertThat(events).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("corpora")
    void csvIsByteIdentical(Path file) throws IOException {
        List<MailEvent> events = events(file);
        byte[] want = stringCsv(events);
        byte[] got = csv(events);
        assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo(new String(want, StandardCharsets.UTF_8));
        assertThat(got).isEqualTo(want);
    }

    private static byte[] stringCsv(List<MailEvent> events) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        StringCsvWriter old = new StringCsvWriter(new OutputStreamWriter(b, StandardCharsets.UTF_8));
        for (MailEvent e : events) old.write(e);
        old.close();
        return b.toByteArray();
    }

    private static byte[] csv(List<MailEvent> events) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (CsvWriter csv = new CsvWriter(b)) {
            for (MailEvent e : events) csv.write(e);
        }
        return b.toByteArray();
    }

    /** Values no corpus line has: every control character, non-ASCII text, lone surrogates, numbers of each kind. */
    @Test
    void escapingAndValueTypesMatch() throws IOException {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x80; c++) controls.append(c);
        MailEvent e = new MailEvent();
        e.timestamp(1_700_000_000L, 123_456_000);
        e.put(Fields.MESSAGE, controls.toString());
        e.put(Fields.EMAIL_SUBJECT, "Grüße, 日本語, \uD83D\uDCE7 mail, lone \uD800 and \uDC00 end\uD800");
        e.put(Fields.MAIL_DELAY, 0.25);
        e.put("mail.ratio", Double.NaN);
        e.put("mail.small", Integer.valueOf(-7));
        e.put(Fields.MAIL_SIZE, Long.MIN_VALUE);
        e.put("mail.big", Long.MAX_VALUE);
        e.put(Fields.TLS_ESTABLISHED, Boolean.TRUE);
        e.put(Fields.EMAIL_TO, List.of("a@example.org", "b\"@example.org"));
        Map<String, Object> rcpt = new LinkedHashMap<>();
        rcpt.put("address", "c@example.org");
        rcpt.put("n\u0001", 3L);
        e.put("mail.recipients", List.of(rcpt));
        e.put("mail.other", new StringBuilder("not a string"));
        MailEvent early = new MailEvent();
        early.timestamp(-62_135_596_801L, 1); // before year 1
        early.put(Fields.MESSAGE, "x");
        MailEvent none = new MailEvent();
        List<MailEvent> events = List.of(e, early, none);
        assertThat(new String(bytes(events), StandardCharsets.UTF_8))
                .isEqualTo(new String(jackson(events), StandardCharsets.UTF_8));
        assertThat(bytes(events)).isEqualTo(jackson(events));
    }

    /** Text mixing plain ASCII with what needs escaping or encoding, at every position: the same bytes. */
    @Test
    void mixedTextMatchesAtEveryPosition() throws IOException {
        String[] parts = {"a", " ", "~", "\"", "\\", "\n", "\u0001", "\u001f", "\u007f", "\u0080", "é", "€",
                "\uD83D\uDCE7", "\uD800", "\uDC00", "abcdefghij"};
        java.util.Random random = new java.util.Random(12);
        List<MailEvent> events = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) b.append(parts[random.nextInt(parts.length)]);
            MailEvent e = new MailEvent();
            e.put(Fields.MESSAGE, b.toString());
            e.put(Fields.EMAIL_SUBJECT, "plain " + b);
            events.add(e);
        }
        assertThat(bytes(events)).isEqualTo(jackson(events));
        assertThat(csv(events)).isEqualTo(stringCsv(events));
    }

    /** A key that is also another key's parent: the later one wins, where the first one stood. */
    @Test
    void clashingKeysMatch() throws IOException {
        MailEvent leafFirst = new MailEvent();
        leafFirst.put("mail", "flat");
        leafFirst.put(Fields.MESSAGE, "m");
        leafFirst.put(Fields.MAIL_STATUS, "sent");
        MailEvent parentFirst = new MailEvent();
        parentFirst.put(Fields.MAIL_STATUS, "sent");
        parentFirst.put(Fields.MESSAGE, "m");
        parentFirst.put("mail", "flat");
        MailEvent stamp = new MailEvent();
        stamp.timestamp(0, 0);
        stamp.put("@timestamp", "own");
        MailEvent interleaved = new MailEvent();
        interleaved.put(Fields.SOURCE_IP, "192.0.2.1");
        interleaved.put(Fields.MESSAGE, "m");
        interleaved.put(Fields.SOURCE_PORT, 25L);
        interleaved.put(Fields.LOG_SYSLOG_APPNAME, "postfix/smtpd");
        interleaved.put(Fields.SOURCE_DOMAIN, "example.org");
        interleaved.put(Fields.LOG_SYSLOG_FACILITY, 2L);
        List<MailEvent> events = List.of(leafFirst, parentFirst, stamp, interleaved);
        assertThat(new String(bytes(events), StandardCharsets.UTF_8))
                .isEqualTo(new String(jackson(events), StandardCharsets.UTF_8));
    }

    /** Past the plan and shape caps (names from hostile lines) the output stays the same. */
    @Test
    void pastTheCapsTheBytesStayTheSame() throws IOException {
        List<MailEvent> events = new ArrayList<>();
        for (int i = 0; i < NdjsonWriter.MAX_PLANS + 100; i++) {
            MailEvent e = new MailEvent();
            e.timestamp(1_700_000_000L + i, 0);
            e.put(Fields.MESSAGE, "line " + i);
            e.put(("exim.field.k" + i).intern(), "v" + i);
            if (i % 3 == 0) e.put(("exim.k" + i + ".x").intern(), (long) i);
            events.add(e);
        }
        assertThat(events.size()).isGreaterThan(NdjsonWriter.MAX_SHAPES);
        assertThat(bytes(events)).isEqualTo(jackson(events));
    }
}
