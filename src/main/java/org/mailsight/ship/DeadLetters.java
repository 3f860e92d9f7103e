package org.mailsight.ship;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Documents Elasticsearch refused for good (a mapping rejection): one JSON line each with the time, the input,
 * the offset, the status, the reason, the line and the document, so nothing is silently dropped.
 */
final class DeadLetters implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private BufferedWriter out;

    DeadLetters(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    synchronized void write(Doc d, int status, String reason) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("time", Instant.now().toString());
        r.put("input", d.source == null ? null : d.source.name());
        r.put("offset", d.source == null ? null : d.start);
        r.put("status", status);
        r.put("reason", reason);
        r.put("index", d.index);
        r.put("id", d.id);
        r.put("line", d.line);
        r.put("document", d.body);
        try {
            if (out == null) {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            out.write(JSON.writeValueAsString(r));
            out.write('\n');
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the dead-letter file " + file, ex);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) out.close();
    }
}
