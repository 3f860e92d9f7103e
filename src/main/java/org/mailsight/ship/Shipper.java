package org.mailsight.ship;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.mailsight.engine.Pipeline;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.output.Documents;
import org.mailsight.record.Clock;

/**
 * {@code mailsight ship}'s loop: reads files (followed like {@code tail -F}) or stdin, runs every line through the
 * {@link Pipeline}, and bulk-creates the documents in the {@code logs-<dataset>-<namespace>} data streams. The
 * registry is written every second, holding for each file only what Elasticsearch acknowledged.
 */
public final class Shipper {
    /** What to read and where to keep state. {@code stdinFormat}: auto, json, export or plain. */
    public record Options(List<String> patterns, boolean stdin, String stdinFormat, boolean once, boolean fromEnd,
                          String namespace, Path registry, Path deadLetter, int queue, int batchDocs,
                          Duration flush, Duration statusEvery, boolean terminal, boolean alertsOnly) {}

    /** What a run did, for the final summary. */
    public record Summary(long lines, long documents, long duplicates, long deadLettered, long retries, double seconds,
                          boolean drained) {}

    static final Duration SCAN = Duration.ofSeconds(1);
    static final Duration QUIET = Duration.ofSeconds(1); // a quiet file's held record is let go after this
    static final Duration GONE = Duration.ofSeconds(5); // a file renamed away is read this long after its last line
    static final int RETAINED = 1000;

    private final Options options;
    private final Pipeline pipeline;
    private final Function<String, Clock> clocks;
    private final PrintWriter log;
    private final String host;
    private final Registry registry;
    private final DeadLetters deadLetters;
    private final Bulk bulk;
    private final List<FileSource> sources = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Registry.Entry> retained = new ArrayList<>();
    private final Set<String> skipped = new HashSet<>(); // dev:ino:size of files already shipped whole
    private List<Registry.Entry> lastSaved = List.of();
    private volatile boolean stopping;
    private java.util.function.Consumer<MailEvent> alerts = m -> { };
    private long lines;
    private volatile long linesRead;

    public Shipper(Options options, Pipeline pipeline, Function<String, Clock> clocks, ElasticsearchClient client,
                   PrintWriter log) {
        this.options = options;
        this.pipeline = pipeline;
        this.clocks = clocks;
        this.log = log;
        this.host = hostname();
        this.registry = new Registry(options.registry());
        this.deadLetters = new DeadLetters(options.deadLetter());
        this.bulk = new Bulk(client, options.queue(), options.batchDocs(), 5L << 20, options.flush(), deadLetters);
    }

    /** Also hands every alert made to {@code to} (parse's and ship's --webhook). */
    public void alerts(java.util.function.Consumer<MailEvent> to) {
        this.alerts = to;
    }

    /** Asks a running {@link #run()} to stop reading, flush, write the registry and return (SIGTERM). */
    public void stop() {
        stopping = true;
    }

    public Summary run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        Status status = new Status(this::snapshot, log, options.terminal(), options.statusEvery());
        status.start();
        boolean drained;
        // following files with state (correlation): the messages in flight go on in the next run
        boolean keepState = pipeline.stateful() && !options.stdin() && !options.once();
        Path state = Path.of(options.registry() + ".state");
        try {
            if (pipeline.stateful() && !options.stdin()) restore(state);
            if (options.stdin()) readStdin();
            else readFiles();
            for (FileSource s : sources) s.finishRecord();
            if (!keepState) pipeline.close(m -> submitMade(m, null, -1));
            drained = bulk.drain(stopping ? Duration.ofSeconds(20) : Duration.ofDays(1));
            if (!drained) say("Elasticsearch did not acknowledge " + bulk.queued() + " documents in time: the registry keeps them unshipped, so the next run sends them.");
            saveRegistry();
            // after the registry: a state newer than the registry would see its lines twice
            if (keepState && drained) snapshot(state);
        } finally {
            status.stop();
            bulk.close();
            deadLetters.close();
            for (FileSource s : sources) s.close();
        }
        return new Summary(lines, bulk.indexed.get(), bulk.duplicates.get(), bulk.deadLettered.get(),
                bulk.retries.get(), (System.nanoTime() - started) / 1e9, drained);
    }

    /** Loads the stages' state a clean stop left, then deletes it: after a crash the next run starts without it. */
    private void restore(Path state) throws IOException {
        if (!Files.exists(state)) return;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(state))) {
            pipeline.restore(in);
            say("restored the state of the last run (" + pipeline.inFlight() + " messages in flight).");
        } catch (IOException ex) {
            say("the state file " + state + " cannot be read (" + ex.getMessage() + "): starting without it.");
        }
        Files.delete(state);
    }

    /** The stages' state, written atomically beside the registry. */
    private void snapshot(Path state) throws IOException {
        Path tmp = Path.of(state + ".tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            var out = java.nio.channels.Channels.newOutputStream(ch);
            var buffered = new java.io.BufferedOutputStream(out);
            pipeline.snapshot(buffered);
            buffered.flush();
            ch.force(true);
        }
        Files.move(tmp, state, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        say("kept the state of " + pipeline.inFlight() + " messages in flight for the next run in " + state + ".");
    }

    // ---- files -------------------------------------------------------------------------------------------------

    private void readFiles() throws IOException, InterruptedException {
        retained.addAll(registry.load());
        lastSaved = List.copyOf(retained);
        scan(true);
        if (sources.isEmpty() && options.once()) say("no file to ship: nothing matches " + String.join(", ", options.patterns()) + " that was not shipped already.");
        long lastScan = System.nanoTime();
        while (!stopping) {
            boolean progressed = false;
            boolean allAtEnd = true;
            for (FileSource s : List.copyOf(sources)) {
                if (s.done) continue;
                if (!s.gzip && !s.gone) {
                    long size = s.size();
                    // grown or shrunk since the last look: check it is still the same text before reading on
                    if (size != s.checkedSize) rewound(s);
                    s.checkedSize = size;
                    if (s.fingerprintLength < 0) continue;
                }
                int n = 0;
                String line;
                while (n < 2000 && !stopping && (line = s.reader.next()) != null) {
                    s.line(line, s.reader.lineStart(), s.reader.offset());
                    counted();
                    n++;
                }
                if (n > 0) {
                    s.quietSince = System.nanoTime();
                    progressed = true;
                    allAtEnd = false;
                    continue;
                }
                long quiet = System.nanoTime() - s.quietSince;
                boolean last = options.once() || s.gzip || (s.gone && quiet > GONE.toNanos());
                if (last) {
                    String rest = s.reader.rest();
                    if (rest != null) {
                        s.line(rest, s.reader.lineStart(), s.reader.offset());
                        counted();
                    }
                    s.finishRecord();
                    s.done = true;
                } else if (quiet > QUIET.toNanos()) {
                    s.finishRecord();
                }
                if (!s.done) allAtEnd = false;
            }
            if (options.once() && allAtEnd) break;
            if (System.nanoTime() - lastScan > SCAN.toNanos()) {
                lastScan = System.nanoTime();
                if (!options.once()) scan(false);
                pipeline.flush(m -> submitMade(m, null, -1));
                closeFinished();
                saveRegistry();
            }
            if (!progressed) Thread.sleep(100);
        }
    }

    private void counted() {
        lines++;
        linesRead = lines;
    }

    /** Files matched now: new ones opened (resumed from the registry), renamed ones followed, rewritten ones re-read. */
    private void scan(boolean first) throws IOException {
        Map<String, Path> matched = new LinkedHashMap<>();
        for (Path p : expand()) {
            try {
                matched.put(devIno(p), p);
            } catch (IOException gone) {
                // removed between the listing and the look
            }
        }
        List<Path> reused = new ArrayList<>();
        for (FileSource s : sources) {
            if (s.gone) continue; // a file renamed away is read to its end, no longer looked for
            Path now = matched.remove(s.device + ":" + s.inode);
            if (s.done) continue; // read whole (an archive): not opened again
            if (now == null) {
                s.quietSince = System.nanoTime();
                s.gone = true;
                continue;
            }
            if (s.fingerprintLength > 0 && !s.gzip && !FileSource.startsWith(now, false, s.fingerprint, s.fingerprintLength)
                    && !s.rewritten()) {
                // the file we hold was deleted and its inode given to a new file at this path: two files
                s.quietSince = System.nanoTime();
                s.gone = true;
                reused.add(now);
                continue;
            }
            if (!now.equals(s.path)) s.path = now; // renamed (mail.log -> mail.log.1): the same file, followed on
            rewound(s);
        }
        List<Path> fresh = new ArrayList<>(matched.values());
        fresh.addAll(reused);
        for (Path p : fresh) {
            FileSource.Identity id = FileSource.identify(p);
            String skipKey = id.device() + ":" + id.inode() + ":" + id.size();
            if (id.fingerprintLength() == 0 || skipped.contains(skipKey)) continue; // empty: wait for text
            Registry.Entry known = known(p, id);
            if (known != null && known.done()) {
                skipped.add(skipKey);
                continue;
            }
            long offset = 0;
            String fingerprint = id.fingerprint();
            int length = id.fingerprintLength();
            if (known != null) {
                offset = known.offset();
                fingerprint = known.fingerprint();
                length = known.fingerprintLength();
                if (!id.gzip() && offset > id.size()) {
                    say(p + " is shorter than where shipping stopped: reading it again from the start.");
                    offset = 0;
                    fingerprint = id.fingerprint();
                    length = id.fingerprintLength();
                }
            } else if (options.fromEnd() && first && !id.gzip()) {
                offset = id.size();
            }
            FileSource s = new FileSource(p, new FileSource.Identity(id.device(), id.inode(), id.gzip(), fingerprint,
                    length, id.size()), pipeline.parser(clocks.apply(p.toString())), this::record);
            s.open(offset);
            sources.add(s);
            if (!first || known != null) say((known != null ? "resuming " : "following ") + p + (offset > 0 ? " at byte " + offset : "") + ".");
        }
    }

    /**
     * Checks that a followed file still starts with the bytes it was recognized by; if not (copytruncate, then
     * written again), reads it again from the start. Its old text may live on in a copy (mail.log.1), which then
     * resumes where this file was acknowledged: that state stays among the retained entries.
     */
    private boolean rewound(FileSource s) throws IOException {
        if (s.gzip) return false;
        if (s.fingerprintLength < 0) { // emptied: recognized again once it has text
            if (s.size() == 0) return false;
            FileSource.Identity id = FileSource.identify(s.path);
            s.fingerprint = id.fingerprint();
            s.fingerprintLength = id.fingerprintLength();
            return false;
        }
        if (!s.rewritten()) return false;
        long acked = s.safeOffset();
        retained.add(0, entry(s, acked, false));
        s.finishRecord();
        say(s.path + " shrank or was rewritten (copytruncate): reading it again from the start.");
        FileSource.Identity id = FileSource.identify(s.path);
        s.close();
        s.open(0);
        s.fingerprint = id.fingerprint();
        s.fingerprintLength = id.fingerprintLength() == 0 ? -1 : id.fingerprintLength();
        return true;
    }

    /** What the registry (or a file just rewritten) knows of a file with this content: same first bytes. */
    private Registry.Entry known(Path p, FileSource.Identity id) throws IOException {
        List<Registry.Entry> candidates = new ArrayList<>();
        for (FileSource s : sources) {
            if (s.fingerprintLength > 0) candidates.add(entry(s, s.reader.offset(), false));
        }
        candidates.addAll(retained);
        Registry.Entry best = null;
        for (Registry.Entry e : candidates) {
            if (e.fingerprintLength() <= 0 || e.fingerprintLength() > id.fingerprintLength()) continue;
            boolean same = e.fingerprintLength() == id.fingerprintLength() ? e.fingerprint().equals(id.fingerprint())
                    : FileSource.startsWith(p, id.gzip(), e.fingerprint(), e.fingerprintLength());
            // the furthest state of this text wins: a finished archive, else the highest offset
            if (same && (best == null || e.done() && !best.done() || e.done() == best.done() && e.offset() > best.offset())) best = e;
        }
        return best;
    }

    private static String devIno(Path p) throws IOException {
        return Files.getAttribute(p, "unix:dev") + ":" + Files.getAttribute(p, "unix:ino");
    }

    /** The regular files the patterns match now; a glob in the last part of a path ({@code /var/log/mail.log*}). */
    private List<Path> expand() throws IOException {
        TreeSet<Path> out = new TreeSet<>();
        for (String pattern : options.patterns()) {
            Path p = Path.of(pattern);
            String name = p.getFileName() == null ? pattern : p.getFileName().toString();
            if (!name.contains("*") && !name.contains("?") && !name.contains("[") && !name.contains("{")) {
                if (Files.isRegularFile(p)) out.add(p);
                continue;
            }
            Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
            if (!Files.isDirectory(dir)) continue;
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + name);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path f : ds) {
                    if (m.matches(f.getFileName()) && Files.isRegularFile(f)) out.add(f);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Files read to their end and acknowledged: closed; their state stays in the registry. */
    private void closeFinished() {
        for (FileSource s : List.copyOf(sources)) {
            if (s.done && s.settled() && s.isOpen() && !options.once()) {
                s.close();
                sources.remove(s);
                retained.add(0, entry(s, s.safeOffset(), s.gzip));
                if (s.gzip) skipped.add(s.device + ":" + s.inode + ":" + s.path.toFile().length());
            }
        }
        while (retained.size() > RETAINED) retained.remove(retained.size() - 1);
    }

    private Registry.Entry entry(FileSource s, long offset, boolean done) {
        return new Registry.Entry(s.path.toString(), s.device, s.inode, s.fingerprint, s.fingerprintLength, offset,
                s.lastLine, s.gzip, done);
    }

    private void saveRegistry() throws IOException {
        if (options.stdin()) return;
        List<Registry.Entry> now = new ArrayList<>();
        Set<String> live = new HashSet<>();
        for (FileSource s : sources) {
            if (s.fingerprintLength <= 0) continue;
            now.add(entry(s, s.safeOffset(), s.done && s.settled() && s.gzip));
            live.add(s.fingerprint + "/" + s.fingerprintLength);
        }
        for (Registry.Entry e : retained) {
            if (live.add(e.fingerprint() + "/" + e.fingerprintLength())) now.add(e);
        }
        if (now.equals(lastSaved)) return;
        registry.save(now);
        lastSaved = now;
    }

    // ---- stdin -------------------------------------------------------------------------------------------------

    private static final Object END = new Object();

    private final class StdinSource extends Source {
        StdinSource() {
            super(pipeline.parser(clocks.apply("-")), Shipper.this::record);
        }

        @Override
        String name() {
            return "stdin";
        }

        @Override
        String key() {
            return "stdin";
        }
    }

    private void readStdin() throws InterruptedException {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(1000);
        Thread reader = new Thread(() -> {
            try {
                pump(System.in, queue);
            } catch (IOException | InterruptedException ex) {
                // end of input
            } finally {
                try {
                    queue.put(END);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "mailsight-ship-stdin");
        reader.setDaemon(true);
        reader.start();
        StdinSource source = new StdinSource();
        long n = 0;
        long lastFlush = System.nanoTime();
        while (!stopping) {
            Object item = queue.poll(200, TimeUnit.MILLISECONDS);
            if (item == END) break;
            if (item instanceof String line) {
                source.line(line, n, n + 1);
                n++;
                counted();
            } else if (item instanceof Journal.Entry j) {
                counted();
                MailEvent e = source.parser.parse(j.record());
                List<MailEvent> made = new ArrayList<>(1);
                pipeline.accept(e, made::add);
                if (!options.alertsOnly()) submit(e, id("journal", j.cursor()), null, -1, j.record().message());
                for (MailEvent m : made) submitMade(m, null, -1);
            } else if (System.nanoTime() - lastFlush > QUIET.toNanos()) {
                source.finishRecord();
            }
            if (System.nanoTime() - lastFlush > SCAN.toNanos()) {
                lastFlush = System.nanoTime();
                pipeline.flush(m -> submitMade(m, null, -1));
            }
        }
        source.finishRecord();
    }

    /** Reads stdin in its own thread: journald JSON, journald export or plain lines, told by the first bytes. */
    private void pump(InputStream raw, BlockingQueue<Object> queue) throws IOException, InterruptedException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        String format = options.stdinFormat();
        if (format.equals("auto")) {
            in.mark(4096);
            byte[] head = in.readNBytes(4096);
            in.reset();
            String s = new String(head, StandardCharsets.UTF_8).stripLeading();
            format = s.startsWith("{") ? "json" : s.startsWith("__CURSOR=") || s.startsWith("__REALTIME_TIMESTAMP=") ? "export" : "plain";
        }
        if (format.equals("export")) {
            Journal.Entry e;
            while ((e = Journal.nextExport(in)) != null) queue.put(e);
            return;
        }
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String line;
        while ((line = r.readLine()) != null) {
            if (format.equals("json")) {
                Journal.Entry e = Journal.fromJson(line);
                queue.put(e != null ? e : line); // a line that is not JSON is still shipped, unparsed
            } else {
                queue.put(line);
            }
        }
    }

    // ---- documents ---------------------------------------------------------------------------------------------

    /** A record out of a source's joiner: one event, and what the stages made of it. */
    private void record(Source source, String record) {
        long start = source.emittingStart();
        MailEvent e = source.parser.parse(record);
        List<MailEvent> made = new ArrayList<>(1);
        pipeline.accept(e, made::add);
        String id = source instanceof StdinSource ? id("stdin", start + "/" + record) : id(source.key(), Long.toString(start));
        if (!options.alertsOnly()) submit(e, id, source, start, record);
        for (MailEvent m : made) submitMade(m, source, start);
    }

    /** A summary or alert: its id is a hash of its content, so the same summary sent again is a duplicate. */
    private void submitMade(MailEvent m, Source source, long start) {
        if ("mail.alert".equals(m.getString(Fields.EVENT_DATASET))) alerts.accept(m);
        if (options.alertsOnly() && !"mail.alert".equals(m.getString(Fields.EVENT_DATASET))) return;
        Map<String, Object> doc = Documents.nested(m);
        String id = id("made", doc.toString()); // before a missing @timestamp is stamped with the time of shipping
        submit(stamp(doc, m), index(m), id, source, start, null);
    }

    private void submit(MailEvent e, String id, Source source, long start, String line) {
        submit(body(e), index(e), id, source, start, line);
    }

    private void submit(Map<String, Object> body, String index, String id, Source source, long start, String line) {
        try {
            bulk.submit(new Doc(id, index, body, source, start, line));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private Map<String, Object> body(MailEvent e) {
        return stamp(Documents.nested(e), e);
    }

    private Map<String, Object> stamp(Map<String, Object> doc, MailEvent e) {
        // a line without a timestamp (not framed) is stamped with the time it is shipped
        doc.putIfAbsent("@timestamp", Instant.now().toString());
        doc.put("data_stream", Map.of("type", "logs", "dataset", dataset(e), "namespace", options.namespace()));
        return doc;
    }

    private String index(MailEvent e) {
        return "logs-" + dataset(e) + "-" + options.namespace();
    }

    private static String dataset(MailEvent e) {
        String d = e.getString(Fields.EVENT_DATASET);
        return d == null ? "mail.unknown" : d;
    }

    /** Deterministic id: host, input key (the file's fingerprint) and position, hashed (SHA-256, 160 bits). */
    private String id(String key, String position) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(host.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(key.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(position.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d.digest(), 20));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException ex) {
            return "localhost";
        }
    }

    private void say(String s) {
        log.println("mailsight ship: " + s);
        log.flush();
    }

    Status.Snapshot snapshot() {
        long behind = 0;
        for (FileSource s : List.copyOf(sources)) {
            try {
                if (!s.gzip && s.isOpen()) behind += Math.max(0, s.size() - s.reader.offset());
            } catch (IOException ignored) {
                // closed meanwhile
            }
        }
        return new Status.Snapshot(linesRead, bulk.indexed.get() + bulk.duplicates.get() + bulk.deadLettered.get(),
                bulk.queued(), bulk.lagSeconds(), bulk.retries.get(), behind, bulk.lastProblem.get());
    }
}
