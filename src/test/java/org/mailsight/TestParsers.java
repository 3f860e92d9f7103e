package org.mailsight;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.mailsight.engine.MailParser;
import org.mailsight.event.MailEvent;
import org.mailsight.output.Documents;
import org.mailsight.output.NdjsonWriter;
import org.mailsight.record.Clock;
import org.mailsight.record.Framer;

/** Shared test setup: a deterministic parser (UTC, year 2026) and file helpers. */
public final class TestParsers {
    private TestParsers() {}

    public static final Path RESOURCES = Path.of("src/test/resources");

    public static MailParser parser() {
        return new MailParser(new Framer(Clock.fixedYear(ZoneOffset.UTC, 2026)), false);
    }

    /** The lines of a corpus or golden file, without '#' comment lines and blank lines. */
    public static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
    }

    /** Events of a file's lines (comments skipped), with Exim rejectlog header lines joined to their rejection. */
    public static List<MailEvent> parse(MailParser parser, List<String> lines) {
        List<MailEvent> events = new java.util.ArrayList<>();
        org.mailsight.engine.LineJoiner joiner = new org.mailsight.engine.LineJoiner(r -> events.add(parser.parse(r)));
        lines.forEach(joiner::accept);
        joiner.finish();
        return events;
    }

    /** Pretty JSON (2 spaces) of documents, as golden files keep them. */
    public static String prettyJson(List<MailEvent> events) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(w)) {
            json.useDefaultPrettyPrinter();
            json.writeStartArray();
            for (MailEvent e : events) {
                Map<String, Object> doc = Documents.nested(e);
                NdjsonWriter.writeValue(json, doc);
            }
            json.writeEndArray();
        }
        return w.toString().replace("\r\n", "\n") + "\n";
    }
}
