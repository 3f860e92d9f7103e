package org.mailsight.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mailsight.detect.Detector;
import org.mailsight.detect.Rules;
import org.mailsight.engine.MailParser;
import org.mailsight.engine.Pipeline;
import org.mailsight.engine.PipelineConfig;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.record.Clock;
import org.mailsight.record.Framer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What detection costs, in one run: every real corpus line (the attack capture included) parsed alone
 * ({@code parse}), through the pipeline with correlation ({@code correlate}), and with correlation and detection
 * ({@code detect}). Each copy of the corpus is moved later in time by its span, so a copy is new traffic, not
 * late arrivals. Detection's cost is (correlate − detect throughput as time per line) over parse's time per line;
 * target ≤ 25 %. {@link #bytesPerEntity} is the retained heap per tracked entity (target < 512 B): failed logins of
 * distinct accounts from distinct addresses (a real Dovecot auth line, its account and address renamed), each
 * tracked by four rules, after a full GC, reported as the auxiliary counter {@code bytesPerEntity}.
 * Run: {@code mvn -Pbench test-compile exec:exec -Dbench.args="DetectionBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class DetectionBenchmark {
    static final int LINES = 262_144;
    static final int ENTITIES = 200_000;

    @Param({"parse", "correlate", "detect"})
    public String stages;

    private List<String> corpus;
    private long span;

    @Setup
    public void load() throws IOException {
        corpus = ParseBenchmark.corpus(Path.of("src/test/resources/corpus"), "all");
        MailParser p = parser();
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (String l : corpus) {
            MailEvent e = p.parse(l);
            if (!e.hasTimestamp()) continue;
            min = Math.min(min, e.epochSecond());
            max = Math.max(max, e.epochSecond());
        }
        span = max - min + 3600;
    }

    static MailParser parser() {
        return new MailParser(new Framer(Clock.fixedYear(ZoneOffset.UTC, 2026)), false);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void lines(Blackhole bh) {
        MailParser parser = parser();
        Pipeline pipeline = stages.equals("parse") ? null : Pipeline.of(PipelineConfig.builder()
                .correlate(true).detect(stages.equals("detect")).closeGrace(0, 0).build());
        int n = corpus.size();
        for (int i = 0; i < LINES; i++) {
            MailEvent e = parser.parse(corpus.get(i % n));
            if (e.hasTimestamp()) e.timestamp(e.epochSecond() + (i / n) * span, e.nanos());
            if (pipeline != null) pipeline.accept(e, bh::consume);
            bh.consume(e);
        }
        if (pipeline != null) pipeline.close(bh::consume);
    }

    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Retained {
        public double bytesPerEntity;

        @Setup(Level.Iteration)
        public void clear() {
            bytesPerEntity = 0;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public int bytesPerEntity(Retained result) {
        if (!stages.equals("detect")) return 0;
        MailParser parser = parser();
        MailEvent template = parser.parse("Dec 02 05:39:07 auth: Info: passwd-file(bob@example.test,127.0.0.31): Password mismatch");
        Detector d = new Detector(Rules.defaults().withMaxEntities(ENTITIES * 2));
        List<MailEvent> sink = new ArrayList<>();
        long before = used();
        for (int i = 0; i < ENTITIES; i++) {
            MailEvent e = parser.parse("Dec 02 05:39:07 auth: Info: passwd-file(bob@example.test,127.0.0.31): Password mismatch");
            e.put(Fields.USER_NAME, "user" + i + "@example.test");
            e.put(Fields.SOURCE_IP, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
            e.timestamp(template.epochSecond() + i / 1000, 0);
            d.accept(e, sink::add);
        }
        long after = used();
        long tracked = d.counters().get("tracked");
        result.bytesPerEntity = (after - before) / (double) tracked;
        return (int) tracked + sink.size();
    }

    private static long used() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
