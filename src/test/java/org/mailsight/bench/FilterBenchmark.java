package org.mailsight.bench;

import co.elastic.logstash.api.Event;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mailsight.engine.MailParser;
import org.mailsight.logstash.Mailsight;
import org.mailsight.logstash.harness.Plugins;
import org.mailsight.logstash.harness.TestEvent;
import org.mailsight.record.Clock;
import org.mailsight.record.Framer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the Logstash adapter costs on top of the engine, per line, in one run: {@code parse} is the engine alone;
 * {@code parseIntoEvent} is the filter on a harness event holding the line in {@code message} (read the field,
 * look for shipper header fields, parse, write every field as a field reference, tags, data_stream.*), in
 * Logstash-sized batches of 125. Two floors in the same run: {@code newEventFloor} creates the event holding
 * the raw line (Logstash's input does that before any filter runs), {@code eventStoreFloor} also sets every field
 * the filter writes for that line, precomputed (the event store's own cost, which no adapter can avoid). So
 * adapter overhead = parseIntoEvent - parse - eventStoreFloor, per line in ns. Scores are lines/s; with
 * {@code -prof gc}, gc.alloc.rate.norm is bytes per line. {@code eventStoreNestedFloor} sets the same fields as
 * one precomputed nested map per top-level key (what the filter's writer does for keys the event lacks). The
 * harness event models org.logstash.Event's costs (an identity map with interned keys, every string stored as
 * UTF-8 bytes and decoded on read, every setField a parsed reference and a walk); absolute cost in a real
 * Logstash differs, the ratios are what to compare.
 * Run: {@code mvn -Pbench test-compile exec:exec -Dbench.args="FilterBenchmark -prof gc"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class FilterBenchmark {
    static final int LINES = 65_536;
    static final int BATCH = 125;

    private String[] lines;
    private Mailsight filter;
    private Object[][] parsedFields; // per line: field reference, value, field reference, value, ...
    private Object[][] nestedFields; // per line: top-level key, nested map, ...

    @Setup
    public void load() throws IOException {
        List<String> corpus = ParseBenchmark.corpus(Path.of(System.getProperty("corpus.root", "src/test/resources/corpus")), "all");
        lines = new String[LINES];
        for (int i = 0; i < LINES; i++) lines[i] = corpus.get(i % corpus.size());
        filter = Plugins.create(Mailsight.class, Map.of("timezone", "UTC"));
        // what the filter writes for each line, as (reference, value) pairs: the event store's share of the cost
        parsedFields = new Object[LINES][];
        nestedFields = new Object[LINES][];
        for (int i = 0; i < LINES; i++) {
            TestEvent e = TestEvent.line(lines[i]);
            filter.filter(List.of(e), x -> {});
            List<Object> pairs = new ArrayList<>();
            leaves(TestEvent.javaMap(e), "", pairs);
            parsedFields[i] = pairs.toArray();
            List<Object> tops = new ArrayList<>();
            TestEvent.javaMap(e).forEach((k, v) -> {
                if (!k.equals("@timestamp") && !k.equals("@version")) {
                    tops.add(k);
                    tops.add(v);
                }
            });
            nestedFields[i] = tops.toArray();
        }
    }

    private static void leaves(Map<String, Object> map, String prefix, List<Object> pairs) {
        map.forEach((k, v) -> {
            if (k.equals("@timestamp") || k.equals("@version")) return;
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) m;
                leaves(child, prefix + "[" + k + "]", pairs);
            } else {
                pairs.add(prefix + "[" + k + "]");
                pairs.add(v);
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parse(Blackhole bh) {
        MailParser parser = new MailParser(new Framer(Clock.fixedYear(ZoneOffset.UTC, 2026)), false);
        for (String line : lines) bh.consume(parser.parse(line));
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void newEventFloor(Blackhole bh) {
        for (String line : lines) bh.consume(TestEvent.line(line));
    }

    /** The line's event plus setField of every field the filter writes for it, with no parsing and no adapter. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void eventStoreFloor(Blackhole bh) {
        for (int i = 0; i < LINES; i++) {
            TestEvent e = TestEvent.line(lines[i]);
            Object[] pairs = parsedFields[i];
            for (int j = 0; j < pairs.length; j += 2) e.setField((String) pairs[j], pairs[j + 1]);
            bh.consume(e);
        }
    }

    /** The same fields as one nested map per top-level key: one setField per key. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void eventStoreNestedFloor(Blackhole bh) {
        for (int i = 0; i < LINES; i++) {
            TestEvent e = TestEvent.line(lines[i]);
            Object[] tops = nestedFields[i];
            for (int j = 0; j < tops.length; j += 2) e.setField((String) tops[j], tops[j + 1]);
            bh.consume(e);
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parseIntoEvent(Blackhole bh) {
        List<Event> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < LINES; i++) {
            batch.add(TestEvent.line(lines[i]));
            if (batch.size() == BATCH || i == LINES - 1) {
                bh.consume(filter.filter(batch, bh::consume));
                batch = new ArrayList<>(BATCH);
            }
        }
    }
}
