package org.mailsight.logstash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.logstash.api.Event;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.logstash.harness.FilterRunner;
import org.mailsight.logstash.harness.Plugins;
import org.mailsight.logstash.harness.TestContext;
import org.mailsight.logstash.harness.TestEvent;

/** correlate => true: summaries come out of flush as new events, from a filter driven by 8 workers. */
class CorrelationPluginTest {
    private static final Map<String, Object> SETTINGS = Map.of("timezone", "UTC", "correlate", true,
            "local_domains", List.of("mail.example.test", "example.test"), "add_tag", List.of("mail"));

    @Test
    void eightWorkersThenFlushGiveOneSummaryPerMessage() throws Exception {
        List<String> lines = TestParsers.lines(TestParsers.RESOURCES.resolve("corpus/postfix/maillog"));
        Mailsight filter = Plugins.create(Mailsight.class, SETTINGS, new TestContext());
        assertThat(filter.requiresFlush()).isTrue();
        assertThat(filter.requiresPeriodicFlush()).isTrue();
        FilterRunner runner = new FilterRunner(filter, SETTINGS);
        Set<Object> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Event> summaries = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> jobs = new ArrayList<>();
        int batch = 125; // Logstash's default batch size
        for (int from = 0; from < lines.size(); from += batch) {
            List<String> slice = lines.subList(from, Math.min(from + batch, lines.size()));
            jobs.add(pool.submit(() -> {
                List<Event> events = new ArrayList<>();
                for (String l : slice) events.add(new TestEvent(Map.of("message", l)));
                for (Event e : runner.run(events)) {
                    Object id = e.getField("[email][local_id]");
                    if (id != null) ids.add(id);
                }
                summaries.addAll(filter.flush(e -> { }));
            }));
        }
        for (Future<?> f : jobs) f.get();
        pool.shutdown();
        summaries.addAll(filter.drainAll(e -> { }));

        Set<Object> summarized = new HashSet<>();
        for (Event s : summaries) {
            assertThat(s.getField("[event][action]")).isEqualTo("message-summary");
            assertThat(s.getField("[data_stream][dataset]")).isEqualTo("mail.message");
            assertThat(s.getEventTimestamp()).isNotNull();
            assertThat(summarized.add(s.getField("[email][local_id]")))
                    .as("one summary for " + s.getField("[email][local_id]")).isTrue();
        }
        assertThat(summarized).isEqualTo(ids);
        assertThat(summaries).anyMatch(s -> "inbound".equals(s.getField("[email][direction]")));
        assertThat(summaries).anyMatch(s -> "outbound".equals(s.getField("[email][direction]")));
    }

    @Test
    void badCorrelationOptionsFailAtStartWithOneSentence() {
        assertThatThrownBy(() -> Plugins.create(Mailsight.class, Map.of("correlate", true, "local_networks",
                List.of("10.0.0.0/99")))).hasMessageContaining("local_networks").hasMessageContaining("prefix length");
        assertThatThrownBy(() -> Plugins.create(Mailsight.class, Map.of("max_in_flight", 0)))
                .hasMessageContaining("max_in_flight => 0 is not valid");
    }
}
