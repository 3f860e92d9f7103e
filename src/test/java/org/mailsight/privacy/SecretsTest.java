package org.mailsight.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.engine.MailParser;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.record.Clock;
import org.mailsight.record.Framer;

/** Logged passwords, hashes and SASL payloads never reach an event, whatever the settings. */
class SecretsTest {
    static final Path SECRETS = TestParsers.RESOURCES.resolve("corpus/secrets-documented/secrets.log");
    static final List<String> LEAKS = List.of("S3cr3t", "UzNjcjN0LVBhNTU", "AGFsaWNlQGV4YW1wbGUudGVzdABTM2NyM3Qt",
            "2ab283acd9cf9bcc18f48832d35432d970e80480", "STOREDHASH");

    private final MailParser parser = new MailParser(new Framer(Clock.fixedYear(ZoneOffset.UTC, 2026)), true);

    @Test
    void noSecretSurvivesInAnyFieldOfAnyEvent() throws IOException {
        List<String> lines = TestParsers.lines(SECRETS);
        assertThat(lines).hasSize(21);
        for (String line : lines) {
            assertThat(LEAKS.stream().anyMatch(line::contains)).as("the test line has a secret: %s", line).isTrue();
            MailEvent e = parser.parse(line);
            String all = e.toString();
            for (String leak : LEAKS) assertThat(all).as(line).doesNotContain(leak);
            assertThat(e.getString(Fields.MESSAGE)).as(line).contains("redacted"); // the Dovecot parser may say it its way
            assertThat(e.getString(Fields.EVENT_ORIGINAL)).as(line).contains("redacted");
        }
    }

    @Test
    void aScrubbedLineStillParsesAsWhatItIs() {
        MailEvent e = parser.parse("Nov 22 10:01:05 mail dovecot: auth: passwd-file(alice@example.test,192.0.2.10,"
                + "<+ZGBPKBiq50JD6Bj>): Password mismatch (given password: a) b) - trying the next passdb");
        assertThat(e.get(Fields.EVENT_ACTION)).isEqualTo("auth-failed");
        assertThat(e.get(Fields.USER_NAME)).isEqualTo("alice@example.test");
        assertThat(e.get(Fields.SOURCE_IP)).isEqualTo("192.0.2.10");
        assertThat(e.getString(Fields.MESSAGE)).startsWith("auth: passwd-file(alice@example.test,192.0.2.10,"
                + "<+ZGBPKBiq50JD6Bj>): Password mismatch (given password").doesNotContain("a) b)");
    }

    @Test
    void eachRuleKeepsWhatIsNotSecret() {
        assertThat(Secrets.scrub("passwd-file(a,192.0.2.1): SHA512-CRYPT(pw) != '$6$x', try PLAIN scheme instead"))
                .isEqualTo("passwd-file(a,192.0.2.1): SHA512-CRYPT(<redacted>) != '<redacted>'");
        assertThat(Secrets.scrub("client in: AUTH\t1\tPLAIN\tservice=imap\tresp=AGE=\tlip=192.0.2.1"))
                .isEqualTo("client in: AUTH\t1\tPLAIN\tservice=imap\tresp=<redacted>\tlip=192.0.2.1");
        assertThat(Secrets.scrub("client in: AUTH\t1\tPLAIN\tservice=imap\tresp=<hidden>"))
                .isEqualTo("client in: AUTH\t1\tPLAIN\tservice=imap\tresp=<hidden>");
        assertThat(Secrets.scrub("< unknown[192.0.2.1]: QUIT")).isEqualTo("< unknown[192.0.2.1]: QUIT");
        assertThat(Secrets.scrub("< unknown[192.0.2.1]: AUTH LOGIN")).isEqualTo("< unknown[192.0.2.1]: AUTH LOGIN");
        assertThat(Secrets.scrub("Disconnected (no auth attempts in 0 secs): user=<>, rip=192.0.2.1"))
                .isEqualTo("Disconnected (no auth attempts in 0 secs): user=<>, rip=192.0.2.1");
        assertThat(Secrets.scrub("H=(helo) [192.0.2.1]:60030 rejected AUTH PLAIN: AUTH not permitted from this host"))
                .isEqualTo("H=(helo) [192.0.2.1]:60030 rejected AUTH PLAIN: AUTH not permitted from this host");
    }

    /** No false positives: every line of every real and documented corpus comes back as the same instance. */
    @Test
    void linesWithoutSecretsAreUntouched() throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.walk(TestParsers.RESOURCES.resolve("corpus"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.startsWith(SECRETS.getParent()) || f.toString().endsWith(".md")) continue;
                for (String line : Files.readAllLines(f)) {
                    assertThat(Secrets.scrubLine(line)).as(f + ": " + line).isSameAs(line);
                    lines++;
                }
            }
        }
        assertThat(lines).isGreaterThan(5000);
    }

    /** The vector scan of {@code suspect} finds exactly what a plain per-character scan of the markers finds. */
    @Test
    void suspectMatchesAPerCharacterScan() throws IOException {
        List<String> samples = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(TestParsers.RESOURCES.resolve("corpus"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!f.toString().endsWith(".md")) samples.addAll(Files.readAllLines(f, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        String[] markers = {"pass", "Pass", "PASS", "pAss", "!= '", "!= ", "resp=", "init_response ", "init_response",
            "cache hit: {", "client in: CONT", "auth ", "AUTH ", "AuTh ", "auth", "uth ", "h ", "< ", " < "};
        java.util.Random random = new java.util.Random(12);
        int n = samples.size();
        for (int k = 0; k < n; k++) {
            String line = samples.get(k);
            String m = markers[random.nextInt(markers.length)];
            int at = random.nextInt(line.length() + 1);
            samples.add(line.substring(0, at) + m + line.substring(at)); // a marker at any place, the edges too
            samples.add(m + line.substring(Math.min(at, line.length())));
        }
        for (String m : markers) samples.add(m);
        int suspects = 0;
        for (String line : samples) {
            assertThat(Secrets.suspect(line)).as(line).isEqualTo(scan(line));
            if (scan(line)) suspects++;
        }
        assertThat(suspects).isGreaterThan(n / 2).isLessThan(samples.size());
    }

    private static boolean scan(String s) {
        if (s.startsWith("< ")) return true;
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("pass", i) || s.startsWith("Pass", i) || s.startsWith("!= '", i) || s.startsWith("resp=", i)
                    || s.regionMatches(true, i, "auth ", 0, 5) || s.startsWith("init_response ", i)
                    || s.startsWith("cache hit: {", i) || s.startsWith("client in: CONT", i)) return true;
        }
        return false;
    }
}
