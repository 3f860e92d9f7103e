package org.mailsight.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.engine.Pipeline;
import org.mailsight.engine.PipelineConfig;
import org.mailsight.event.MailEvent;

/** The detect stage on the real capture (Postfix 3.7 authenticating through Dovecot 2.3, both logs merged). */
class DetectorTest {
    static final Path CAPTURE = TestParsers.RESOURCES.resolve("corpus/postfix");

    /** Postfix's maillog and Dovecot's log of one server, merged in time order (stable). */
    static List<MailEvent> capture() throws IOException {
        List<MailEvent> all = new ArrayList<>();
        for (String f : List.of("maillog", "dovecot.log")) {
            all.addAll(TestParsers.parse(TestParsers.parser(), TestParsers.lines(CAPTURE.resolve(f))));
        }
        all.sort(Comparator.comparingLong(MailEvent::epochSecond));
        return all;
    }

    static List<MailEvent> alerts(Rules rules, List<MailEvent> events) {
        Pipeline p = Pipeline.of(PipelineConfig.builder().detect(true).rules(rules).closeGrace(0, 0).build());
        List<MailEvent> out = new ArrayList<>();
        for (MailEvent e : events) p.accept(e, m -> { if ("alert".equals(m.get("event.kind"))) out.add(m); });
        p.close(m -> { if ("alert".equals(m.get("event.kind"))) out.add(m); });
        return out;
    }

    static List<String> fired(List<MailEvent> alerts, String rule) {
        return alerts.stream().filter(a -> rule.equals(a.get("rule.id"))).map(a -> a.getString("mail.alert.entity_value")).toList();
    }

    static Rules failures(int perAccount, int perIp) {
        Rules r = Rules.defaults();
        return r.with(Rule.FAILURES_ACCOUNT.id(), r.of(Rule.FAILURES_ACCOUNT).withThreshold(perAccount).withWindow(600))
                .with(Rule.FAILURES_IP.id(), r.of(Rule.FAILURES_IP).withThreshold(perIp).withWindow(600));
    }

    @Test
    void oneAttemptSeenByTwoDaemonsCountsOnce() throws IOException {
        // alice failed 3 times (5 lines: Postfix + Dovecot auth, Dovecot auth + imap-login of one session, Dovecot
        // alone); the address 127.0.0.1 failed 6 times (alice's 3, nobody's 3, in 10 lines)
        List<MailEvent> exact = alerts(failures(3, 6), capture());
        assertThat(fired(exact, Rule.FAILURES_ACCOUNT.id())).containsExactly("alice@example.test", "nobody@example.test");
        assertThat(fired(exact, Rule.FAILURES_IP.id())).containsExactly("127.0.0.1");
        MailEvent a = exact.stream().filter(x -> Rule.FAILURES_ACCOUNT.id().equals(x.get("rule.id"))).findFirst().orElseThrow();
        assertThat(a.get("mail.alert.observed")).isEqualTo(3.0);
        assertThat(a.getString("event.start")).isEqualTo("2026-11-22T03:19:47.000Z");
        assertThat(a.getString("event.end")).isEqualTo("2026-11-22T03:24:04.000Z");
        assertThat(a.get("mail.alert.evidence.session_ids")).isEqualTo(List.of("Qs31+tRg1rV/AAAB"));
        assertThat(a.get("related.ip")).isEqualTo(List.of("127.0.0.1"));
        List<MailEvent> more = alerts(failures(4, 7), capture());
        assertThat(fired(more, Rule.FAILURES_ACCOUNT.id())).isEmpty();
        assertThat(fired(more, Rule.FAILURES_IP.id())).isEmpty();
    }

    @Test
    void theDefaultsFireOnlyOnWhatTheCaptureReallyHolds() throws IOException {
        List<MailEvent> alerts = alerts(Rules.defaults(), capture());
        // the capture's sender-login-mismatch reject, and its DNSBL-listed clients (postscreen, dnsblog)
        assertThat(fired(alerts, Rule.SENDER_MISMATCH.id())).containsExactly("alice@example.test");
        assertThat(fired(alerts, Rule.DNSBL_CLIENT.id())).containsExactly("127.0.0.66", "127.0.0.67");
        assertThat(alerts).allSatisfy(x -> {
            assertThat(x.get("event.dataset")).isEqualTo("mail.alert");
            assertThat(x.get("rule.ruleset")).isEqualTo("mailsight");
            assertThat(x.getString("message")).endsWith(".").doesNotContain("\n");
        });
    }

    @Test
    void reorderedArrivalGivesTheSameAlerts() throws IOException {
        List<MailEvent> ordered = capture();
        List<String> expected = summary(alerts(failures(3, 6), ordered));
        for (int seed = 0; seed < 5; seed++) {
            List<MailEvent> shuffled = new ArrayList<>(capture());
            Random r = new Random(seed);
            for (int i = 0; i < shuffled.size(); i += 50) {
                Collections.shuffle(shuffled.subList(i, Math.min(shuffled.size(), i + 50)), r);
            }
            assertThat(summary(alerts(failures(3, 6), shuffled))).as("seed " + seed).isEqualTo(expected);
        }
    }

    /**
     * Rule and entity of each alert. The bounce ratio is left out here: this capture's sender sits at the
     * threshold (a few bounces among twenty-odd messages), where a ratio taken as summaries arrive depends on their
     * order; the attack capture's test shuffles a ratio well above it.
     */
    static List<String> summary(List<MailEvent> alerts) {
        return alerts.stream().filter(a -> !Rule.BOUNCE_RATIO.id().equals(a.get("rule.id"))).map(a -> a.get("rule.id") + " " + a.get("mail.alert.entity_value")).sorted().toList();
    }

    @Test
    void entitiesBeyondTheCapAreEvictedAndCounted() throws IOException {
        Pipeline p = Pipeline.of(PipelineConfig.builder().detect(true).rules(failures(3, 6).withMaxEntities(1)).build());
        for (MailEvent e : capture()) p.accept(e, m -> { });
        assertThat(p.counters().get("detect.evicted")).isPositive();
        assertThat(p.counters().get("detect.attempts_merged")).isEqualTo(4L);
    }

    @Test
    void rulesFileMistakesAreNamedOneSentenceEach() {
        assertThatThrownBy(() -> RulesFile.parse("""
                rules:
                  mail-auth-failures-acount: {threshold: 5}
                  mail-auth-failures-ip: {threshold: -1, window: 5 minutes}
                allow:
                  networks: [192.0.2.0/33]
                """)).hasMessage("allow.networks: '192.0.2.0/33' has a bad prefix length: give /0 to /32."
                + " 'mail-auth-failures-acount' is not a rule; the rules are " + String.join(", ", Rule.BY_ID.keySet())
                + ". rules.mail-auth-failures-ip.threshold -1 is not valid: give a positive number."
                + " rules.mail-auth-failures-ip.window '5 minutes' is not a duration: write it like 90s, 5m, 1h or 7d.");
    }

    @Test
    void rulesFileTunesDisablesAndAllowLists() {
        Rules r = RulesFile.parse("""
                profile: relay
                throttle: 30m
                reorder_tolerance: 2m
                allow: {accounts: [monitor@example.test], networks: [127.0.0.0/8]}
                rules:
                  mail-auth-failures-account: {threshold: 10, window: 10m}
                  mail-dnsbl-listed-client: {enabled: false}
                """);
        assertThat(r.of(Rule.FAILURES_ACCOUNT)).isEqualTo(new Rule.Settings(true, 10, 600, 1800, 0));
        assertThat(r.of(Rule.BURST_ACCOUNT).threshold()).isEqualTo(400);
        assertThat(r.of(Rule.BURST_ACCOUNT).windowSeconds()).isEqualTo(120);
        assertThat(r.of(Rule.DNSBL_CLIENT).enabled()).isFalse();
        assertThat(r.reorderSeconds()).isEqualTo(120);
        // the allow-listed network silences the failures of 127.0.0.1, the disabled rule its DNSBL clients
        Rules tuned = r.with(Rule.FAILURES_ACCOUNT.id(), r.of(Rule.FAILURES_ACCOUNT).withThreshold(3));
        List<MailEvent> alerts;
        try {
            alerts = alerts(tuned, capture());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(fired(alerts, Rule.FAILURES_ACCOUNT.id())).isEmpty();
        assertThat(fired(alerts, Rule.DNSBL_CLIENT.id())).isEmpty();
    }
}
