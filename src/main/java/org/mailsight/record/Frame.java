package org.mailsight.record;

/**
 * A framed line, mutable and reused: what the framer fills for each line without allocating a record.
 * The same fields as {@link LogRecord}; {@link #toRecord()} makes the immutable one.
 */
public final class Frame {
    private LogRecord.Format format;
    private boolean hasTime;
    private long epochSecond;
    private int nanos;
    private String host;
    private String program;
    private long pid;
    private int priority;
    private String message;
    private String original;

    Frame set(LogRecord.Format format, boolean hasTime, long epochSecond, int nanos, String host, String program,
              long pid, int priority, String message, String original) {
        this.format = format;
        this.hasTime = hasTime;
        this.epochSecond = epochSecond;
        this.nanos = nanos;
        this.host = host;
        this.program = program;
        this.pid = pid;
        this.priority = priority;
        this.message = message;
        this.original = original;
        return this;
    }

    /** Takes a record's fields (shippers' pre-split headers). */
    public Frame set(LogRecord r) {
        return set(r.format(), r.hasTime(), r.epochSecond(), r.nanos(), r.host(), r.program(), r.pid(), r.priority(),
                r.message(), r.original());
    }

    /** Replaces the message (rsyslog's repeat wrapper unwrapped). */
    public void message(String m) { message = m; }

    Frame time(LogRecord.Format f, long epoch, int n, String line) {
        format = f;
        hasTime = true;
        epochSecond = epoch;
        nanos = n;
        original = line;
        return this;
    }

    Frame untimed() {
        hasTime = false;
        return this;
    }

    Frame original(String line) {
        original = line;
        return this;
    }

    public LogRecord.Format format() { return format; }
    public boolean hasTime() { return hasTime; }
    public long epochSecond() { return epochSecond; }
    public int nanos() { return nanos; }
    public String host() { return host; }
    public String program() { return program; }
    public long pid() { return pid; }
    public int priority() { return priority; }
    public String message() { return message; }
    public String original() { return original; }

    public LogRecord toRecord() {
        return new LogRecord(format, hasTime, epochSecond, nanos, host, program, pid, priority, message, original);
    }
}
