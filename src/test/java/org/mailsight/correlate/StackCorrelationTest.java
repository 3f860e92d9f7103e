package org.mailsight.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.stack.StackFields;

/**
 * The real mail-stack capture (corpus/stack: Postfix with milters, policy servers and amavis as content_filter)
 * correlated: one story per message the client handed over, hops linked both ways, the filters' verdicts on it.
 */
class StackCorrelationTest {
    private static final Path DIR = TestParsers.RESOURCES.resolve("corpus/stack");

    private static List<MailEvent> summaries(List<MailEvent> events) {
        Correlator c = new Correlator(new Correlator.Options(100_000, 100_000, 3600, 1000, 0, Locality.defaults()));
        List<MailEvent> out = new ArrayList<>();
        for (MailEvent e : events) c.accept(e, out::add);
        c.close(out::add);
        return out;
    }

    private static List<MailEvent> events() throws IOException {
        return TestParsers.parse(TestParsers.parser(), TestParsers.lines(DIR.resolve("maillog")));
    }

    private static Map<String, MailEvent> byId(List<MailEvent> summaries) {
        Map<String, MailEvent> m = new TreeMap<>();
        for (MailEvent s : summaries) assertThat(m.put(s.getString(Fields.EMAIL_LOCAL_ID), s)).isNull();
        return m;
    }

    @Test
    void oneStoryPerMessageTheClientsHandedOver() throws IOException {
        // the client's side: every DATA that ended in "queued as" or a reject at end of message (swaks transcript)
        long handedOver = 0;
        for (String line : Files.readAllLines(DIR.resolve("client-transcript.log"))) {
            if (line.matches("<[-~] +250 2\\.0\\.0 Ok: queued as .*") || line.matches("<\\*\\* +55[04] 5\\.7\\.1 .*")) {
                handedOver++;
            }
        }
        List<MailEvent> stories = summaries(events()).stream()
                .filter(s -> !"handoff".equals(s.get(StackFields.HOP_ROLE))).toList();
        assertThat(handedOver).isGreaterThanOrEqualTo(10);
        assertThat(stories).hasSize((int) handedOver);
        for (MailEvent s : stories) {
            assertThat(s.get(Fields.MAIL_STATUS)).as("status of " + s.get(Fields.EMAIL_LOCAL_ID))
                    .isIn("delivered", "rejected", "discarded");
            // a message rejected at end of data leaves the queue without a "removed" line: summarized at the end
            if (!"rejected".equals(s.get(Fields.MAIL_STATUS))) assertThat(s.get("mail.correlation.complete")).isEqualTo(true);
        }
    }

    @Test
    void hopsAreLinkedBothWaysAndTheReturnTellsTheStory() throws IOException {
        Map<String, MailEvent> all = byId(summaries(events()));
        int hops = 0;
        for (MailEvent s : all.values()) {
            if (!"handoff".equals(s.get(StackFields.HOP_ROLE))) continue;
            hops++;
            assertThat(s.get(Fields.MAIL_STATUS)).isEqualTo("filtered");
            assertThat(s.get("mail.counts.delivered")).isEqualTo(0L);
            MailEvent back = all.get(s.getString(StackFields.HOP_NEXT));
            assertThat(back).as("return of " + s.get(Fields.EMAIL_LOCAL_ID)).isNotNull();
            assertThat(back.get(StackFields.HOP_ROLE)).isEqualTo("return");
            assertThat(back.get(StackFields.HOP_PREVIOUS)).isEqualTo(s.get(Fields.EMAIL_LOCAL_ID));
            // the client is the hand-off's (never the filter re-injecting on 127.0.0.1), the verdict is amavis'
            assertThat(back.get(Fields.SOURCE_IP)).isEqualTo(s.get(Fields.SOURCE_IP));
            assertThat(back.get(Fields.MAIL_HELO)).isEqualTo(s.get(Fields.MAIL_HELO));
            assertThat(back.get(StackFields.FILTER_ACTION)).isEqualTo("passed");
            assertThat(back.get(Fields.MAIL_STATUS)).isEqualTo("delivered");
            assertThat(back.get("event.start")).isEqualTo(s.get("event.start"));
        }
        long returns = all.values().stream().filter(s -> "return".equals(s.get(StackFields.HOP_ROLE))).count();
        assertThat(returns).isEqualTo(hops);
        // every amavis "Passed ... queued_as: NEWID" is one hop
        long passed = events().stream().filter(e -> e.has(StackFields.FILTER_NEXT_ID)).count();
        assertThat(hops).isEqualTo((int) passed).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theFiltersVerdictsLandOnTheStory() throws IOException {
        Map<String, MailEvent> all = byId(summaries(events()));
        Map<String, Integer> seen = new HashMap<>();
        for (MailEvent s : all.values()) {
            if ("handoff".equals(s.get(StackFields.HOP_ROLE))) continue;
            for (String f : List.of(StackFields.SPF, StackFields.DKIM, StackFields.DMARC, StackFields.SPAM_VERDICT,
                    StackFields.VIRUS_VERDICT, StackFields.FILTER_VERDICT, StackFields.GREYLIST_REASON)) {
                if (s.has(f)) seen.merge(f + "=" + s.get(f), 1, Integer::sum);
            }
            if ("blocked".equals(s.get(StackFields.FILTER_ACTION))) {
                assertThat(s.get(Fields.MAIL_STATUS)).isEqualTo("discarded");
                assertThat(s.get("mail.counts.discarded")).isEqualTo(1L);
            }
            if ("infected".equals(s.get(StackFields.VIRUS_VERDICT))) assertThat(s.get(StackFields.VIRUS_NAME)).isNotNull();
        }
        // what the driver sent (corpus/stack/README.md): each verdict of each filter at least once
        assertThat(seen).containsKeys("mail.auth_results.spf=pass", "mail.auth_results.spf=softfail",
                "mail.auth_results.spf=none", "mail.auth_results.dkim=pass", "mail.auth_results.dkim=fail",
                "mail.auth_results.dkim=none", "mail.auth_results.dmarc=pass", "mail.auth_results.dmarc=fail",
                "mail.auth_results.dmarc=none", "mail.spam.verdict=spam", "mail.spam.verdict=clean",
                "mail.virus.verdict=infected", "mail.virus.verdict=clean", "mail.filter.verdict=CLEAN",
                "mail.filter.verdict=SPAM", "mail.filter.verdict=INFECTED", "mail.greylist.reason=triplet found",
                "mail.greylist.reason=client whitelist");
    }

    @Test
    void shufflingWithinWindowsGivesTheSameSummaries() throws IOException {
        Map<String, String> expected = json(summaries(events()));
        for (long seed = 1; seed <= 5; seed++) {
            List<MailEvent> shuffled = events();
            Random r = new Random(seed);
            for (int from = 0; from < shuffled.size(); from += 100) {
                Collections.shuffle(shuffled.subList(from, Math.min(from + 100, shuffled.size())), r);
            }
            Map<String, String> actual = json(summaries(shuffled));
            assertThat(actual.keySet()).as("seed " + seed).isEqualTo(expected.keySet());
            for (String id : expected.keySet()) {
                assertThat(actual.get(id)).as("summary of " + id + ", seed " + seed).isEqualTo(expected.get(id));
            }
        }
    }

    private static Map<String, String> json(List<MailEvent> summaries) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (Map.Entry<String, MailEvent> e : byId(summaries).entrySet()) {
            MailEvent s = e.getValue();
            s.remove("mail.correlation.lines"); // a line that comes after its message's grace is lost, as ever
            m.put(e.getKey(), TestParsers.prettyJson(List.of(s)));
        }
        return m;
    }
}
