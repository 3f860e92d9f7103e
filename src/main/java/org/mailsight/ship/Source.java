package org.mailsight.ship;

import java.util.TreeMap;
import org.mailsight.engine.LineJoiner;
import org.mailsight.engine.MailParser;

/**
 * Where lines come from (a file or stdin), and which of them Elasticsearch has not acknowledged yet: the offset
 * safe to commit is the start of the oldest line still in flight, or still held by the joiner (Exim rejectlog
 * header lines wait for the next entry), else the end of the last line read.
 */
abstract class Source {
    final MailParser parser;
    final LineJoiner joiner;
    private final TreeMap<Long, Integer> inflight = new TreeMap<>();
    private long readOffset;
    private long recordStart = -1; // start of the record the joiner holds, or -1
    private long nextStart;
    private boolean emitted;
    String lastLine;

    Source(MailParser parser, java.util.function.BiConsumer<Source, String> records) {
        this.parser = parser;
        this.joiner = new LineJoiner(record -> {
            emitted = true;
            records.accept(this, record);
        });
    }

    /** Name for messages and the dead-letter file: the path, or "stdin". */
    abstract String name();

    /** Stable key of this input for document ids (the fingerprint of a file). */
    abstract String key();

    /** Feeds one line that spans [start, end) to the joiner. */
    final void line(String line, long start, long end) {
        emitted = false;
        nextStart = start;
        joiner.accept(line);
        synchronized (this) {
            if (emitted || recordStart < 0) recordStart = start;
            readOffset = end;
        }
        lastLine = line;
    }

    /** Ends the record the joiner holds (end of input, or the file has been quiet). */
    final void finishRecord() {
        joiner.finish();
        synchronized (this) {
            recordStart = -1;
        }
    }

    /** Start offset of the record being emitted now (valid inside the records callback). */
    final synchronized long emittingStart() {
        return recordStart >= 0 ? recordStart : nextStart;
    }

    final synchronized void sent(long start) {
        inflight.merge(start, 1, Integer::sum);
    }

    final synchronized void acked(long start) {
        inflight.computeIfPresent(start, (k, n) -> n == 1 ? null : n - 1);
    }

    final synchronized long safeOffset() {
        long o = readOffset;
        if (recordStart >= 0) o = Math.min(o, recordStart);
        if (!inflight.isEmpty()) o = Math.min(o, inflight.firstKey());
        return o;
    }

    final synchronized boolean settled() {
        return inflight.isEmpty() && recordStart < 0;
    }

    /** Starts over at {@code offset} (a file that was truncated), forgetting what was in flight. */
    final synchronized void restartAt(long offset) {
        readOffset = offset;
        recordStart = -1;
    }
}
