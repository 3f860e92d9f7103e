package org.mailsight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final Console console = new Console();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;

    private static final String LINES = "Nov 22 02:51:02 mail postfix/smtpd[1]: connect from localhost[127.0.0.1]\n"
            + "garbage that is not a log line\n"
            + "Nov 22 02:51:03 mail postfix/qmgr[2]: 4CDE2160721: removed\n";


    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainFileGivesOneJsonLinePerInputLine() throws IOException {
        Path f = dir.resolve("maillog");
        Files.writeString(f, LINES);
        assertThat(Main.run("parse", "--year", "2026", "--timezone", "UTC", f.toString())).isZero();
        String[] docs = stdout().split("\n");
        assertThat(docs).hasSize(3);
        assertThat(docs[0]).startsWith("{\"@timestamp\":\"2026-11-22T02:51:02.000Z\"")
                .contains("\"action\":\"connect\"").contains("\"ip\":\"127.0.0.1\"");
        assertThat(docs[1]).contains("\"action\":\"unparsed\"").contains("_mailsight_unparsed");
        assertThat(docs[2]).contains("\"local_id\":\"4CDE2160721\"");
    }

    @Test
    void gzipIsRecognizedByContentNotName() throws IOException {
        Path f = dir.resolve("mail.log.2");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
            o.write(LINES.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Main.run("parse", "--year", "2026", f.toString())).isZero();
        assertThat(stdout().split("\n")).hasSize(3);
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() throws IOException {
        Path f = dir.resolve("bad");
        byte[] bytes = "Nov 22 02:51:02 mail postfix/smtpd[1]: connect from x\u00ff[127.0.0.1]\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(f, bytes);
        assertThat(Main.run("parse", f.toString())).isZero();
        assertThat(stdout()).contains("x\uFFFD").doesNotContain("unparsed");
    }

    @Test
    void csvHasHeaderAndQuotedFields() throws IOException {
        Path f = dir.resolve("maillog");
        Files.writeString(f, LINES);
        assertThat(Main.run("parse", "--format", "csv", "--year", "2026", "--timezone", "UTC", f.toString())).isZero();
        String[] rows = stdout().split("\r\n");
        assertThat(rows).hasSize(4);
        assertThat(rows[0]).startsWith("@timestamp,host.hostname,");
        assertThat(rows[1]).startsWith("2026-11-22T02:51:02.000Z,mail,postfix/smtpd,1,connect,");
    }

    @Test
    void statsGoToStderr() throws IOException {
        Path f = dir.resolve("maillog");
        Files.writeString(f, LINES);
        assertThat(Main.run("parse", "--stats", f.toString())).isZero();
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e).contains("lines: 3").contains("unparsed: 1 (33.33%)").contains("lines/s:");
    }

    @Test
    void aFileThatIsMostlyNotMailLogIsNamedOnStderrAndStillParsed() throws IOException {
        Path mail = dir.resolve("maillog");
        Files.writeString(mail, LINES);
        Path passwd = Path.of("/etc/passwd");
        long passwdLines = Files.readAllLines(passwd).size();
        assertThat(Main.run("parse", mail.toString(), passwd.toString())).isZero();
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e.trim()).isEqualTo("mailsight: /etc/passwd: " + passwdLines + " of " + passwdLines
                + " lines are not mail log lines; is this the right file?");
        // the output is unchanged: one event per line of both files, the mail log's understood
        assertThat(stdout().split("\n")).hasSize(3 + (int) passwdLines);
    }

    @Test
    void missingFileIsOneSentenceAndExitTwo() {
        int code = Main.run("parse", dir.resolve("nope.log").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).trim())
                .isEqualTo("mailsight: cannot read " + dir.resolve("nope.log") + ": no such file.");
    }

    @Test
    void badTimezoneIsOneSentence() throws IOException {
        Path f = dir.resolve("maillog");
        Files.writeString(f, LINES);
        assertThat(Main.run("parse", "--timezone", "Mars/Olympus", f.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--timezone Mars/Olympus is not a time zone");
    }

    /** Every corpus file concatenated several times over: many chunks, every source, Exim's joined header lines. */
    private Path bigInput() throws IOException {
        StringBuilder b = new StringBuilder();
        java.util.List<Path> corpora;
        try (java.util.stream.Stream<Path> s = Files.walk(Path.of("src/test/resources/corpus"))) {
            corpora = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (int i = 0; i < 4; i++) for (Path p : corpora) b.append(Files.readString(p));
        Path f = dir.resolve("all.log");
        Files.writeString(f, b);
        return f;
    }

    private String run(String... args) {
        out.reset();
        assertThat(Main.run(args)).isZero();
        return stdout();
    }

    @Test
    void manyThreadsWriteInInputOrderExactlyAsOne() throws IOException {
        String f = bigInput().toString();
        for (String format : new String[] {"ndjson", "csv"}) {
            String one = run("parse", "--threads", "1", "--format", format, "--year", "2026", "--timezone", "UTC", f);
            String three = run("parse", "--threads", "3", "--format", format, "--year", "2026", "--timezone", "UTC", f);
            assertThat(one.length()).isGreaterThan(1_000_000);
            assertThat(three).isEqualTo(one);
        }
    }

    @Test
    void correlationOnManyThreadsIsTheSameAsOnOne() throws IOException {
        String f = bigInput().toString();
        String one = run("parse", "--threads", "1", "--correlate", "--year", "2026", "--timezone", "UTC", f);
        String two = run("parse", "--threads", "2", "--correlate", "--year", "2026", "--timezone", "UTC", f);
        assertThat(one).contains("\"correlation\"");
        assertThat(two).isEqualTo(one);
    }

    @Test
    void theOrderIsTheInputOrder() throws IOException {
        StringBuilder b = new StringBuilder();
        int n = 5 * ParseRun.CHUNK + 7;
        for (int i = 0; i < n; i++) b.append("Nov 22 02:51:02 mail postfix/smtpd[").append(i + 1).append("]: connect from localhost[127.0.0.1]\n");
        Path f = dir.resolve("numbered");
        Files.writeString(f, b);
        String[] docs = run("parse", "--threads", "4", f.toString()).split("\n");
        assertThat(docs).hasSize(n);
        for (int i = 0; i < n; i++) assertThat(docs[i]).contains("\"pid\":" + (i + 1) + ",");
    }

    @Test
    void zeroThreadsIsOneSentence() throws IOException {
        Path f = dir.resolve("maillog");
        Files.writeString(f, LINES);
        assertThat(Main.run("parse", "--threads", "0", f.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).trim()).isEqualTo("mailsight: --threads must be at least 1, not 0.");
    }
}
