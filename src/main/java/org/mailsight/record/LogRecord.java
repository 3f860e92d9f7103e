package org.mailsight.record;

/**
 * One framed log line: the header fields a syslog daemon, Postfix's maillog_file or Exim wrote,
 * and the program's own message. {@code hasTime} is false when the line carried no usable timestamp.
 * {@code pid} and {@code priority} are -1 when absent.
 */
public record LogRecord(
        Format format,
        boolean hasTime,
        long epochSecond,
        int nanos,
        String host,
        String program,
        long pid,
        int priority,
        String message,
        String original) {

    public enum Format { RFC3164, RFC5424, ISO8601, EXIM, TAI64N, UNTIMED, UNFRAMED, PREFRAMED }

    /** A line with no recognizable header: the whole line is the message. */
    public static LogRecord unframed(String line) {
        return new LogRecord(Format.UNFRAMED, false, 0, 0, null, null, -1, -1, line, line);
    }

    /** A message whose header fields a shipper already split off (Logstash syslog input, Filebeat, journald). */
    public static LogRecord preframed(String program, long pid, String host, String message) {
        return new LogRecord(Format.PREFRAMED, false, 0, 0, host, program, pid, -1, message, message);
    }
}
