package org.mailsight.engine;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.dovecot.DovecotParser;
import org.mailsight.exim.EximParser;
import org.mailsight.postfix.PostfixParser;
import org.mailsight.privacy.Secrets;
import org.mailsight.record.Framer;
import org.mailsight.record.Frame;
import org.mailsight.record.LogRecord;
import org.mailsight.stack.StackParser;

/**
 * The engine's front: one line in, one event out, always. Frames the line, dispatches on the program name,
 * and marks what no parser understood as {@code event.action: unparsed} with the tag {@code _mailsight_unparsed}.
 * Not thread-safe (the framer caches time-zone offsets); use one per thread.
 */
public final class MailParser {
    public static final String UNPARSED_TAG = "_mailsight_unparsed";
    /** Lines longer than this are not parsed: their whole text is kept in message, and tagged. */
    public static final int MAX_LINE = 64 * 1024;
    public static final String TOO_LONG_TAG = "_mailsight_line_too_long";

    private final Framer framer;
    private final boolean keepOriginal;
    private final PostfixParser postfix = new PostfixParser();
    private final EximParser exim = new EximParser();
    private final DovecotParser dovecot = new DovecotParser();
    private final StackParser stack = new StackParser();
    private Long lastPid;
    private final Frame held = new Frame(); // a shipper's record or an unframed line, copied in

    public MailParser(Framer framer, boolean keepOriginal) {
        this.framer = framer;
        this.keepOriginal = keepOriginal;
    }

    /** Parses one raw line (without its line terminator; Exim rejectlog header lines joined with '\n'). */
    public MailEvent parse(String line) {
        if (line.length() > MAX_LINE) return tooLong(Secrets.scrubLine(line));
        Frame f = framer.frameInto(line);
        return parse(f != null ? f : held.set(LogRecord.unframed(line)));
    }

    /** Parses a record whose header was split off already (by a shipper). */
    public MailEvent parse(LogRecord r) {
        return parse(held.set(r));
    }

    private MailEvent parse(Frame r) {
        MailEvent e = new MailEvent();
        String said = r.message();
        String clean = Secrets.scrub(said); // before any parser sees it: no field can hold a logged password
        if (clean != said) r.message(clean);
        String original = r.original();
        if (clean != said && original != null) original = original.replace(said, clean);
        long repeated = repeatCount(r.message());
        if (repeated > 0) {
            // rsyslog's "message repeated 2 times: [ text]": the text is the program's message
            String m = r.message();
            String inner = m.substring(m.indexOf(": [") + 3, m.length() - 1).trim();
            String cleanInner = Secrets.scrub(inner);
            if (cleanInner != inner && original != null) original = original.replace(inner, cleanInner);
            r.message(cleanInner);
            e.put("mail.repeat_count", repeated);
        }
        if (r.hasTime()) e.timestamp(r.epochSecond(), r.nanos());
        if (keepOriginal && original != null) e.put(Fields.EVENT_ORIGINAL, Secrets.scrubLine(original));
        e.put(Fields.MESSAGE, r.message());
        if (r.host() != null) e.put(Fields.HOST_HOSTNAME, r.host());
        if (r.pid() >= 0) {
            if (lastPid == null || lastPid != r.pid()) lastPid = r.pid(); // a daemon writes many lines in a row
            e.put(Fields.PROCESS_PID, lastPid);
        }
        if (r.priority() >= 0) {
            e.put(Fields.LOG_SYSLOG_PRIORITY, (long) r.priority());
            e.put(Fields.LOG_SYSLOG_FACILITY, (long) (r.priority() >> 3));
            e.put(Fields.LOG_SYSLOG_SEVERITY, (long) (r.priority() & 7));
        }
        boolean ok = false;
        String program = r.program();
        if (program != null) {
            try {
                if (PostfixParser.accepts(program)) ok = postfix.parse(program, r.message(), e);
                else if (EximParser.accepts(program)) ok = exim.parse(program, r.message(), e);
                else if (DovecotParser.accepts(program)) ok = dovecot.parse(program, r.message(), e);
                else if (StackParser.accepts(program)) ok = stack.parse(program, r.message(), e);
            } catch (RuntimeException ex) {
                ok = false; // a parser bug on hostile input must not lose the line
            }
        }
        if (ok) org.mailsight.parse.Placeholders.scrub(e); // "(unavailable)", "unknown": not values
        return ok ? e : unparsed(e, r);
    }

    /** N of "message repeated N times: [ ... ]", or 0. */
    private static long repeatCount(String m) {
        if (m == null || !m.startsWith("message repeated ") || !m.endsWith("]")) return 0;
        int times = m.indexOf(" times: [", 17);
        if (times < 0) return 0;
        try {
            return Long.parseLong(m.substring(17, times));
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    private static final String[] KEPT_WHEN_UNPARSED = {
        Fields.EVENT_ORIGINAL, Fields.MESSAGE, Fields.HOST_HOSTNAME, Fields.PROCESS_PID, Fields.LOG_SYSLOG_PRIORITY,
        Fields.LOG_SYSLOG_FACILITY, Fields.LOG_SYSLOG_SEVERITY, Fields.EVENT_MODULE, Fields.EVENT_DATASET,
        Fields.SERVICE_TYPE, Fields.SERVICE_NAME, Fields.PROCESS_NAME, Fields.LOG_SYSLOG_APPNAME, Fields.LOG_LEVEL,
        Fields.EMAIL_LOCAL_ID, "mail.repeat_count"
    };

    /** A fresh event with the header facts only: nothing a parser set before giving up. */
    private static MailEvent unparsed(MailEvent parsed, Frame r) {
        MailEvent e = new MailEvent();
        if (parsed.hasTimestamp()) e.timestamp(parsed.epochSecond(), parsed.nanos());
        for (String k : KEPT_WHEN_UNPARSED) e.put(k, parsed.get(k));
        if (r.program() != null && !e.has(Fields.LOG_SYSLOG_APPNAME)) e.put(Fields.LOG_SYSLOG_APPNAME, r.program());
        if (!e.has(Fields.EVENT_DATASET)) e.put(Fields.EVENT_DATASET, "mail.unknown");
        if (!e.has(Fields.EVENT_MODULE)) e.put(Fields.EVENT_MODULE, "mailsight");
        Actions.set(e, Actions.UNPARSED);
        e.add(Fields.TAGS, UNPARSED_TAG);
        return e;
    }

    private MailEvent tooLong(String line) {
        MailEvent e = new MailEvent();
        e.put(Fields.MESSAGE, line);
        e.put(Fields.EVENT_DATASET, "mail.unknown");
        e.put(Fields.EVENT_MODULE, "mailsight");
        e.put("log.original_length", (long) line.length());
        Actions.set(e, Actions.UNPARSED);
        e.add(Fields.TAGS, UNPARSED_TAG);
        e.add(Fields.TAGS, TOO_LONG_TAG);
        return e;
    }
}
