package org.mailsight.output;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.mailsight.event.MailEvent;

/** The CSV writer before issue 12 (strings over a Writer): the reference the byte writer must match. */
final class StringCsvWriter {
    static final List<String> COLUMNS = CsvWriter.COLUMNS;

    private final Writer out;

    StringCsvWriter(Writer out) throws IOException {
        this.out = out;
        out.write(String.join(",", COLUMNS));
        out.write("\r\n");
    }

    void write(MailEvent e) throws IOException {
        StringBuilder b = new StringBuilder(256);
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (i > 0) b.append(',');
            String col = COLUMNS.get(i);
            Object v = col.equals("@timestamp")
                    ? (e.hasTimestamp() ? Timestamps.format(e.epochSecond(), e.nanos()) : null)
                    : e.get(col);
            if (v instanceof List<?> list) {
                StringBuilder j = new StringBuilder();
                for (Object o : list) {
                    if (j.length() > 0) j.append('|');
                    j.append(o);
                }
                v = j.toString();
            }
            if (v != null) quote(b, v.toString());
        }
        out.write(b.append("\r\n").toString());
    }

    private static void quote(StringBuilder b, String s) {
        boolean needs = false;
        for (int i = 0; i < s.length() && !needs; i++) {
            char c = s.charAt(i);
            needs = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!needs) {
            b.append(s);
            return;
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') b.append('"');
            b.append(c);
        }
        b.append('"');
    }

    void close() throws IOException {
        out.flush();
    }
}
