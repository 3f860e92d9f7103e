package org.mailsight.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.mailsight.engine.MailParser;
import org.mailsight.engine.Pipeline;
import org.mailsight.engine.PipelineConfig;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.record.Clock;
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
 * What GeoIP and ASN enrichment costs, against the parse in the same run, on real GeoLite2 City and ASN databases
 * (target/geoip, fetched by the build). The corpus (all sources) has its loopback addresses replaced by public ones
 * from a pool of {@link #POOL} addresses, so every line with a client is looked up. Scores are ns per operation:
 * <ul>
 * <li>{@code parse}: one corpus line parsed; {@code parseEnriched}: parsed and enriched, addresses cached
 * (the steady state of a mail server: far fewer clients than the cache holds);</li>
 * <li>{@code lookupCached} / {@code lookupUncached}: one address placed on an event, from the cache / from the
 * databases every time (a cache too small to hit); {@code eventFloor}: making that event alone.</li>
 * </ul>
 * Run: {@code mvn -Pbench test-compile exec:exec -Dbench.args="GeoBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class GeoBenchmark {
    static final int POOL = 4096;
    static final int LINES = 65_536;
    static final int LOOKUPS = 4096;

    private List<String> lines;
    private String[] pool;
    private String[] distinct;
    private MailParser parser;
    private Pipeline enriching;
    private Pipeline cached;
    private Pipeline uncached;
    private int next;

    @Setup
    public void setUp() throws IOException {
        Path geoip = Path.of(System.getProperty("geoip.dir", "target/geoip"));
        Random random = new Random(42);
        pool = new String[POOL];
        for (int i = 0; i < POOL; i++) pool[i] = publicAddress(random);
        distinct = new String[1 << 16];
        for (int i = 0; i < distinct.length; i++) distinct[i] = publicAddress(random);
        List<String> corpus = ParseBenchmark.corpus(Path.of(System.getProperty("corpus.root", "src/test/resources/corpus")), "all");
        lines = new ArrayList<>(LINES);
        for (int i = 0; i < LINES; i++) lines.add(corpus.get(i % corpus.size()).replace("127.0.0.1", pool[i % POOL]));
        PipelineConfig.Builder geo = PipelineConfig.builder()
                .geoipDatabase(geoip.resolve("GeoLite2-City.mmdb")).asnDatabase(geoip.resolve("GeoLite2-ASN.mmdb"));
        enriching = Pipeline.of(geo.build());
        cached = Pipeline.of(geo.build());
        uncached = Pipeline.of(geo.geoipCacheSize(2).build());
        parser = enriching.parser(Clock.fixedYear(ZoneOffset.UTC, 2026));
        for (String ip : pool) cached.accept(client(ip), m -> {});
        for (String l : lines) enriching.accept(parser.parse(l), m -> {});
    }

    /** An address from networks the databases place (Europe, North America, Asia, IPv6). */
    static String publicAddress(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "81.2." + r.nextInt(256) + "." + (1 + r.nextInt(254));
            case 1 -> "130.237." + r.nextInt(256) + "." + (1 + r.nextInt(254));
            case 2 -> "202." + (1 + r.nextInt(200)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
            default -> "2a00:1450:" + Integer.toHexString(r.nextInt(0x10000)) + "::" + Integer.toHexString(1 + r.nextInt(0xfffe));
        };
    }

    static MailEvent client(String ip) {
        return new MailEvent().put(Fields.SOURCE_IP, ip);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parse(Blackhole bh) {
        for (String l : lines) bh.consume(parser.parse(l));
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parseEnriched(Blackhole bh) {
        for (String l : lines) {
            MailEvent e = parser.parse(l);
            enriching.accept(e, bh::consume);
            bh.consume(e);
        }
    }

    @Benchmark
    @OperationsPerInvocation(LOOKUPS)
    public void eventFloor(Blackhole bh) {
        for (int i = 0; i < LOOKUPS; i++) bh.consume(client(pool[i]));
    }

    @Benchmark
    @OperationsPerInvocation(LOOKUPS)
    public void lookupCached(Blackhole bh) {
        for (int i = 0; i < LOOKUPS; i++) {
            MailEvent e = client(pool[i]);
            cached.accept(e, bh::consume);
            bh.consume(e);
        }
    }

    @Benchmark
    @OperationsPerInvocation(LOOKUPS)
    public void lookupUncached(Blackhole bh) {
        for (int i = 0; i < LOOKUPS; i++) {
            MailEvent e = client(distinct[next++ & (distinct.length - 1)]);
            uncached.accept(e, bh::consume);
            bh.consume(e);
        }
    }
}
