package org.mailsight.logstash;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.logstash.api.Event;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.engine.MailParser;
import org.mailsight.event.MailEvent;
import org.mailsight.output.Documents;
import org.mailsight.record.Clock;
import org.mailsight.record.Framer;
import org.mailsight.logstash.harness.FilterRunner;
import org.mailsight.logstash.harness.Plugins;
import org.mailsight.logstash.harness.TestEvent;
import org.mailsight.logstash.harness.Timestamp;

/**
 * The real Postfix corpus through the filter: every event equals the engine's own result, carries only types
 * Logstash accepts, and one plugin instance driven by 8 pipeline workers at once gives exactly the
 * single-threaded result for every event, losing none.
 */
class CorpusConcurrencyTest {
    static final Map<String, Object> SETTINGS = Map.of("timezone", "UTC", "add_tag", List.of("mail"));
    static List<String> lines;
    static List<Map<String, Object>> expected;

    @BeforeAll
    static void singleThreaded() throws Exception {
        lines = TestParsers.lines(TestParsers.RESOURCES.resolve("corpus/postfix/maillog"));
        assertThat(lines).hasSizeGreaterThan(1000);
        FilterRunner runner = new FilterRunner(Plugins.create(Mailsight.class, SETTINGS), SETTINGS);
        expected = new ArrayList<>();
        for (String line : lines) expected.add(TestEvent.javaMap(runner.run(TestEvent.line(line))));
    }

    @Test
    void eachEventIsTheEnginesResult() {
        MailParser engine = new MailParser(new Framer(Clock.inferring(ZoneOffset.UTC, Instant.now())), false);
        for (int i = 0; i < lines.size(); i++) {
            MailEvent m = engine.parse(lines.get(i));
            Map<String, Object> want = new HashMap<>(Documents.nested(m));
            want.remove("@timestamp");
            want.put("data_stream", Map.of("type", "logs", "dataset", m.get("event.dataset"), "namespace", "default"));
            want.put("tags", List.of("mail"));
            want.put("@version", "1");
            Map<String, Object> got = new HashMap<>(expected.get(i));
            Object ts = got.remove("@timestamp");
            assertThat(got).as("line %d: %s", i + 1, lines.get(i)).isEqualTo(want);
            assertThat(((Timestamp) ts).instant())
                    .isEqualTo(Instant.ofEpochMilli(Instant.ofEpochSecond(m.epochSecond(), m.nanos()).toEpochMilli()));
        }
    }

    @Test
    void onlyLogstashValueTypes() {
        for (Map<String, Object> event : expected) checkTypes(event, "");
    }

    private static void checkTypes(Object v, String path) {
        if (v instanceof Map<?, ?> map) {
            map.forEach((k, x) -> checkTypes(x, path + "[" + k + "]"));
        } else if (v instanceof List<?> list) {
            list.forEach(x -> checkTypes(x, path + "[]"));
        } else {
            assertThat(v).as(path).isInstanceOfAny(String.class, Long.class, Double.class, Boolean.class,
                    Timestamp.class);
        }
    }

    @Test
    void eightWorkersOnePluginInstance() throws Exception {
        Mailsight shared = Plugins.create(Mailsight.class, SETTINGS);
        FilterRunner runner = new FilterRunner(shared, SETTINGS);
        int rounds = 4;
        int total = lines.size() * rounds;
        AtomicReferenceArray<Event> out = new AtomicReferenceArray<>(total);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger emitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService workers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                done.add(workers.submit(() -> {
                    start.await();
                    while (true) {
                        // pipeline batches of varying size (Logstash's default is 125)
                        int size = ThreadLocalRandom.current().nextInt(1, 126);
                        int from = next.getAndAdd(size);
                        if (from >= total) return null;
                        int to = Math.min(total, from + size);
                        List<Event> batch = new ArrayList<>();
                        for (int i = from; i < to; i++) batch.add(TestEvent.line(lines.get(i % lines.size())));
                        List<Event> result = runner.run(batch);
                        emitted.addAndGet(result.size());
                        for (int i = from; i < to; i++) out.set(i, result.get(i - from));
                    }
                }));
            }
            start.countDown();
            for (Future<?> f : done) f.get(2, TimeUnit.MINUTES);
        } finally {
            workers.shutdownNow();
        }
        assertThat(emitted.get()).isEqualTo(total);
        long unparsed = expected.stream().filter(m -> !List.of("mail").equals(m.get("tags"))).count();
        assertThat(runner.matched.get()).isEqualTo(total - unparsed * rounds);
        for (int i = 0; i < total; i++) {
            Event e = out.get(i);
            assertThat(e).as("event %d", i).isNotNull();
            assertThat(TestEvent.javaMap(e)).as("event %d: %s", i, lines.get(i % lines.size()))
                    .isEqualTo(expected.get(i % lines.size()));
        }
    }
}
