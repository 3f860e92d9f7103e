package org.mailsight.output;

import java.io.IOException;
import java.io.Writer;
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

    private final Writer out;

    public CsvWriter(Writer out) throws IOException {
        this.out = out;
        out.write(String.join(",", COLUMNS));
        out.write("\r\n");
    }

    @Override
    public void write(MailEvent e) throws IOException {
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

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
