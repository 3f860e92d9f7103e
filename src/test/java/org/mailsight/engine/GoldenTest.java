package org.mailsight.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mailsight.TestParsers;
import org.mailsight.event.MailEvent;

/**
 * Golden files: {@code golden/<source>/<case>.log} beside {@code <case>-expected.json}, every field checked.
 * Run with {@code -Dgolden.update=true} to rewrite the expected files, then review the diff like code.
 */
class GoldenTest {
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws IOException {
        Path root = TestParsers.RESOURCES.resolve("golden");
        List<Path> cases;
        try (Stream<Path> s = Files.walk(root)) {
            cases = s.filter(p -> p.toString().endsWith(".log") && !p.getParent().endsWith("correlation"))
                    .sorted().toList(); // golden/correlation holds summaries: CorrelationGoldenTest
        }
        assertThat(cases).as("golden cases").isNotEmpty();
        return cases.stream().map(log -> DynamicTest.dynamicTest(root.relativize(log).toString(), () -> {
            MailParser parser = TestParsers.parser();
            List<MailEvent> events = TestParsers.parse(parser, TestParsers.lines(log));
            assertThat(events).as("lines in " + log).isNotEmpty();
            if (!log.getFileName().toString().contains("unparsed")) {
                assertThat(events).as("unparsed events in " + log)
                        .noneMatch(e -> "unparsed".equals(e.get(org.mailsight.event.Fields.EVENT_ACTION)));
            }
            String actual = TestParsers.prettyJson(events);
            Path expected = log.resolveSibling(log.getFileName().toString().replace(".log", "-expected.json"));
            if (UPDATE || !Files.exists(expected)) {
                Files.writeString(expected, actual, StandardCharsets.UTF_8);
                assertThat(UPDATE).as("expected file was missing and has been written: " + expected).isTrue();
            }
            assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
        }));
    }
}
