package org.mailsight.cli;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import java.io.UncheckedIOException;
import org.mailsight.engine.LineJoiner;
import org.mailsight.engine.MailParser;
import org.mailsight.engine.Pipeline;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.output.CsvWriter;
import org.mailsight.output.EventWriter;
import org.mailsight.output.NdjsonWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "parse", mixinStandardHelpOptions = true, description = "Parse mail logs (plain, .gz or stdin) to ECS NDJSON or CSV on stdout.")
final class ParseCommand implements Callable<Integer> {

    enum Format { ndjson, csv }

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Log files (.gz detected by content), or - for stdin.")
    List<String> files;

    @Option(names = "--format", defaultValue = "ndjson", description = "ndjson (default) or csv.")
    Format format;

    @Option(names = "--stats", description = "Print counts per event.action, the unparsed share and lines/s to stderr.")
    boolean stats;

    @Mixin
    EngineOptions engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Pipeline pipeline = Pipeline.of(engine.config(true));
        Map<String, Long> counts = new TreeMap<>();
        long lines = 0;
        long start = System.nanoTime();
        Writer raw = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
        Writer out = new BufferedWriter(raw, 1 << 16);
        EventWriter writer = format == Format.csv ? new CsvWriter(out) : new NdjsonWriter(out);
        for (String file : files) {
            MailParser parser = pipeline.parser(engine.clock(file));
            java.util.function.Consumer<MailEvent> emit = e -> {
                try {
                    writer.write(e);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
                counts.merge(e.getString(Fields.EVENT_ACTION), 1L, Long::sum);
            };
            long[] seen = new long[2]; // records of this file, and how many of them were not understood
            LineJoiner joiner = new LineJoiner(record -> {
                MailEvent e = parser.parse(record);
                seen[0]++;
                if ("unparsed".equals(e.getString(Fields.EVENT_ACTION))) seen[1]++;
                java.util.List<MailEvent> made = new java.util.ArrayList<>(1);
                pipeline.accept(e, made::add);
                emit.accept(e);
                made.forEach(emit);
            });
            try (BufferedReader in = open(file)) {
                String line;
                while ((line = in.readLine()) != null) {
                    joiner.accept(line);
                    lines++;
                }
                joiner.finish();
            } catch (UncheckedIOException ex) {
                throw ex.getCause();
            }
            warnIfNotMailLog(file, seen[0], seen[1]);
        }
        if (pipeline.stateful()) {
            try {
                pipeline.close(e -> {
                    try {
                        writer.write(e);
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                    counts.merge(e.getString(Fields.EVENT_ACTION), 1L, Long::sum);
                });
            } catch (UncheckedIOException ex) {
                throw ex.getCause();
            }
        }
        writer.close();
        if (stats) printStats(counts, lines, System.nanoTime() - start);
        if (stats && !pipeline.counters().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("pipeline: %s%n", pipeline.counters());
            err.flush();
        }
        return 0;
    }

    /** More than half of a file not understood: most likely not a mail log (the output stays as it is). */
    private void warnIfNotMailLog(String file, long records, long unparsed) {
        if (records == 0 || unparsed * 2 <= records) return;
        PrintWriter err = spec.commandLine().getErr();
        err.printf("mailsight: %s: %d of %d lines are not mail log lines; is this the right file?%n",
                "-".equals(file) ? "stdin" : file, unparsed, records);
        err.flush();
    }

    /** A reader over a file or stdin; gzip is recognized by its magic bytes, bad UTF-8 becomes U+FFFD. */
    static BufferedReader open(String file) {
        try {
            InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file));
            BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
            b.mark(2);
            int m1 = b.read();
            int m2 = b.read();
            b.reset();
            InputStream body = (m1 == 0x1f && m2 == 0x8b) ? new GZIPInputStream(b, 1 << 16) : b;
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            return new BufferedReader(new InputStreamReader(body, decoder), 1 << 16);
        } catch (NoSuchFileException ex) {
            throw new Main.UserError("cannot read " + file + ": no such file.");
        } catch (IOException ex) {
            throw new Main.UserError("cannot read " + file + ": " + ex.getMessage() + ".");
        }
    }

    private void printStats(Map<String, Long> counts, long lines, long nanos) {
        PrintWriter err = spec.commandLine().getErr();
        long unparsed = counts.getOrDefault("unparsed", 0L);
        long events = counts.values().stream().mapToLong(Long::longValue).sum();
        err.printf("lines: %d%n", lines);
        if (events != lines) err.printf("events: %d (message summaries added; Exim rejectlog header lines joined)%n", events);
        counts.forEach((k, v) -> err.printf("  %-24s %d%n", k, v));
        err.printf("unparsed: %d (%.2f%%)%n", unparsed, lines == 0 ? 0.0 : 100.0 * unparsed / lines);
        double seconds = nanos / 1e9;
        err.printf("lines/s: %.0f%n", seconds > 0 ? lines / seconds : 0.0);
        err.flush();
    }
}
