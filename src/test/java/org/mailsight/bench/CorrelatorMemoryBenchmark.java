package org.mailsight.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mailsight.correlate.Correlator;
import org.mailsight.correlate.Locality;
import org.mailsight.engine.MailParser;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Retained heap per message in flight: the real Postfix corpus, its queue ids renamed per copy, fed to a correlator
 * that never closes a message (grace beyond the input), so every message stays in memory. The heap after a full GC,
 * less the heap before, divided by the messages held. Reported as the auxiliary counter {@code bytesPerMessage};
 * the score is the time to take 100,000 messages in.
 * Run: {@code mvn -Pbench test-compile exec:exec -Dbench.args="CorrelatorMemoryBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "-XX:+UseSerialGC"})
public class CorrelatorMemoryBenchmark {
    static final int MESSAGES = 100_000;

    private List<String> lines;

    @Setup
    public void load() throws IOException {
        lines = ParseBenchmark.corpus(Path.of("src/test/resources/corpus"), "postfix").stream()
                .filter(l -> l.startsWith("Nov 22") && l.contains(" mail postfix/")).toList();
    }

    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Retained {
        public double bytesPerMessage;

        @Setup(Level.Iteration)
        public void clear() {
            bytesPerMessage = 0;
        }
    }

    @Benchmark
    public int holdMessages(Retained result) {
        MailParser parser = new MailParser(new Framer(Clock.fixedYear(java.time.ZoneOffset.UTC, 2026)), false);
        Correlator c = new Correlator(new Correlator.Options(MESSAGES * 2, MESSAGES * 2, Long.MAX_VALUE / 4,
                Integer.MAX_VALUE, 0, Locality.defaults()));
        long before = used();
        List<MailEvent> sink = new ArrayList<>();
        for (int copy = 0; c.inFlight() < MESSAGES; copy++) {
            String suffix = Integer.toHexString(0x100 + copy).toUpperCase();
            for (String line : lines) {
                MailEvent e = parser.parse(line);
                Object id = e.get(Fields.EMAIL_LOCAL_ID);
                if (id == null || "removed".equals(e.get(Fields.EVENT_ACTION))) continue; // keep every message open
                e.put(Fields.EMAIL_LOCAL_ID, id + suffix);
                c.accept(e, sink::add);
                if (c.inFlight() >= MESSAGES) break;
            }
        }
        long after = used();
        result.bytesPerMessage = (after - before) / (double) c.inFlight();
        return c.inFlight() + sink.size();
    }

    private static long used() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
