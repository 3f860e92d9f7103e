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

/** docs/fields.md documents every action of the vocabulary. */
class DocsTest {
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
