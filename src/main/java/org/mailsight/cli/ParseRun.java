package org.mailsight.cli;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.mailsight.engine.LineJoiner;
import org.mailsight.engine.MailParser;
import org.mailsight.engine.Pipeline;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.output.EventWriter;
import org.mailsight.record.Clock;

/**
 * The run loop of {@code parse} on every core: this thread reads and joins lines into chunks, worker threads parse
 * the chunks (and, without stateful stages, enrich and encode them), and one writer thread takes the chunks in
 * input order, runs the stateful stages (correlation) on their events in that order, and writes the bytes. So the
 * output is the same, byte for byte, as one thread would write. With one thread everything runs on the caller's.
 */
final class ParseRun {
    static final int CHUNK = 512;

    /** One file's counts as {@code parse} reports them. */
    record FileCounts(String file, long records, long unparsed) {}

    /** A run of records, then what became of them. */
    private static final class Chunk {
        final String[] records = new String[CHUNK];
        int size;
        Clock clock;
        String file;            // log.file.path of its events (with --integrity), or null
        MailEvent[] events;     // parsed, when a stateful stage still has to see them in order
        byte[] bytes;           // encoded, otherwise
        long unparsed;
        Map<String, long[]> actions;
        String endOfFile;       // a marker: the named file ended (its counts are complete)
    }

    private final Pipeline pipeline;
    private final Function<OutputStream, EventWriter> writers; // a writer without header, for a chunk's bytes
    private final EventWriter out;
    private final int threads;
    private final boolean countActions;
    private final ExecutorService workers;
    private final BlockingQueue<Future<Chunk>> ordered;
    private final Thread writerThread;
    private final ThreadLocal<Worker> local = new ThreadLocal<>();
    private volatile Throwable failure;
    private final List<FileCounts> files = new ArrayList<>();
    private final Map<String, Long> actions = new HashMap<>();
    private long fileRecords;
    private long fileUnparsed;
    private Chunk current;

    /** Per worker thread: its parser (per input's clock) and a writer into its own buffer. */
    private final class Worker {
        Clock clock;
        MailParser parser;
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
        final EventWriter writer = writers.apply(buffer);

        MailParser parser(Clock c) {
            if (c != clock) {
                clock = c;
                parser = pipeline.parser(c);
            }
            return parser;
        }
    }

    /**
     * @param out the writer of the output (it wrote any header); {@code writers} makes header-less writers of the
     *            same format for the workers' buffers
     */
    ParseRun(Pipeline pipeline, EventWriter out, Function<OutputStream, EventWriter> writers, int threads,
             boolean countActions) {
        this.pipeline = pipeline;
        this.out = out;
        this.writers = writers;
        this.threads = threads;
        this.countActions = countActions;
        if (threads > 1) {
            workers = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "mailsight-parse");
                t.setDaemon(true);
                return t;
            });
            ordered = new ArrayBlockingQueue<>(4 * threads);
            writerThread = new Thread(this::writeLoop, "mailsight-write");
            writerThread.setDaemon(true);
            writerThread.start();
        } else {
            workers = null;
            ordered = null;
            writerThread = null;
        }
        current = new Chunk();
    }

    /** Reads one input to its end; returns the number of lines read. */
    long read(BufferedReader in, Clock clock) throws IOException {
        return read(in, clock, null);
    }

    /** The same, each event naming {@code file} in log.file.path (its integrity chain) when it is not null. */
    long read(BufferedReader in, Clock clock, String file) throws IOException {
        long lines = 0;
        current.clock = clock;
        current.file = file;
        LineJoiner joiner = new LineJoiner(record -> {
            current.records[current.size++] = record;
            if (current.size == CHUNK) {
                try {
                    submit(clock);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        });
        String line;
        while ((line = in.readLine()) != null && failure == null) {
            joiner.accept(line);
            lines++;
            if (current.size > 0 && !in.ready()) { // a live stream: let what came so far through
                submit(clock);
                if (threads <= 1) out.flush();
            }
        }
        joiner.finish();
        if (current.size > 0) submit(clock);
        return lines;
    }

    /** Marks the end of one input: its counts are reported (in order) once its last chunk is written. */
    void endOfFile(String file) throws IOException {
        Chunk marker = new Chunk();
        marker.endOfFile = file;
        enqueue(CompletableFuture.completedFuture(marker));
    }

    /** Ends the run: the stateful stages' last events are written and the output flushed. */
    void finish() throws IOException {
        if (threads > 1) {
            Chunk end = new Chunk();
            enqueue(CompletableFuture.completedFuture(end)); // size 0, no marker: the end
            try {
                writerThread.join();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", ex);
            }
            workers.shutdownNow();
        }
        rethrow();
        if (pipeline.stateful()) pipeline.close(this::writeOrdered);
        out.flush();
    }

    List<FileCounts> files() {
        return files;
    }

    Map<String, Long> actions() {
        return actions;
    }

    private void submit(Clock clock) throws IOException {
        Chunk c = current;
        current = new Chunk();
        current.clock = clock;
        current.file = c.file;
        if (threads <= 1) {
            write(work(c));
            return;
        }
        enqueue(workers.submit(() -> work(c)));
    }

    private void enqueue(Future<Chunk> f) throws IOException {
        if (threads <= 1) {
            try {
                write(f.get());
            } catch (InterruptedException | ExecutionException ex) {
                throw new IllegalStateException(ex);
            }
            return;
        }
        try {
            ordered.put(f);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
        rethrow();
    }

    /** On a worker: parse; without stateful stages also run the (thread-safe) stages and encode. */
    private Chunk work(Chunk c) throws IOException {
        if (c.endOfFile != null) return c;
        Worker w = local.get();
        if (w == null) local.set(w = new Worker());
        MailParser parser = w.parser(c.clock);
        boolean ordered = pipeline.stateful();
        MailEvent[] events = new MailEvent[c.size];
        for (int i = 0; i < c.size; i++) {
            MailEvent e = parser.parse(c.records[i]);
            c.records[i] = null;
            if (c.file != null) e.put("log.file.path", c.file);
            if ("unparsed".equals(e.get(Fields.EVENT_ACTION))) c.unparsed++;
            if (ordered) {
                events[i] = e;
                continue;
            }
            pipeline.accept(e, m -> { }); // no stateful stage: nothing is made
            w.writer.write(e);
            count(c, e);
        }
        if (ordered) {
            c.events = events;
        } else {
            w.writer.flush();
            c.bytes = w.buffer.toByteArray();
            w.buffer.reset();
        }
        return c;
    }

    private void count(Chunk c, MailEvent e) {
        if (!countActions) return;
        if (c.actions == null) c.actions = new HashMap<>();
        c.actions.computeIfAbsent(e.getString(Fields.EVENT_ACTION), k -> new long[1])[0]++;
    }

    /** The writer thread: chunks in input order. */
    private void writeLoop() {
        try {
            while (true) {
                Future<Chunk> f = ordered.poll();
                if (f == null) {
                    out.flush(); // nothing ready: show what is written so far
                    f = ordered.take();
                }
                Chunk c = f.get();
                if (c.size == 0 && c.endOfFile == null) return;
                if (failure == null) write(c);
            }
        } catch (ExecutionException ex) {
            failure = ex.getCause();
        } catch (Throwable t) {
            failure = t;
        }
        drainAfterFailure();
    }

    /** After a failure the reader stops soon; take what it still queued so it never blocks. */
    private void drainAfterFailure() {
        try {
            while (true) {
                Future<Chunk> f = ordered.take();
                Chunk c = f.isDone() && !f.isCancelled() ? f.get() : null;
                if (c != null && c.size == 0 && c.endOfFile == null) return;
            }
        } catch (InterruptedException | ExecutionException ex) {
            // the run fails with the first failure already kept
        }
    }

    private void write(Chunk c) throws IOException {
        if (c.endOfFile != null) {
            files.add(new FileCounts(c.endOfFile, fileRecords, fileUnparsed));
            fileRecords = 0;
            fileUnparsed = 0;
            return;
        }
        fileRecords += c.size;
        fileUnparsed += c.unparsed;
        if (c.bytes != null) {
            out.writeEncoded(c.bytes);
            if (c.actions != null) c.actions.forEach((k, v) -> actions.merge(k, v[0], Long::sum));
            return;
        }
        for (MailEvent e : c.events) {
            pipeline.accept(e, this::madeLater);
            writeOrdered(e);
            for (MailEvent m : made) writeOrdered(m);
            made.clear();
        }
    }

    private final List<MailEvent> made = new ArrayList<>();

    private void madeLater(MailEvent m) {
        made.add(m);
    }

    private void writeOrdered(MailEvent e) {
        try {
            out.write(e);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        if (countActions) actions.merge(e.getString(Fields.EVENT_ACTION), 1L, Long::sum);
    }

    private void rethrow() throws IOException {
        Throwable t = failure;
        if (t == null) return;
        if (t instanceof IOException io) throw io;
        if (t instanceof UncheckedIOException u) throw u.getCause();
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error err) throw err;
        throw new IllegalStateException(t);
    }
}
