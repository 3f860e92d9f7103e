package org.mailsight.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.engine.Pipeline;
import org.mailsight.engine.PipelineConfig;
import org.mailsight.event.MailEvent;

/**
 * The real attack capture (scripts/capture/attack.sh: Postfix 3.7 and Dovecot 2.3 on Debian 12, driven with swaks
 * and Python's imaplib over loopback) against its ground truth: each designed attack fires its rule for its entity
 * exactly once (the capture is shorter than the throttle period), the normal traffic around it fires nothing, and
 * the lines shuffled in windows of 500 give the same alerts.
 */
public class AttackCaptureTest {
    static final Path DIR = TestParsers.RESOURCES.resolve("corpus/attack");

    /** Rule and entity of every line of the ground truth, sorted. */
    public static List<String> truth() throws IOException {
        return Files.readAllLines(DIR.resolve("attack.truth")).stream().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("\t")).map(f -> f[0] + " " + f[1]).sorted().toList();
    }

    /** Both logs of the server as one stream: the lines of the two files interleaved by their timestamps. */
    public static List<String> merged() throws IOException {
        List<MailEvent> stamps = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String f : List.of("postfix.log", "dovecot.log")) lines.addAll(TestParsers.lines(DIR.resolve(f)));
        org.mailsight.engine.MailParser parser = TestParsers.parser();
        for (String l : lines) stamps.add(parser.parse(l));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) order.add(i);
        order.sort(Comparator.comparingLong(i -> stamps.get(i).epochSecond()));
        List<String> out = new ArrayList<>();
        for (int i : order) out.add(lines.get(i));
        return out;
    }

    static List<MailEvent> alerts(List<String> lines) {
        Pipeline p = Pipeline.of(PipelineConfig.builder().detect(true).closeGrace(0, 0).build());
        List<MailEvent> out = new ArrayList<>();
        for (MailEvent e : TestParsers.parse(TestParsers.parser(), lines)) {
            p.accept(e, m -> { if ("alert".equals(m.get("event.kind"))) out.add(m); });
        }
        p.close(m -> { if ("alert".equals(m.get("event.kind"))) out.add(m); });
        return out;
    }

    static List<String> fired(List<MailEvent> alerts) {
        return alerts.stream().map(a -> a.get("rule.id") + " " + a.get("mail.alert.entity_value")).sorted().toList();
    }

    @Test
    void everyAttackFiresItsRuleForItsEntityOnceAndNormalTrafficNothing() throws IOException {
        List<MailEvent> alerts = alerts(merged());
        TreeMap<String, String> seen = new TreeMap<>();
        for (MailEvent a : alerts) seen.put(a.get("rule.id") + " " + a.get("mail.alert.entity_value"), a.getString("message"));
        System.out.println("attack capture alerts: " + seen);
        assertThat(fired(alerts)).isEqualTo(truth());
    }

    @Test
    void shuffledInWindowsOf500LinesGivesTheSameAlerts() throws IOException {
        List<String> lines = merged();
        for (int seed = 1; seed <= 3; seed++) {
            List<String> shuffled = new ArrayList<>(lines);
            Random r = new Random(seed);
            for (int i = 0; i < shuffled.size(); i += 500) {
                Collections.shuffle(shuffled.subList(i, Math.min(shuffled.size(), i + 500)), r);
            }
            assertThat(fired(alerts(shuffled))).as("seed " + seed).isEqualTo(truth());
        }
    }

    @Test
    void alertsCarryTheirEvidence() throws IOException {
        List<MailEvent> alerts = alerts(merged());
        MailEvent burst = alerts.stream().filter(a -> "mail-outbound-burst-account".equals(a.get("rule.id"))).findFirst().orElseThrow();
        assertThat((Double) burst.get("mail.alert.observed")).isGreaterThan(100);
        assertThat(burst.get("user.name")).isEqualTo("alice@example.test");
        assertThat((List<?>) burst.get("mail.alert.evidence.local_ids")).hasSize(Track.EVIDENCE);
        assertThat(burst.get("related.ip")).asList().startsWith("127.0.0.30");
        MailEvent spray = alerts.stream().filter(a -> "mail-password-spraying".equals(a.get("rule.id"))).findFirst().orElseThrow();
        assertThat(spray.get("source.ip")).isEqualTo("127.0.0.32");
        assertThat((List<?>) spray.get("related.user")).hasSizeGreaterThanOrEqualTo(8);
        assertThat((List<?>) spray.get("mail.alert.evidence.session_ids")).isNotEmpty();
        MailEvent after = alerts.stream().filter(a -> "mail-login-after-failures".equals(a.get("rule.id"))).findFirst().orElseThrow();
        assertThat(after.get("event.severity")).isEqualTo(73L);
        assertThat(after.get("related.ip")).asList().contains("127.0.0.33");
        for (MailEvent a : alerts) {
            assertThat(a.getString("event.start").compareTo(a.getString("event.end"))).isLessThanOrEqualTo(0);
            assertThat(a.get("mail.alert.suppressed")).isEqualTo(0L);
        }
    }
}
