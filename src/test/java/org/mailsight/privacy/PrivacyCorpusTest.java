package org.mailsight.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsight.TestParsers;
import org.mailsight.engine.LineJoiner;
import org.mailsight.engine.MailParser;
import org.mailsight.engine.Pipeline;
import org.mailsight.engine.PipelineConfig;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.record.Clock;

/**
 * With pseudonyms on, no real address, user name or IP address survives anywhere in the output of the real corpora:
 * not in a field, not in message or event.original, not in a message summary. The real values are what the same
 * corpora give with privacy off.
 */
class PrivacyCorpusTest {
    @TempDir
    Path dir;

    static List<Path> corpora() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String source : List.of("postfix", "exim", "dovecot", "attack", "postfix-trixie", "dovecot-trixie",
                "exim-trixie")) {
            try (Stream<Path> s = Files.list(TestParsers.RESOURCES.resolve("corpus").resolve(source))) {
                s.filter(p -> !p.toString().endsWith(".txt") && !p.toString().endsWith(".md")
                        && !p.toString().endsWith(".json") && !p.toString().endsWith(".truth")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    static List<MailEvent> run(PipelineConfig config, Path file) throws IOException {
        Pipeline pipeline = Pipeline.of(config);
        MailParser parser = pipeline.parser(Clock.fixedYear(ZoneOffset.UTC, 2026));
        List<MailEvent> out = new ArrayList<>();
        LineJoiner joiner = new LineJoiner(r -> {
            MailEvent e = parser.parse(r);
            List<MailEvent> made = new ArrayList<>();
            pipeline.accept(e, made::add);
            out.add(e);
            out.addAll(made);
        });
        for (String line : Files.readAllLines(file)) joiner.accept(line);
        joiner.finish();
        pipeline.close(out::add);
        return out;
    }

    @Test
    void noRealValueSurvivesAnywhere() throws IOException {
        Path key = dir.resolve("key");
        Files.writeString(key, "0123456789abcdef0123456789abcdef\n");
        long checked = 0;
        long alerts = 0;
        for (Path file : corpora()) {
            PipelineConfig plain = PipelineConfig.builder().keepOriginal(true).correlate(true).detect(true).build();
            PipelineConfig hidden = PipelineConfig.builder().keepOriginal(true).correlate(true).detect(true)
                    .pseudonymizeKey(key).pseudonymizeIp(true).build();
            Set<String> real = new TreeSet<>();
            for (MailEvent e : run(plain, file)) real.addAll(personal(e));
            List<MailEvent> out = run(hidden, file);
            alerts += out.stream().filter(e -> "mail.alert".equals(e.get(Fields.EVENT_DATASET))).count();
            String all = TestParsers.prettyJson(out);
            // a /24 keeps 256 host values: one address's pseudonym may be another real address, never its own
            Pseudonyms p = new Pseudonyms("0123456789abcdef0123456789abcdef".getBytes());
            Set<String> madeUp = new TreeSet<>();
            for (String value : real) {
                String ip = p.ip(value);
                if (ip != null) {
                    assertThat(ip).isNotEqualTo(value);
                    madeUp.add(ip);
                }
            }
            for (String value : real) {
                if (madeUp.contains(value)) continue;
                int at = whole(all, value);
                assertThat(at).as("%s: real value %s in the output: %s", file, value,
                        at < 0 ? "" : all.substring(Math.max(0, at - 300), Math.min(all.length(), at + 100)))
                        .isNegative();
                checked++;
            }
            assertThat(all).as(file.toString()).contains("\"h:");
        }
        assertThat(checked).isGreaterThan(30);
        assertThat(alerts).as("alerts made from the attack capture, with pseudonyms").isGreaterThan(3);
    }

    /** Where value stands as a whole token (not inside a longer name, number or pseudonym), or -1. */
    static int whole(String all, String value) {
        for (int at = all.indexOf(value); at >= 0; at = all.indexOf(value, at + 1)) {
            int end = at + value.length();
            char before = at == 0 ? ' ' : all.charAt(at - 1);
            char after = end == all.length() ? ' ' : all.charAt(end);
            char next = end + 1 < all.length() ? all.charAt(end + 1) : ' ';
            boolean inside = Character.isLetterOrDigit(before) || ".@:-_".indexOf(before) >= 0
                    || Character.isLetterOrDigit(after) || "@-_".indexOf(after) >= 0
                    || after == '.' && Character.isLetterOrDigit(next);
            if (!inside) return at;
        }
        return -1;
    }

    /** The personal values of a plain event: addresses, user names, IP addresses. */
    static Set<String> personal(MailEvent e) {
        Set<String> values = new TreeSet<>();
        for (String key : List.of(Fields.EMAIL_FROM, Fields.EMAIL_TO, Fields.USER_NAME, Fields.RELATED_USER,
                "mail.orig_to", "exim.local_part", Fields.SOURCE_IP, "destination.ip", "related.ip")) {
            Object v = e.get(key);
            List<?> list = v instanceof List<?> l ? l : v == null ? List.of() : List.of(v);
            for (Object o : list) {
                String s = o.toString();
                // files, pipes and Exim's verdicts in place of a recipient: no person
                int at = s.indexOf('@');
                if (Privacy.system(at < 0 ? s : s.substring(0, at))) continue; // root, postmaster: no person
                if (s.isEmpty() || s.startsWith("/") || s.startsWith("|") || s.startsWith(":") || s.contains(" ")) {
                    continue;
                }
                values.add(s);
            }
        }
        return values;
    }
}
