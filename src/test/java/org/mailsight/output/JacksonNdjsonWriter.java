package org.mailsight.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import org.mailsight.event.MailEvent;

/** The NDJSON writer before issue 12 (Documents.nested, then Jackson over a Writer): the reference the byte writer must match. */
final class JacksonNdjsonWriter {
    private final JsonGenerator json;
    private final Writer out;

    JacksonNdjsonWriter(Writer out) throws IOException {
        this.out = out;
        this.json = new JsonFactory().createGenerator(out);
        json.setRootValueSeparator(null);
    }

    void write(MailEvent e) throws IOException {
        writeValue(Documents.nested(e));
        json.flush();
        out.write('\n');
    }

    /** Writes any value a MailEvent may hold, for callers that build documents themselves. */
    static void writeValue(JsonGenerator json, Object v) throws IOException {
        if (v == null) json.writeNull();
        else if (v instanceof String s) json.writeString(s);
        else if (v instanceof Long l) json.writeNumber(l);
        else if (v instanceof Integer i) json.writeNumber(i);
        else if (v instanceof Double d) json.writeNumber(d);
        else if (v instanceof Boolean b) json.writeBoolean(b);
        else if (v instanceof Map<?, ?> m) {
            json.writeStartObject();
            for (Map.Entry<?, ?> en : m.entrySet()) {
                json.writeFieldName(en.getKey().toString());
                writeValue(json, en.getValue());
            }
            json.writeEndObject();
        } else if (v instanceof List<?> list) {
            json.writeStartArray();
            for (Object o : list) writeValue(json, o);
            json.writeEndArray();
        } else json.writeString(v.toString());
    }

    private void writeValue(Object v) throws IOException {
        writeValue(json, v);
    }

    void close() throws IOException {
        json.flush();
        out.flush();
    }
}
