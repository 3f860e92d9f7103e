package org.mailsight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** parse --integrity, then mailsight verify on the export as written and after each kind of tampering. */
class VerifyCommandTest {
    static final String POSTFIX = "src/test/resources/corpus/postfix/maillog";
    static final String DOVECOT = "src/test/resources/corpus/dovecot/dovecot.log";

    @TempDir
    Path dir;

    @RegisterExtension
    final Console console = new Console();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;


    /** The export of two real logs with correlation, pseudonyms and chains (one per file, one for the summaries). */
    List<String> export() throws Exception {
        Path key = dir.resolve("key");
        Files.writeString(key, "a key of at least sixteen bytes\n");
        int code = Main.run("parse", "--year", "2026", "--timezone", "UTC", "--correlate", "--integrity",
                "--pseudonymize", key.toString(), POSTFIX, DOVECOT);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = new ArrayList<>(List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
        out.reset();
        return lines;
    }

    int verify(List<String> lines) throws Exception {
        Path f = dir.resolve("export.ndjson");
        Files.write(f, lines);
        out.reset();
        return Main.run("verify", f.toString());
    }

    String report() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anExportAsWrittenIsIntact() throws Exception {
        List<String> lines = export();
        assertThat(lines).hasSizeGreaterThan(1900);
        assertThat(lines.get(0)).contains("\"integrity\":{\"source\":\"mail:" + POSTFIX + "\",\"sequence\":1,\"hash\":\"");
        assertThat(verify(lines)).as(report()).isEqualTo(VerifyCommand.INTACT);
        assertThat(report()).contains("3 chains", "chain mail: sequences 1 to ", "chain mail:" + POSTFIX + ": sequences 1 to ", "result: INTACT");
    }

    @Test
    void anAlteredValueIsTheFirstBreak() throws Exception {
        List<String> lines = export();
        int k = 700;
        assertThat(lines.get(k)).contains("\"action\":\"");
        lines.set(k, lines.get(k).replaceFirst("\"action\":\"[a-z-]+\"", "\"action\":\"connect\"")
                .replaceFirst("\"hostname\":\"mail\"", "\"hostname\":\"mail2\"").replace("mail2", "mail")
                .replaceFirst("\"pid\":([0-9]+)", "\"pid\":1$1"));
        assertThat(verify(lines)).as(report()).isEqualTo(VerifyCommand.ALTERED);
        assertThat(report()).contains("first break at line " + (k + 1), "result: ALTERED");
    }

    @Test
    void aRemovedEventIsAGap() throws Exception {
        List<String> lines = export();
        lines.remove(100);
        lines.remove(100);
        assertThat(verify(lines)).as(report()).isEqualTo(VerifyCommand.INCOMPLETE);
        assertThat(report()).contains("are missing (2 events, before line 101)");
    }

    @Test
    void aDuplicatedEventIsReported() throws Exception {
        List<String> lines = export();
        lines.add(50, lines.get(49));
        assertThat(verify(lines)).as(report()).isEqualTo(VerifyCommand.INCOMPLETE);
        assertThat(report()).contains("appears again at line 51");
    }

    @Test
    void swappedLinesAreReorderedButWhole() throws Exception {
        List<String> lines = export();
        Collections.swap(lines, 10, 11);
        assertThat(verify(lines)).as(report()).isEqualTo(VerifyCommand.REORDERED);
        assertThat(report()).contains("line 12 (sequence 11) comes after sequence 12");
    }

    @Test
    void twoRunsAppendedAreTwoChainsEach() throws Exception {
        List<String> lines = export();
        List<String> twice = new ArrayList<>(lines);
        twice.addAll(lines);
        assertThat(verify(twice)).as(report()).isEqualTo(VerifyCommand.INTACT);
        assertThat(report()).contains("6 chains", "chain mail #2: sequences 1 to ");
    }

    @Test
    void aLineThatIsNoJsonIsDamage() throws Exception {
        List<String> lines = export();
        lines.set(3, lines.get(3).substring(0, 40));
        assertThat(verify(lines)).as(report()).isEqualTo(VerifyCommand.ALTERED);
        assertThat(report()).contains("line 4 is not a JSON document");
    }

    @Test
    void anExportWithoutChainsIsOneSentence() throws Exception {
        Files.writeString(dir.resolve("plain.ndjson"), "{\"message\":\"x\"}\n");
        assertThat(Main.run("verify", dir.resolve("plain.ndjson").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("has no event with mail.integrity.*")
                .contains("--integrity");
    }
}
