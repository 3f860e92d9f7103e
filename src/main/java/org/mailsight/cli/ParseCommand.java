package org.mailsight.cli;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
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
import org.mailsight.engine.Pipeline;
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

    @Mixin
    RespondOptions respond;

    @Mixin
    WebhookOptions webhookOptions;

    @Spec
    CommandSpec spec;

    @Option(names = "--threads", paramLabel = "N", description = "Threads that parse (default: the number of cores); the output order is the input order.")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        Pipeline pipeline = Pipeline.of(engine.config(true));
        org.mailsight.detect.Responder responder = respond.responder(engine.detecting(), spec.commandLine().getErr());
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) throw new Main.UserError("--threads must be at least 1, not " + n + ".");
        long lines = 0;
        long start = System.nanoTime();
        org.mailsight.output.Webhook webhook = webhookOptions.start(engine.detecting(), spec.commandLine().getErr());
        EventWriter writer = format == Format.csv ? new CsvWriter(System.out) : new NdjsonWriter(System.out);
        if (engine.alertsOnly) writer = alertsOnly(writer);
        if (responder != null) writer = EventWriter.withAlerts(writer, responder::accept);
        if (webhook != null) writer = EventWriter.withAlerts(writer, webhook::offer);
        ParseRun run = new ParseRun(pipeline, writer, this::chunkWriter, n, stats);
        try {
            for (String file : files) {
                try (BufferedReader in = open(file)) {
                    lines += run.read(in, engine.clock(file), engine.integrity && !"-".equals(file) ? file : null);
                }
                run.endOfFile(file);
            }
            run.finish();
        } catch (UncheckedIOException ex) {
            throw ex.getCause();
        }
        for (ParseRun.FileCounts f : run.files()) {
            warnIfNotMailLog(spec.commandLine().getErr(), f.file(), f.records(), f.unparsed());
        }
        if (responder != null) spec.commandLine().getErr().printf("mailsight: respond: %s%n", responder.counts());
        if (webhook != null) webhook.close(webhookOptions.waitAtExit());
        if (stats) printStats(new TreeMap<>(run.actions()), lines, System.nanoTime() - start);
        if (stats && webhook != null) spec.commandLine().getErr().printf("webhook: %s%n", webhook.counts()).flush();
        if (stats && !pipeline.counters().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("pipeline: %s%n", pipeline.counters());
            err.flush();
        }
        return 0;
    }

    /** Writes only alert events (detection is stateful: every event reaches the writer thread one by one). */
    static EventWriter alertsOnly(EventWriter all) {
        return new EventWriter() {
            @Override
            public void write(org.mailsight.event.MailEvent e) throws IOException {
                if ("alert".equals(e.get(org.mailsight.event.Fields.EVENT_KIND))) all.write(e);
            }

            @Override
            public void writeEncoded(byte[] bytes) {
                // chunks encoded by workers are line events only: none is an alert
            }

            @Override
            public void flush() throws IOException {
                all.flush();
            }

            @Override
            public void close() throws IOException {
                all.close();
            }
        };
    }

    /** A writer of the chosen format into a worker's buffer: rows only, no header. */
    private EventWriter chunkWriter(java.io.OutputStream buffer) {
        try {
            return format == Format.csv ? new CsvWriter(buffer, false) : new NdjsonWriter(buffer);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** More than half of a file not understood: most likely not a mail log (the output stays as it is). */
    static void warnIfNotMailLog(PrintWriter err, String file, long records, long unparsed) {
        if (records == 0 || unparsed * 2 <= records) return;
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
