package org.mailsight.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mailsight.TestParsers;
import org.mailsight.engine.MailParser;
import org.mailsight.event.MailEvent;

/**
 * Multi-line stories: {@code golden/correlation/<story>.log} holds every line of some messages; the expected file
 * holds their summaries. {@code -Dgolden.update=true} rewrites them.
 */
class CorrelationGoldenTest {
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static List<MailEvent> summaries(List<String> lines) {
        MailParser parser = TestParsers.parser();
        Correlator c = new Correlator(Correlator.Options.defaults());
        List<MailEvent> out = new ArrayList<>();
        for (MailEvent e : TestParsers.parse(parser, lines)) c.accept(e, out::add);
        c.close(out::add);
        return out;
    }

    @TestFactory
    Stream<DynamicTest> stories() throws IOException {
        Path root = TestParsers.RESOURCES.resolve("golden/correlation");
        List<Path> cases;
        try (Stream<Path> s = Files.list(root)) {
            cases = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(4);
        return cases.stream().map(log -> DynamicTest.dynamicTest(log.getFileName().toString(), () -> {
            List<MailEvent> summaries = summaries(TestParsers.lines(log));
            assertThat(summaries).isNotEmpty();
            String actual = TestParsers.prettyJson(summaries);
            Path expected = log.resolveSibling(log.getFileName().toString().replace(".log", "-expected.json"));
            if (UPDATE || !Files.exists(expected)) {
                Files.writeString(expected, actual, StandardCharsets.UTF_8);
                assertThat(UPDATE).as("expected file was missing and has been written: " + expected).isTrue();
            }
            assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
        }));
    }
}
