package org.mailsight.bench;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailsight.correlate.Correlator;
import org.mailsight.engine.MailParser;
import org.mailsight.event.MailEvent;
import org.mailsight.output.CsvWriter;
import org.mailsight.output.EventWriter;
import org.mailsight.output.NdjsonWriter;
import org.mailsight.record.Clock;
import org.mailsight.record.Framer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The whole path on one thread, per line: the floor (read and split), parse, parse + NDJSON, parse + CSV,
 * parse + correlate, parse + correlate + NDJSON; on the real Postfix capture repeated, and on two floods made from
 * it: every queue id unique per copy (messages that never meet their other lines), every client address unique per
 * line. Output goes to a stream that counts bytes. Scores are lines/s; with {@code -prof gc},
 * gc.alloc.rate.norm is bytes per line.
 * Run: {@code mvn -Pbench test-compile exec:exec -Dbench.args="OutputBenchmark -prof gc"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class OutputBenchmark {
    public static final int LINES = 1_048_576;
    private static final Pattern QUEUE_ID = Pattern.compile(": ([0-9A-F]{9,12}): ");
    private static final Pattern LOOPBACK = Pattern.compile("\\[127\\.0\\.0\\.\\d+\\]");

    /** capture: the real lines; queue-ids: each copy's queue ids renamed; client-ips: each line's client renamed. */
    @Param({"capture", "queue-ids", "client-ips"})
    public String input;

    private byte[] bytes;

    @Setup
    public void load() throws IOException {
        List<String> capture = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(System.getProperty("corpus.root", "src/test/resources/corpus"))
                .resolve("postfix/maillog"), StandardCharsets.UTF_8)) {
            if (!l.isBlank() && !l.startsWith("#")) capture.add(l);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            String line = capture.get(i % capture.size());
            int copy = i / capture.size();
            if (input.equals("queue-ids")) {
                Matcher m = QUEUE_ID.matcher(line);
                if (m.find()) line = line.substring(0, m.end(1)) + String.format("%04X", copy) + line.substring(m.end(1));
            } else if (input.equals("client-ips")) {
                line = LOOPBACK.matcher(line).replaceAll("[10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + "]");
            }
            b.append(line).append('\n');
        }
        bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Counts what is written, keeps nothing. */
    static final class Counting extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    private BufferedReader reader() {
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8), 1 << 16);
    }

    private static MailParser parser() {
        return new MailParser(new Framer(Clock.fixedYear(ZoneOffset.UTC, 2026)), false);
    }

    private static Correlator correlator() {
        return new Correlator(Correlator.Options.defaults());
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void floorReadLines(Blackhole bh) throws IOException {
        try (BufferedReader in = reader()) {
            String line;
            while ((line = in.readLine()) != null) bh.consume(line);
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parse(Blackhole bh) throws IOException {
        MailParser parser = parser();
        try (BufferedReader in = reader()) {
            String line;
            while ((line = in.readLine()) != null) bh.consume(parser.parse(line));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long parseNdjson() throws IOException {
        Counting out = new Counting();
        return run(new NdjsonWriter(out), null, out);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long parseCsv() throws IOException {
        Counting out = new Counting();
        return run(new CsvWriter(out), null, out);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long parseCorrelate(Blackhole bh) throws IOException {
        MailParser parser = parser();
        Correlator c = correlator();
        try (BufferedReader in = reader()) {
            String line;
            while ((line = in.readLine()) != null) {
                MailEvent e = parser.parse(line);
                c.accept(e, bh::consume);
                bh.consume(e);
            }
        }
        c.close(bh::consume);
        return c.counters().get("summaries");
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long parseCorrelateNdjson() throws IOException {
        Counting out = new Counting();
        return run(new NdjsonWriter(out), correlator(), out);
    }

    private long run(EventWriter w, Correlator c, Counting out) throws IOException {
        MailParser parser = parser();
        List<MailEvent> made = new ArrayList<>();
        try (BufferedReader in = reader()) {
            String line;
            while ((line = in.readLine()) != null) {
                MailEvent e = parser.parse(line);
                if (c != null) c.accept(e, made::add);
                w.write(e);
                for (MailEvent m : made) w.write(m);
                made.clear();
            }
        }
        if (c != null) c.close(made::add);
        for (MailEvent m : made) w.write(m);
        w.close();
        return out.bytes;
    }
}
