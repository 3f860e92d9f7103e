package org.mailsight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --pseudonymize, --pseudonymize-ip, --drop and --privacy-profile on the real Dovecot corpus. */
class PrivacyOptionsTest {
    static final String LOG = "src/test/resources/corpus/dovecot/maillog";

    @TempDir
    Path dir;

    @RegisterExtension
    final Console console = new Console();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;


    @Test
    void pseudonymsEverywhere() throws Exception {
        Path key = dir.resolve("key");
        Files.writeString(key, "a key of at least sixteen bytes\n");
        int code = Main.run("parse", "--year", "2026", "--timezone", "UTC", "--keep-original", "--correlate",
                "--pseudonymize", key.toString(), "--pseudonymize-ip", "--drop", "dovecot.session", "--stats", LOG);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String ndjson = out.toString(StandardCharsets.UTF_8);
        assertThat(ndjson).contains("\"user\":{\"name\":\"h:").doesNotContain("alice@", "127.0.0.1\"", "\"session\":\"");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("privacy.pseudonymized=")
                .doesNotContain("sixteen");
    }

    @Test
    void minimalProfile() throws Exception {
        int code = Main.run("parse", "--year", "2026", "--keep-original", "--privacy-profile", "minimal", LOG);
        assertThat(code).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        long lines = 0;
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            var doc = json.readTree(line);
            assertThat(doc.has("message")).as(line).isFalse();
            assertThat(doc.path("event").has("original")).as(line).isFalse();
            assertThat(doc.path("event").has("action")).as(line).isTrue();
            lines++;
        }
        assertThat(lines).isGreaterThan(40);
    }

    @Test
    void mistakesAreOneSentence() {
        assertThat(Main.run("parse", "--pseudonymize", dir.resolve("none").toString(), LOG)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("mailsight: --pseudonymize ")
                .contains("cannot be read");
        assertThat(Main.run("parse", "--pseudonymize-ip", LOG)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--pseudonymize-ip true is not valid");
        assertThat(Main.run("parse", "--privacy-profile", "tiny", LOG)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--privacy-profile tiny");
    }
}
