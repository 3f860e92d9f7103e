package org.mailsight.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.engine.MailParser;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

class CorrelatorTest {
    private static final Path MAILLOG = TestParsers.RESOURCES.resolve("corpus/postfix/maillog");
    private static final Path EXIM = TestParsers.RESOURCES.resolve("corpus/exim-documented/mainlog");

    /** Grace in events only (as the CLI uses it), so summaries come out while lines still flow. */
    private static Correlator correlator(int max) {
        return new Correlator(new Correlator.Options(max, max, 3600, 1000, 0, Locality.defaults()));
    }

    private static List<MailEvent> parse(Path file) throws IOException {
        return TestParsers.parse(TestParsers.parser(), TestParsers.lines(file));
    }

    /** Summaries keyed by queue id, as pretty JSON. */
    private static Map<String, String> summaries(List<MailEvent> events, Correlator c) throws IOException {
        List<MailEvent> out = new ArrayList<>();
        for (MailEvent e : events) c.accept(e, out::add);
        c.close(out::add);
        Map<String, String> byId = new TreeMap<>();
        for (MailEvent s : out) {
            String prev = byId.put(s.getString(Fields.EMAIL_LOCAL_ID), TestParsers.prettyJson(List.of(s)));
            assertThat(prev).as("one summary per message: " + s.get(Fields.EMAIL_LOCAL_ID)).isNull();
        }
        return byId;
    }

    @Test
    void shufflingWithinWindowsOf500LinesGivesTheSameSummaries() throws IOException {
        for (Path file : List.of(MAILLOG, EXIM)) {
            List<MailEvent> inOrder = parse(file);
            Map<String, String> expected = summaries(inOrder, correlator(100_000));
            assertThat(expected).as("summaries of " + file).hasSizeGreaterThan(20);
            for (long seed = 1; seed <= 5; seed++) {
                List<MailEvent> shuffled = parse(file); // fresh events: enrichment changes them in place
                Random r = new Random(seed);
                for (int from = 0; from < shuffled.size(); from += 500) {
                    Collections.shuffle(shuffled.subList(from, Math.min(from + 500, shuffled.size())), r);
                }
                Map<String, String> actual = summaries(shuffled, correlator(100_000));
                assertThat(actual.keySet()).as("messages, seed " + seed + " on " + file).isEqualTo(expected.keySet());
                for (String id : expected.keySet()) {
                    assertThat(firstDifference(actual.get(id), expected.get(id)))
                            .as("summary of " + id + ", seed " + seed + " on " + file).isNull();
                }
            }
        }
    }

    /** A removed message is summarized once it is past both graces, in lines and in wall time; close takes the rest. */
    @Test
    void aClosedMessageWaitsForBothGraces() throws IOException {
        long[] early = new long[3];
        long[] total = new long[3];
        Correlator.Options[] options = {
            new Correlator.Options(100_000, 100_000, 1_000_000_000L, 5, 0, Locality.defaults()),
            new Correlator.Options(100_000, 100_000, 1_000_000_000L, 5, 3600, Locality.defaults()),
            new Correlator.Options(100_000, 100_000, 1_000_000_000L, 1_000_000, 0, Locality.defaults())};
        for (int k = 0; k < options.length; k++) {
            Correlator c = new Correlator(options[k]);
            List<MailEvent> out = new ArrayList<>();
            for (MailEvent e : parse(MAILLOG)) c.accept(e, out::add);
            early[k] = out.size();
            c.close(out::add);
            total[k] = out.size();
        }
        assertThat(early[0]).as("past 5 lines and 0 s: summarized while lines flow").isGreaterThan(20);
        assertThat(early[1]).as("an hour of wall time holds them").isZero();
        assertThat(early[2]).as("a million lines hold them").isZero();
        assertThat(total[1]).isEqualTo(total[0]);
        assertThat(total[2]).isEqualTo(total[0]);
    }

    /** The first line where two texts differ, with its neighbour lines, or null when equal. */
    private static String firstDifference(String a, String b) {
        String[] x = a.split("\n");
        String[] y = b.split("\n");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String l1 = i < x.length ? x[i] : "<end>";
            String l2 = i < y.length ? y[i] : "<end>";
            if (!l1.equals(l2)) return "line " + i + " got [" + l1.trim() + "] expected [" + l2.trim() + "] after ["
                    + (i > 0 ? x[i - 1].trim() : "") + "]";
        }
        return null;
    }

    @Test
    void everyMessageGetsExactlyOneSummary() throws IOException {
        List<MailEvent> events = parse(MAILLOG);
        Set<String> ids = new HashSet<>();
        for (MailEvent e : events) {
            if (e.has(Fields.EMAIL_LOCAL_ID)) ids.add(e.getString(Fields.EMAIL_LOCAL_ID));
        }
        assertThat(summaries(events, correlator(100_000)).keySet()).isEqualTo(ids);
    }

    @Test
    void evictionBeyondTheCapIsCountedAndNothingIsLost() throws IOException {
        List<MailEvent> events = parse(MAILLOG);
        Correlator c = correlator(10);
        List<MailEvent> out = new ArrayList<>();
        for (MailEvent e : events) {
            c.accept(e, out::add);
            assertThat(c.inFlight()).isLessThanOrEqualTo(10);
        }
        long evicted = c.counters().get("evicted");
        c.close(out::add);
        assertThat(evicted).isPositive();
        assertThat(out.stream().filter(s -> "evicted".equals(s.get("mail.correlation.incomplete_reason"))).count())
                .isEqualTo(evicted);
        Set<String> ids = new HashSet<>();
        for (MailEvent e : events) if (e.has(Fields.EMAIL_LOCAL_ID)) ids.add(e.getString(Fields.EMAIL_LOCAL_ID));
        Set<String> summarized = new HashSet<>();
        out.forEach(s -> summarized.add(s.getString(Fields.EMAIL_LOCAL_ID)));
        assertThat(summarized).isEqualTo(ids);
    }

    @Test
    void deliveriesAreEnrichedWithTheirMessageAndSessionEventsWithTheirSession() throws IOException {
        List<MailEvent> events = parse(MAILLOG);
        Correlator c = correlator(100_000);
        for (MailEvent e : events) c.accept(e, s -> { });
        // an authenticated submission: its delivery lines now name the user, the client, the sender and the Message-ID
        MailEvent submission = events.stream()
                .filter(e -> "received".equals(e.get(Fields.EVENT_ACTION)) && e.has(Fields.USER_NAME))
                .findFirst().orElseThrow();
        Object id = submission.get(Fields.EMAIL_LOCAL_ID);
        List<MailEvent> deliveries = events.stream()
                .filter(e -> id.equals(e.get(Fields.EMAIL_LOCAL_ID)) && e.has(Fields.MAIL_STATUS)).toList();
        assertThat(deliveries).isNotEmpty();
        for (MailEvent d : deliveries) {
            assertThat(d.get(Fields.USER_NAME)).isEqualTo(submission.get(Fields.USER_NAME));
            assertThat(d.get(Fields.SOURCE_IP)).isEqualTo(submission.get(Fields.SOURCE_IP));
            assertThat(d.has(Fields.EMAIL_FROM)).isTrue();
            assertThat(d.has(Fields.EMAIL_MESSAGE_ID)).isTrue();
        }
        // a session's disconnect carries its totals; a failed AUTH in the counters is flagged
        assertThat(events).anyMatch(e -> "disconnect".equals(e.get(Fields.EVENT_ACTION)) && e.has("mail.session.messages"));
        assertThat(events).anyMatch(e -> Boolean.TRUE.equals(e.get("postfix.auth_failed")));
    }

    @Test
    void dovecotLogoutGetsItsLoginAndDuration() throws IOException {
        List<MailEvent> events = parse(TestParsers.RESOURCES.resolve("corpus/postfix/dovecot.log"));
        Correlator c = correlator(1000);
        for (MailEvent e : events) c.accept(e, s -> { });
        MailEvent logout = events.stream().filter(e -> "mailbox-logout".equals(e.get(Fields.EVENT_ACTION)))
                .findFirst().orElseThrow();
        assertThat(logout.get(Fields.SOURCE_IP)).isEqualTo("127.0.0.1");
        assertThat(logout.get(Fields.MAIL_AUTH_METHOD)).isEqualTo("PLAIN");
        assertThat(logout.get("event.duration")).isInstanceOf(Long.class);
    }
}
