package org.mailsight.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailsight.elasticsearch.Cluster;
import org.mailsight.elasticsearch.Connection;
import org.mailsight.engine.Pipeline;
import org.mailsight.event.MailEvent;
import org.mailsight.output.EventWriter;
import org.mailsight.report.ElasticSource;
import org.mailsight.report.HtmlView;
import org.mailsight.report.JsonView;
import org.mailsight.report.Report;
import org.mailsight.report.ReportBuilder;
import org.mailsight.report.TextView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailsight report}: the daily report (pflogsumm's and eximstats' totals and more) as text, JSON or HTML. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Summarize mail logs (plain, .gz or stdin) or Elasticsearch: grand totals as pflogsumm and eximstats "
                + "count them, traffic, top lists, delays, problems, TLS, authentication and mailboxes, as text, JSON or one HTML page."})
final class ReportCommand implements Callable<Integer> {

    enum Format { text, json, html }

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Log files (.gz detected by content), or - for stdin; none with --es.")
    List<String> files = new ArrayList<>();

    @Option(names = "--format", defaultValue = "text", description = "text (default, for a mail body), json or html.")
    Format format;

    @Option(names = "--problems-first", description = "Deferrals, bounces, rejects, warnings, queue and authentication failures before the rest.")
    boolean problemsFirst;

    @Option(names = "--since", paramLabel = "TIME", description = "Only events at or after TIME: 2026-11-22, 2026-11-22T03:00 (in --timezone) or 2026-11-22T03:00:00Z.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only events before TIME (same forms as --since).")
    String until;

    @Option(names = "-d", paramLabel = "DAY", description = "today or yesterday (in --timezone): the same as --since and --until around that day.")
    String day;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Entries in each top list and reason list (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--es", paramLabel = "URL", description = "Read the events from Elasticsearch instead of files (every mail host shipping there).")
    String es;

    @Option(names = "--index", paramLabel = "PATTERN", defaultValue = "logs-mail.*", description = "Indices or data streams to read with --es (default: ${DEFAULT-VALUE}).")
    String index;

    @Mixin
    Credentials credentials;

    @Mixin
    EngineOptions engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (top < 1) throw new Main.UserError("--top " + top + " is not valid: give a whole number of 1 or more.");
        ZoneId zone = engine.zone();
        Instant[] range = range(zone, Instant.now());
        if (es != null) return fromElasticsearch(zone, range);
        if (files.isEmpty()) throw new Main.UserError("no input: give log files, - for stdin, or --es URL.");
        engine.correlate = true;
        engine.detect = true; // the alerts section: the same engine as parse --correlate --detect
        Pipeline pipeline = Pipeline.of(engine.config(true));
        ReportBuilder report = new ReportBuilder(zone, range[0], range[1]);
        // parse's run loop: parsing on every core, the stages and the report on one thread in input order
        ParseRun run = new ParseRun(pipeline, new Sink(report), buffer -> null, Runtime.getRuntime().availableProcessors(), false);
        try {
            for (String file : files) {
                try (BufferedReader in = ParseCommand.open(file)) {
                    run.read(in, engine.clock(file));
                }
                run.endOfFile(file);
            }
            run.finish();
        } catch (UncheckedIOException ex) {
            throw ex.getCause();
        }
        for (ParseRun.FileCounts f : run.files()) {
            ParseCommand.warnIfNotMailLog(spec.commandLine().getErr(), f.file(), f.records(), f.unparsed());
        }
        print(report.build(top));
        return 0;
    }

    /** The report as the run's writer: it sees every event, the made ones too, in input order. */
    private record Sink(ReportBuilder report) implements EventWriter {
        @Override
        public void write(MailEvent e) {
            report.accept(e);
        }

        @Override
        public void writeEncoded(byte[] bytes) {
            throw new IllegalStateException("the report reads events, not bytes"); // correlation is always on
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    private int fromElasticsearch(ZoneId zone, Instant[] range) {
        if (!files.isEmpty()) {
            throw new Main.UserError("--es reads from Elasticsearch: give no files with it (" + files.get(0) + ").");
        }
        Connection connection = credentials.connect("--es", es);
        ReportBuilder report = new ReportBuilder(zone, range[0], range[1]);
        try (Cluster cluster = new Cluster(connection)) {
            ElasticSource.read(cluster, index, range[0], range[1], report::accept);
        } catch (IllegalStateException ex) {
            throw new Main.UserError(ex.getMessage());
        } catch (IOException ex) {
            throw new Main.UserError("closing the connection to " + connection + " failed: " + ex.getMessage() + ".");
        }
        print(report.build(top));
        return 0;
    }

    private void print(Report r) {
        String out = switch (format) {
            case text -> TextView.render(r, problemsFirst);
            case json -> JsonView.render(r);
            case html -> HtmlView.render(r, problemsFirst);
        };
        PrintStream stdout = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        stdout.print(out);
        stdout.flush();
    }

    /** [since, until) from -d, --since and --until; null ends are open. */
    Instant[] range(ZoneId zone, Instant now) {
        if (day != null) {
            if (since != null || until != null) {
                throw new Main.UserError("-d " + day + " cannot be combined with --since or --until: give one or the other.");
            }
            LocalDate today = LocalDate.ofInstant(now, zone);
            LocalDate d = switch (day) {
                case "today" -> today;
                case "yesterday" -> today.minusDays(1);
                default -> throw new Main.UserError("-d " + day + " is not valid: give today or yesterday.");
            };
            return new Instant[] {d.atStartOfDay(zone).toInstant(), d.plusDays(1).atStartOfDay(zone).toInstant()};
        }
        Instant from = since == null ? null : instant("--since", since, zone);
        Instant to = until == null ? null : instant("--until", until, zone);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new Main.UserError("--since " + since + " is not before --until " + until + ": give a range that is not empty.");
        }
        return new Instant[] {from, to};
    }

    /** Ends in +hh:mm or -hh:mm (by hand: ".*[+-]\\d\\d:\\d\\d$" backtracks over the whole value). */
    static boolean zoneOffsetAtEnd(String v) {
        int n = v.length();
        if (n < 6) return false;
        char sign = v.charAt(n - 6);
        return (sign == '+' || sign == '-') && Character.isDigit(v.charAt(n - 5)) && Character.isDigit(v.charAt(n - 4))
                && v.charAt(n - 3) == ':' && Character.isDigit(v.charAt(n - 2)) && Character.isDigit(v.charAt(n - 1));
    }

    static Instant instant(String option, String value, ZoneId zone) {
        try {
            if (value.length() == 10) return LocalDate.parse(value).atStartOfDay(zone).toInstant();
            if (value.endsWith("Z") || zoneOffsetAtEnd(value)) return OffsetDateTime.parse(value).toInstant();
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new Main.UserError(option + " " + value
                    + " is not a time: give a date like 2026-11-22, a local time like 2026-11-22T03:00 or an instant like 2026-11-22T03:00:00Z.");
        }
    }
}
