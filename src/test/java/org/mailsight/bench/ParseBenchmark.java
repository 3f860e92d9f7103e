package org.mailsight.bench;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mailsight.engine.MailParser;
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
 * Lines per second of the engine on the real corpora, against the floor measured in the same run: reading and
 * splitting the same bytes into lines. Scores are per line (OperationsPerInvocation), so the throughput score is
 * lines/s and, with {@code -prof gc}, gc.alloc.rate.norm is bytes allocated per line.
 * Run: {@code mvn -Pbench test-compile exec:exec -Dbench.args="ParseBenchmark -prof gc"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ParseBenchmark {
    /** Lines per benchmark invocation: the corpora repeated to at least this many. */
    public static final int LINES = 1_048_576;

    /** Which corpora: postfix, exim, dovecot, or all of them. */
    @Param({"postfix", "exim", "dovecot", "all", "stack"})
    public String source;

    private byte[] bytes;

    @Setup
    public void load() throws IOException {
        List<String> corpus = corpus(Path.of(System.getProperty("corpus.root", "src/test/resources/corpus")), source);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < LINES; i++) b.append(corpus.get(i % corpus.size())).append('\n');
        bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Every log line of one source's corpora (not reports, not comments; rejectlog's header blocks left out); "stack"
     * is corpus/stack (Postfix with its milters, policy servers and content filters), kept out of "postfix" and "all".
     */
    static List<String> corpus(Path root, String source) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String n = p.getFileName().toString();
                boolean inStack = p.getParent().getFileName().toString().equals("stack"); // the filters' corpus
                boolean stack = inStack && n.startsWith("maillog");
                boolean postfix = !inStack && (n.startsWith("maillog") || n.equals("postfix.log"));
                boolean exim = n.startsWith("mainlog");
                boolean dovecot = n.startsWith("dovecot") && n.endsWith(".log");
                boolean wanted = switch (source) {
                    case "postfix" -> postfix;
                    case "exim" -> exim;
                    case "dovecot" -> dovecot;
                    case "stack" -> stack;
                    default -> postfix || exim || dovecot;
                };
                if (wanted) {
                    for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                        if (!l.isBlank() && !l.startsWith("#")) lines.add(l);
                    }
                }
            }
        }
        if (lines.isEmpty()) throw new IllegalStateException("no corpus lines under " + root);
        return lines;
    }

    private BufferedReader reader() {
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8), 1 << 16);
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
        MailParser parser = new MailParser(new Framer(Clock.fixedYear(ZoneOffset.UTC, 2026)), false);
        try (BufferedReader in = reader()) {
            String line;
            while ((line = in.readLine()) != null) bh.consume(parser.parse(line));
        }
    }
}
