package org.mailsight.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsight.cli.Main;

/** The command's options: time ranges, --top, gzip and stdin, and one-sentence errors. */
class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void aTimeRangeSplitsTheReportWithoutLosingOrDoublingAnything() {
        Report all = Reports.json("postfix/maillog");
        String cut = "2026-11-22T03:21:00Z";
        Report before = JsonView.read(Reports.of("json", List.of("--until", cut), "postfix/maillog"));
        Report after = JsonView.read(Reports.of("json", List.of("--since", cut), "postfix/maillog"));
        assertThat(before.period().events()).isPositive();
        assertThat(after.period().events()).isPositive();
        assertThat(before.period().events() + after.period().events()).isEqualTo(all.period().events());
        assertThat(before.totals().received() + after.totals().received()).isEqualTo(all.totals().received());
        assertThat(before.totals().rejected() + after.totals().rejected()).isEqualTo(all.totals().rejected());
        assertThat(Instant.parse(before.period().last())).isBefore(Instant.parse(cut));
        assertThat(Instant.parse(after.period().first())).isAfterOrEqualTo(Instant.parse(cut));
        assertThat(Instant.parse(after.period().since())).isEqualTo(Instant.parse(cut));
    }

    @Test
    void aLocalTimeIsReadInTheTimezone() {
        // the log's own times (RFC 3164, no zone) and --since are both read in Berlin (UTC+1 in November)
        Report berlin = JsonView.read(Reports.run("report", "--format", "json", "--year", "2026", "--timezone",
                "Europe/Berlin", "--since", "2026-11-22T03:21", Reports.CORPUS.resolve("postfix/maillog").toString()));
        Report utc = JsonView.read(Reports.of("json", List.of("--since", "2026-11-22T03:21"), "postfix/maillog"));
        assertThat(berlin.period().since()).isEqualTo("2026-11-22T02:21:00.000Z");
        assertThat(utc.period().since()).isEqualTo("2026-11-22T03:21:00.000Z");
        assertThat(berlin.hourly().get(0).period()).isEqualTo("2026-11-22T03");
        assertThat(berlin.period().events()).isPositive().isEqualTo(utc.period().events());
        assertThat(berlin.totals()).isEqualTo(utc.totals());
    }

    @Test
    void yesterdayOfALogFromAnotherDayIsEmpty() {
        Report r = JsonView.read(Reports.of("json", List.of("-d", "yesterday"), "postfix/maillog"));
        assertThat(r.period().events()).isZero();
        assertThat(r.totals().received()).isZero();
        assertThat(r.period().since()).isNotNull();
        assertThat(Reports.of("text", List.of("-d", "today"), "postfix/maillog")).contains("Grand totals");
    }

    @Test
    void topLimitsEveryList() {
        Report all = Reports.json("postfix/maillog");
        Report three = JsonView.read(Reports.of("json", List.of("--top", "3"), "postfix/maillog"));
        assertThat(all.tops().sendersByCount()).hasSizeGreaterThan(3);
        assertThat(three.tops().sendersByCount()).isEqualTo(all.tops().sendersByCount().subList(0, 3));
        assertThat(three.warnings()).hasSize(3);
        assertThat(three.rejectReasons()).hasSize(3);
        assertThat(three.totals()).isEqualTo(all.totals());
    }

    @Test
    void gzipAndStdinGiveTheSameReportAsThePlainFile() throws Exception {
        Path log = Reports.CORPUS.resolve("exim/mainlog");
        Path gz = dir.resolve("mainlog.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(log, out);
        }
        String plain = Reports.of("json", List.of(), "exim/mainlog");
        String zipped = Reports.run("report", "--format", "json", "--timezone", "UTC", "--year", "2026", gz.toString());
        assertThat(zipped).isEqualTo(plain);
        InputStream old = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(log)));
            assertThat(Reports.run("report", "--format", "json", "--timezone", "UTC", "--year", "2026", "-"))
                    .isEqualTo(plain);
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void authenticationIsPlacedByCountryWithGeoip() {
        // real lines with public addresses put in (corpus/../geo/maillog says which address is where)
        Report r = JsonView.read(Reports.run("report", "--format", "json", "--timezone", "UTC", "--year", "2026",
                "--geoip", org.mailsight.enrich.GeoTestDatabases.city().toString(), "src/test/resources/geo/maillog"));
        assertThat(r.auth().byCountry()).containsExactly(new Report.Outcome("US", 2, 0), new Report.Outcome("SE", 1, 0));
        assertThat(r.auth().byAddress()).extracting(Report.Outcome::name).contains("130.237.1.1", "192.168.1.20");
        Report without = JsonView.read(Reports.run("report", "--format", "json", "--timezone", "UTC", "--year", "2026",
                "src/test/resources/geo/maillog"));
        assertThat(without.auth().byCountry()).isEmpty();
        assertThat(without.auth().successes()).isEqualTo(r.auth().successes());
    }

    @Test
    void docsShowWhatTheCommandPrints() throws Exception {
        String doc = Files.readString(Path.of("docs/report.md"));
        String block = doc.substring(doc.indexOf("```text\n") + 8, doc.indexOf("```", doc.indexOf("```text\n") + 8));
        String printed = Reports.run("report", "--timezone", "UTC", "--year", "2026", "--problems-first", "--top", "3",
                "samples/postfix/maillog");
        assertThat(doc).contains("bin/mailsight report --timezone UTC --year 2026 --problems-first\n--top 3 samples/postfix/maillog");
        for (String part : block.split("\n\\.\\.\\.\n")) assertThat(printed).contains(part.strip());
    }

    @Test
    void aFileThatIsNotAMailLogIsNamedAndTheReportStillComes() {
        Path report = Reports.CORPUS.resolve("postfix/pflogsumm.txt");
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        String out;
        try {
            out = Reports.run("report", "--timezone", "UTC", "--year", "2026", report.toString());
        } finally {
            System.setErr(old);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("mailsight: " + report + ": ").contains("is this the right file?");
        assertThat(out).contains("Grand totals");
    }

    @Test
    void badOptionsAreOneSentence() {
        String log = Reports.CORPUS.resolve("postfix/maillog").toString();
        assertThat(error("report", "--since", "last tuesday", log)).isEqualTo("mailsight: --since last tuesday is not a time: "
                + "give a date like 2026-11-22, a local time like 2026-11-22T03:00 or an instant like 2026-11-22T03:00:00Z.");
        assertThat(error("report", "-d", "monday", log)).isEqualTo("mailsight: -d monday is not valid: give today or yesterday.");
        assertThat(error("report", "--top", "0", log)).isEqualTo("mailsight: --top 0 is not valid: give a whole number of 1 or more.");
        assertThat(error("report", "--since", "2026-11-23", "--until", "2026-11-22", log))
                .isEqualTo("mailsight: --since 2026-11-23 is not before --until 2026-11-22: give a range that is not empty.");
        assertThat(error("report", "-d", "today", "--since", "2026-11-22", log))
                .isEqualTo("mailsight: -d today cannot be combined with --since or --until: give one or the other.");
        assertThat(error("report")).isEqualTo("mailsight: no input: give log files, - for stdin, or --es URL.");
        assertThat(error("report", "--es", "http://127.0.0.1:9", log))
                .isEqualTo("mailsight: --es reads from Elasticsearch: give no files with it (" + log + ").");
        assertThat(error("report", "--es", "http://127.0.0.1:9")).startsWith("mailsight: cannot reach Elasticsearch at http://127.0.0.1:9 (");
        assertThat(error("report", "--es", "ftp://x")).startsWith("mailsight: --es 'ftp://x' is not an http or https URL");
        assertThat(error("report", dir.resolve("nothing-here").toString())).startsWith("mailsight: cannot read ").endsWith(": no such file.");
    }

    private static String error(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        PrintStream oldOut = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run(args)).isEqualTo(2);
        } finally {
            System.setErr(old);
            System.setOut(oldOut);
        }
        return err.toString(StandardCharsets.UTF_8).strip();
    }
}
