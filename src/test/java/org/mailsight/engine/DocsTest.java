package org.mailsight.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.event.Actions;
import org.mailsight.event.MailEvent;

/** docs/fields.md documents every action of the vocabulary; no doc describes the past. */
class DocsTest {
    /** Phrases of plans, not of code: a doc that says them describes a past state of the product. */
    static final List<String> STALE = List.of("does not exist yet", "do not exist yet", "as their parsers land",
            "being built", "not mapped yet", "not there yet", "will be added", "as those stages arrive", "coming soon",
            "todo", "tbd", "(later", "not yet implemented", "is planned", "are planned");

    @Test
    void noDocSpeaksOfPlansAsIfTheCodeWereNotThere() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> s = Files.walk(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        try (Stream<Path> s = Files.walk(Path.of("scripts"))) {
            s.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        List<String> found = new ArrayList<>();
        for (Path d : docs) found.addAll(stale(d.toString(), Files.readAllLines(d)));
        assertThat(found).as("docs that describe plans or a past state").isEmpty();
    }

    /** The tour's outputs are what the commands print, on any machine (the commands pin the zone and the year). */
    @Test
    void theReadmeTourPrintsWhatItShows() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int checked = 0;
        for (int i = 0; i + 1 < readme.size(); i++) {
            String cmd = readme.get(i);
            if (!cmd.startsWith("$ bin/mailsight parse ") || !readme.get(i + 1).startsWith("{")) continue;
            String args = cmd.substring("$ bin/mailsight ".length(), cmd.indexOf(" | "));
            assertThat(args).contains("--timezone UTC --year 2026");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.PrintStream old = System.out;
            try {
                System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
                assertThat(org.mailsight.cli.Main.run(args.split(" "))).isZero();
            } finally {
                System.setOut(old);
            }
            assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")).as(cmd).contains(readme.get(i + 1));
            checked++;
        }
        assertThat(checked).isEqualTo(2);
    }

    @Test
    void theStalePhraseCheckFindsWrappedPhrasesAndSparesWordsInsideOthers() {
        assertThat(stale("a.md", List.of("Correlation is being", "built. Summaries (later", "`exim.*`)")))
                .containsExactly("a.md:1: being built", "a.md:2: (later");
        assertThat(stale("b.md", List.of("Kibana 8.16 or later; the todos of a mastodon", "stop")))
                .isEmpty();
    }

    static List<String> stale(String name, List<String> lines) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).toLowerCase(java.util.Locale.ROOT);
            // a phrase may wrap: the line and the start of the next
            String joined = l + " " + (i + 1 < lines.size() ? lines.get(i + 1).toLowerCase(java.util.Locale.ROOT) : "");
            for (String phrase : STALE) {
                int at = joined.indexOf(phrase);
                if (at < 0 || at >= l.length()) continue;
                if (phrase.matches("[a-z]+") && !java.util.regex.Pattern.compile("\\b" + phrase + "\\b").matcher(joined).find()) continue;
                found.add(name + ":" + (i + 1) + ": " + phrase);
            }
        }
        return found;
    }

    @Test
    void everyActionIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("docs/fields.md"));
        for (String action : Actions.ALL) {
            assertThat(doc).as("docs/fields.md mentions action " + action).contains("`" + action + "`");
        }
    }

    /** Every field the engine emits on the golden files and corpora appears in docs/fields.md. */
    @Test
    void everyEmittedFieldIsDocumented() throws IOException {
        List<Path> files = new ArrayList<>(CorpusTest.corpusFiles());
        try (Stream<Path> s = Files.walk(TestParsers.RESOURCES.resolve("golden"))) {
            s.filter(p -> p.toString().endsWith(".log")).forEach(files::add);
        }
        MailParser parser = TestParsers.parser();
        TreeSet<String> fields = new TreeSet<>();
        for (Path f : files) {
            for (String line : TestParsers.lines(f)) {
                MailEvent e = parser.parse(line);
                for (int i = 0; i < e.size(); i++) fields.add(e.keyAt(i));
            }
        }
        String doc = Files.readString(Path.of("docs/fields.md"));
        List<String> missing = new ArrayList<>();
        for (String field : fields) {
            String documented = field.replaceFirst("^postfix\\.commands\\.[a-z]+\\.", "postfix.commands.<cmd>.")
                    .replaceFirst("^exim\\.field\\..*", "exim.field.<key>")
                    .replaceFirst("^postfix\\.attributes\\..*", "postfix.attributes.<name>");
            String last = documented.substring(documented.lastIndexOf('.') + 1);
            if (!doc.contains("`" + documented + "`") && !doc.contains("`." + last + "`")
                    && !doc.contains(", `." + last) && !doc.contains("`" + documented + ",")) {
                missing.add(field);
            }
        }
        assertThat(missing).as("fields emitted but not documented in docs/fields.md").isEmpty();
    }
}
