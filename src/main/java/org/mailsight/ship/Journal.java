package org.mailsight.ship;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mailsight.record.LogRecord;

/**
 * journald's records on stdin: {@code journalctl -o json} (one JSON object a line) or {@code -o export} (fields
 * {@code KEY=value} a line, a blank line between records, binary fields as the name, a newline, a 64-bit
 * little-endian length and the bytes). A record becomes a {@link LogRecord} whose header journald already split:
 * {@code SYSLOG_IDENTIFIER} (postfix/smtpd), {@code SYSLOG_PID} or {@code _PID}, {@code _HOSTNAME},
 * {@code __REALTIME_TIMESTAMP} (microseconds), {@code PRIORITY} and {@code SYSLOG_FACILITY}; its
 * {@code __CURSOR} names it for the document id.
 */
final class Journal {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Journal() {}

    record Entry(LogRecord record, String cursor) {}

    /** A record from one line of {@code journalctl -o json}, or null when the line is not a JSON object. */
    static Entry fromJson(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException ex) {
            return null;
        }
        if (n == null || !n.isObject()) return null;
        Map<String, String> f = new HashMap<>();
        n.fields().forEachRemaining(e -> f.put(e.getKey(), text(e.getValue())));
        return entry(f);
    }

    /** MESSAGE as a string; journald writes non-UTF-8 values as arrays of byte values. */
    private static String text(JsonNode v) {
        if (v.isArray()) {
            if (v.size() > 0 && v.get(0).isTextual()) return v.get(0).asText(); // a field given twice: the first
            byte[] b = new byte[v.size()];
            for (int i = 0; i < b.length; i++) b[i] = (byte) v.get(i).asInt();
            return new String(b, StandardCharsets.UTF_8);
        }
        return v.isNull() ? null : v.asText();
    }

    /** The next record of {@code journalctl -o export}, or null at the end of the stream. */
    static Entry nextExport(BufferedInputStream in) throws IOException {
        Map<String, String> f = new HashMap<>();
        while (true) {
            String line = readLine(in);
            if (line == null) return f.isEmpty() ? null : entry(f);
            if (line.isEmpty()) {
                if (f.isEmpty()) continue;
                return entry(f);
            }
            int eq = line.indexOf('=');
            if (eq > 0) {
                f.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
            } else {
                byte[] len = in.readNBytes(8);
                if (len.length < 8) return f.isEmpty() ? null : entry(f);
                long n = 0;
                for (int i = 7; i >= 0; i--) n = (n << 8) | (len[i] & 0xff);
                byte[] value = in.readNBytes((int) Math.min(n, Integer.MAX_VALUE - 8));
                in.read(); // the newline after the value
                f.putIfAbsent(line, new String(value, StandardCharsets.UTF_8));
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(256);
        int c;
        while ((c = in.read()) >= 0 && c != '\n') b.write(c);
        if (c < 0 && b.size() == 0) return null;
        return b.toString(StandardCharsets.UTF_8);
    }

    private static Entry entry(Map<String, String> f) {
        String message = f.getOrDefault("MESSAGE", "");
        String program = f.get("SYSLOG_IDENTIFIER");
        long pid = number(f.getOrDefault("SYSLOG_PID", f.get("_PID")), -1);
        int priority = (int) number(f.get("PRIORITY"), -1);
        long facility = number(f.get("SYSLOG_FACILITY"), -1);
        if (priority >= 0 && facility >= 0) priority += (int) facility * 8;
        long micros = number(f.get("__REALTIME_TIMESTAMP"), -1);
        boolean hasTime = micros >= 0;
        LogRecord r = new LogRecord(LogRecord.Format.PREFRAMED, hasTime, hasTime ? Math.floorDiv(micros, 1_000_000) : 0,
                hasTime ? (int) Math.floorMod(micros, 1_000_000) * 1000 : 0, f.get("_HOSTNAME"), program, pid, priority,
                message, message);
        String cursor = f.get("__CURSOR");
        if (cursor == null) cursor = f.getOrDefault("_BOOT_ID", "") + ";" + f.getOrDefault("__MONOTONIC_TIMESTAMP", "")
                + ";" + micros + ";" + message;
        return new Entry(r, cursor);
    }

    private static long number(String s, long otherwise) {
        if (s == null) return otherwise;
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException ex) {
            return otherwise;
        }
    }
}
