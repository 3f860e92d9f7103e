package org.mailsight.output;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/** A fixed set of columns a mail admin sorts and filters on; lists are joined with '|'. RFC 4180 quoting. */
public final class CsvWriter implements EventWriter {
    static final List<String> COLUMNS = List.of(
            "@timestamp", Fields.HOST_HOSTNAME, Fields.LOG_SYSLOG_APPNAME, Fields.PROCESS_PID, Fields.EVENT_ACTION,
            Fields.EVENT_OUTCOME, Fields.EMAIL_LOCAL_ID, Fields.EMAIL_FROM, Fields.EMAIL_TO, Fields.EMAIL_MESSAGE_ID,
            Fields.SOURCE_IP, Fields.SOURCE_DOMAIN, Fields.DESTINATION_IP, Fields.DESTINATION_DOMAIN, Fields.USER_NAME,
            Fields.MAIL_STATUS, Fields.MAIL_SMTP_CODE, Fields.MAIL_DSN, Fields.MAIL_RELAY, Fields.MAIL_DELAY,
            Fields.MAIL_SIZE, Fields.MAIL_HELO, Fields.TLS_VERSION, Fields.TLS_CIPHER, Fields.MAIL_RESPONSE,
            Fields.EVENT_REASON, Fields.TAGS, Fields.MESSAGE);

    private static final String[] KEYS = COLUMNS.toArray(new String[0]);
    private final ByteSink out;

    /** A writer to a stream, starting with the header line; the stream is written when the buffer fills. */
    public CsvWriter(OutputStream out) throws IOException {
        this(out, true);
    }

    /** Without {@code header}, rows only (a chunk of a larger output). */
    public CsvWriter(OutputStream out, boolean header) throws IOException {
        this.out = new ByteSink(out, 1 << 16);
        if (header) {
            this.out.utf8(String.join(",", COLUMNS));
            this.out.ascii("\r\n");
        }
    }

    @Override
    public void write(MailEvent e) throws IOException {
        for (int i = 0; i < KEYS.length; i++) {
            if (i > 0) out.write((byte) ',');
            if (i == 0) {
                if (e.hasTimestamp()) Timestamps.write(out, e.epochSecond(), e.nanos());
                continue;
            }
            Object v = e.get(KEYS[i]);
            if (v instanceof List<?> list && list.size() == 1) {
                v = String.valueOf(list.get(0));
            } else if (v instanceof List<?> list) {
                StringBuilder j = new StringBuilder();
                for (Object o : list) {
                    if (j.length() > 0) j.append('|');
                    j.append(o);
                }
                v = j.toString();
            }
            if (v != null) quote(v.toString());
        }
        out.write((byte) '\r');
        out.write((byte) '\n');
    }

    private void quote(String s) throws IOException {
        boolean needs = false;
        for (int i = 0; i < s.length() && !needs; i++) {
            char c = s.charAt(i);
            needs = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!needs) {
            out.utf8(s);
            return;
        }
        out.utf8('"' + s.replace("\"", "\"\"") + '"');
    }

    @Override
    public void writeEncoded(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
