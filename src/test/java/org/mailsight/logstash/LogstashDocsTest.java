package org.mailsight.logstash;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.logstash.api.PluginConfigSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.logstash.ShipperShapesTest.Shape;
import org.mailsight.logstash.harness.FilterRunner;
import org.mailsight.logstash.harness.Plugins;
import org.mailsight.logstash.harness.TestEvent;
import org.mailsight.record.Clock;
import org.mailsight.record.Framer;
import org.mailsight.record.LogRecord;

/** docs/logstash.md documents every option and every shipper field the filter reads. */
class LogstashDocsTest {
    static String doc() throws IOException {
        return Files.readString(Path.of("docs/logstash.md"));
    }

    @Test
    void everyOption() throws IOException {
        String doc = doc();
        for (PluginConfigSpec<?> spec : Settings.OWN) {
            assertThat(doc).as("option " + spec.name()).contains("| `" + spec.name() + "` |");
        }
        assertThat(doc).contains("bin/logstash-plugin install --no-verify --local /path/to/logstash-filter-mailsight-");
    }

    @Test
    void everyShipperField() throws IOException {
        String doc = doc();
        for (String[] refs : List.of(ShipperHeader.PROGRAM, ShipperHeader.PID, ShipperHeader.HOST)) {
            for (String ref : refs) assertThat(doc).as("shipper field " + ref).contains("`" + ref + "`");
        }
    }

    /** The shapes an input hands events over in (ShipperShapesTest.Shape); null: the raw line in message. */
    static List<Shape> shapesOf(PipelinesTest.Plugin input) {
        return switch (input.name()) {
            case "beats" -> List.of(Shape.FILEBEAT_FILESTREAM, Shape.FILEBEAT_HOST_STRING,
                    Shape.FILEBEAT_SYSLOG_PROCESSOR, Shape.FILEBEAT_JOURNALD_7, Shape.AGENT_JOURNALD);
            case "elastic_agent" -> List.of(Shape.AGENT_CUSTOM_LOGS, Shape.AGENT_JOURNALD);
            case "syslog" -> List.of("disabled".equals(input.settings().get("ecs_compatibility"))
                    ? Shape.LOGSTASH_SYSLOG_LEGACY : Shape.LOGSTASH_SYSLOG_ECS);
            case "journald" -> List.of(Shape.LOGSTASH_JOURNALD);
            case "file" -> new ArrayList<>(java.util.Collections.singletonList(null));
            default -> throw new AssertionError("no shipper shape for input " + input.name());
        };
    }

    @Test
    void eachShipperPipelineParsesWhatItsInputHandsOver() throws IOException {
        String doc = doc();
        String section = doc.substring(doc.indexOf("## Pipelines for each shipper"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        Matcher m = Pattern.compile("```conf\n(.*?)```", Pattern.DOTALL).matcher(section);
        List<String> lines = TestParsers.lines(TestParsers.RESOURCES.resolve("corpus/postfix/maillog")).subList(0, 300);
        int blocks = 0;
        while (m.find()) {
            blocks++;
            List<PipelinesTest.Plugin> plugins = new PipelinesTest.Reader(m.group(1)).config();
            PipelinesTest.Plugin input = plugins.stream().filter(p -> p.section().equals("input")).findFirst().orElseThrow();
            Map<String, Object> settings = plugins.stream().filter(p -> p.name().equals("mailsight"))
                    .findFirst().orElseThrow().settings();
            for (Shape shape : shapesOf(input)) {
                FilterRunner runner = new FilterRunner(Plugins.create(Mailsight.class, settings), settings);
                Framer framer = new Framer(Clock.fixedYear(java.time.ZoneOffset.UTC, 2026));
                int unparsed = 0;
                for (String line : lines) {
                    LogRecord r = framer.frame(line);
                    TestEvent e = TestEvent.line(line);
                    if (shape != null) {
                        e = new TestEvent();
                        shape.fields.apply(r, line).forEach(e::setField);
                    }
                    Object action = runner.run(e).getField("[event][action]");
                    if (action == null || "unparsed".equals(action)) unparsed++; // null: the source field was not there
                }
                assertThat(unparsed).as(input.name() + " as " + shape + ": unparsed lines").isZero();
            }
        }
        assertThat(blocks).as("pipelines in the section").isGreaterThanOrEqualTo(6);
    }
}
