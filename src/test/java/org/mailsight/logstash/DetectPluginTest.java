package org.mailsight.logstash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.logstash.api.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsight.TestParsers;
import org.mailsight.logstash.harness.FilterRunner;
import org.mailsight.logstash.harness.Plugins;
import org.mailsight.logstash.harness.TestContext;
import org.mailsight.logstash.harness.TestEvent;

/** detect => true: the attack capture through a filter driven by 8 workers; alerts come out of flush as new events. */
class DetectPluginTest {
    private static final Map<String, Object> SETTINGS = Map.of("timezone", "UTC", "detect", true);

    @Test
    void eightWorkersGiveTheCapturesAlertsAsNewEvents() throws Exception {
        Path dir = TestParsers.RESOURCES.resolve("corpus/attack");
        // one stream of both logs, as a Logstash file input reading both would give them: in time order, then
        // reordered by 8 workers taking batches of 125
        List<String> lines = new ArrayList<>(org.mailsight.detect.AttackCaptureTest.merged());
        Mailsight filter = Plugins.create(Mailsight.class, SETTINGS, new TestContext());
        assertThat(filter.requiresPeriodicFlush()).isTrue();
        FilterRunner runner = new FilterRunner(filter, SETTINGS);
        List<Event> made = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> jobs = new ArrayList<>();
        for (int from = 0; from < lines.size(); from += 125) {
            List<String> slice = lines.subList(from, Math.min(from + 125, lines.size()));
            jobs.add(pool.submit(() -> {
                List<Event> events = new ArrayList<>();
                for (String l : slice) events.add(new TestEvent(Map.of("message", l)));
                runner.run(events);
                made.addAll(filter.flush(e -> { }));
            }));
        }
        for (Future<?> f : jobs) f.get();
        pool.shutdown();
        made.addAll(filter.drainAll(e -> { }));
        filter.close();
        List<String> alerts = new ArrayList<>();
        for (Event e : made) {
            assertThat(e.getField("[event][kind]")).as("only alerts come out: correlate is off").isEqualTo("alert");
            assertThat(e.getField("[data_stream][dataset]")).isEqualTo("mail.alert");
            assertThat(e.getEventTimestamp()).isNotNull();
            alerts.add(e.getField("[rule][id]") + " " + e.getField("[mail][alert][entity_value]"));
        }
        assertThat(alerts.stream().sorted().toList()).isEqualTo(org.mailsight.detect.AttackCaptureTest.truth());
    }

    @Test
    void aBadRulesFileStopsThePipelineWithOneSentencePerMistake(@TempDir Path tmp) throws Exception {
        Path rules = tmp.resolve("rules.yml");
        Files.writeString(rules, "rules:\n  mail-auth-failures-ip: {window: soon}\n");
        assertThatThrownBy(() -> Plugins.create(Mailsight.class, Map.of("rules", rules.toString())))
                .hasMessage("mailsight: rules => " + rules + ": rules.mail-auth-failures-ip.window 'soon' is not a"
                        + " duration: write it like 90s, 5m, 1h or 7d.");
    }
}
