package org.mailsight.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mailsight.TestParsers;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/** Every line of every committed corpus parses: zero unparsed lines, and one event per line. */
class CorpusTest {
    /** Corpus files of the sources the engine parses so far. */
    static List<Path> corpusFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("corpus/postfix", "corpus/postfix-documented")) {
            Path d = TestParsers.RESOURCES.resolve(dir);
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith("maillog") || n.equals("postfix.log");
                }).sorted().forEach(files::add);
            }
        }
        return files;
    }

    @TestFactory
    Stream<DynamicTest> noUnparsedLines() throws IOException {
        List<Path> files = corpusFiles();
        assertThat(files).as("corpus files").hasSizeGreaterThanOrEqualTo(4);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            List<String> lines = TestParsers.lines(f);
            assertThat(lines).as("lines in " + f).isNotEmpty();
            MailParser parser = TestParsers.parser();
            List<String> unparsed = new ArrayList<>();
            for (String line : lines) {
                MailEvent e = parser.parse(line);
                assertThat(e.get(Fields.MESSAGE)).as("message of " + line).isNotNull();
                assertThat(e.hasTimestamp()).as("timestamp of " + line).isTrue();
                if ("unparsed".equals(e.get(Fields.EVENT_ACTION))) unparsed.add(line);
            }
            assertThat(unparsed).as("unparsed lines in " + f).isEmpty();
        }));
    }
}
