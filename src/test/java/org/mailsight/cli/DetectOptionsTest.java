package org.mailsight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsight.TestParsers;
import org.mailsight.detect.AttackCaptureTest;

/** parse --detect, --alerts-only, --rules on the real attack capture: Postfix's and Dovecot's logs given as two files. */
class DetectOptionsTest {
    static final Path ATTACK = TestParsers.RESOURCES.resolve("corpus/attack");

    @TempDir
    Path dir;
    @RegisterExtension
    final Console console = new Console();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;


    private List<JsonNode> docs() throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) if (!l.isBlank()) docs.add(m.readTree(l));
        return docs;
    }

    @Test
    void alertsOnlyPrintsTheAttacksAlertsAndNothingElse() throws Exception {
        assertThat(Main.run("parse", "--alerts-only", "--year", "2026", "--timezone", "UTC",
                ATTACK.resolve("postfix.log").toString(), ATTACK.resolve("dovecot.log").toString())).isZero();
        List<JsonNode> docs = docs();
        assertThat(docs).allSatisfy(d -> {
            assertThat(d.at("/event/kind").asText()).isEqualTo("alert");
            assertThat(d.at("/event/dataset").asText()).isEqualTo("mail.alert");
        });
        assertThat(docs.stream().map(d -> d.at("/rule/id").asText() + " " + d.at("/mail/alert/entity_value").asText())
                .sorted().toList()).isEqualTo(AttackCaptureTest.truth());
    }

    @Test
    void detectAddsAlertsToTheEvents() throws Exception {
        assertThat(Main.run("parse", "--detect", "--year", "2026", "--timezone", "UTC",
                ATTACK.resolve("dovecot.log").toString())).isZero();
        List<JsonNode> docs = docs();
        long lines = TestParsers.lines(ATTACK.resolve("dovecot.log")).size();
        assertThat(docs.stream().filter(d -> !d.at("/event/kind").asText().equals("alert")).count()).isEqualTo(lines);
        assertThat(docs).anyMatch(d -> d.at("/rule/id").asText().equals("mail-password-spraying"));
        assertThat(docs).noneMatch(d -> d.at("/event/action").asText().equals("message-summary"));
    }

    @Test
    void aRulesFileTunesAndItsMistakesAreOneSentenceEach() throws Exception {
        Path rules = dir.resolve("rules.yml");
        Files.writeString(rules, "rules:\n  mail-password-spraying: {enabled: false}\n  mail-auth-failures-ip: {threshold: 100}\n");
        assertThat(Main.run("parse", "--rules", rules.toString(), "--alerts-only", "--year", "2026", "--timezone", "UTC",
                ATTACK.resolve("dovecot.log").toString())).isZero();
        assertThat(docs()).extracting(d -> d.at("/rule/id").asText()).doesNotContain("mail-password-spraying", "mail-auth-failures-ip")
                .contains("mail-login-after-failures");
        Files.writeString(rules, "rule:\n  mail-password-spraying: {enabled: no}\n");
        assertThat(Main.run("parse", "--rules", rules.toString(), ATTACK.resolve("dovecot.log").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("mailsight: --rules " + rules
                + ": 'rule' is not a setting; use allow, max_entities, profile, reorder_tolerance, rules, throttle.");
    }
}
