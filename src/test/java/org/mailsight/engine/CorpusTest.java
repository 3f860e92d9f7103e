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
    /** Every log file of every corpus (reports, notes and client transcripts are not logs). */
    static List<Path> corpusFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(TestParsers.RESOURCES.resolve("corpus"))) {
            s.filter(Files::isRegularFile).filter(p -> isLog(p.getFileName().toString())).sorted().forEach(files::add);
        }
        return files;
    }

    static boolean isLog(String name) {
        return name.startsWith("maillog") || name.startsWith("mainlog") || name.startsWith("rejectlog")
                || name.startsWith("paniclog") || name.equals("postfix.log") || name.startsWith("dovecot")
                && name.endsWith(".log");
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
            List<MailEvent> events = TestParsers.parse(parser, lines);
            // one event per line, except that Exim's rejectlog headers and split syslog chunks join their entry
            long accounted = events.stream().mapToLong(e -> 1 + e.getString(Fields.MESSAGE).chars().filter(ch -> ch == '\n').count()).sum();
            assertThat(accounted).as("lines accounted for by the events of " + f).isEqualTo(lines.size());
            for (MailEvent e : events) {
                String line = e.getString(Fields.MESSAGE);
                assertThat(line).as("message of an event of " + f).isNotNull();
                assertThat(e.hasTimestamp()).as("timestamp of " + line).isTrue();
                if ("unparsed".equals(e.get(Fields.EVENT_ACTION))) unparsed.add(line);
            }
            assertThat(unparsed).as("unparsed lines in " + f).isEmpty();
        }));
    }
}
