package org.mailsight.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mailsight.correlate.Correlator;
import org.mailsight.detect.Detector;
import org.mailsight.enrich.Enricher;
import org.mailsight.event.MailEvent;
import org.mailsight.privacy.Integrity;
import org.mailsight.privacy.Privacy;
import org.mailsight.record.Clock;
import org.mailsight.record.Framer;

/**
 * The engine every front door calls (the Logstash filter, {@code parse}, {@code ship}, {@code report}): parsers for
 * the threads that read lines, then the stateful stages in a fixed order, each optional:
 * enrich, correlate, detect, privacy (../shared/DESIGN.md). No front door wires stages itself.
 *
 * <p>{@link #parser} is per thread (parsers are not thread-safe). {@link #accept} may be called from many threads
 * at once (Logstash workers): each stateful stage guards its own state. Events the stages make (message summaries,
 * alerts) pass through the later stages too, so a summary reaches detection and every made event reaches privacy.
 */
public final class Pipeline {
    private final PipelineConfig config;
    private final Correlator correlator;
    private final Enricher enricher;
    private final Detector detector;
    private final Privacy privacy;
    private final Integrity integrity;

    private Pipeline(PipelineConfig config) {
        this.config = config;
        // detection reads sessions and message summaries: correlation runs for it even when its summaries are not wanted
        this.correlator = config.correlate() || config.detect() ? new Correlator(config.correlation()) : null;
        this.enricher = config.enrich() ? new Enricher(config.enrichment()) : null;
        this.detector = config.detect() ? new Detector(config.detection()) : null;
        this.privacy = config.privacy() ? new Privacy(config.privacyOptions()) : null;
        this.integrity = config.integrity() ? new Integrity() : null;
    }

    public static Pipeline of(PipelineConfig config) {
        return new Pipeline(config);
    }

    public PipelineConfig config() {
        return config;
    }

    /** A parser for one thread; {@code clock} gives the year and zone of timestamps that lack them. */
    public MailParser parser(Clock clock) {
        return new MailParser(new Framer(clock), config.keepOriginal());
    }

    /** True when a stage holds state across events (a front door then flushes, closes and may snapshot). */
    public boolean stateful() {
        return correlator != null || detector != null || integrity != null; // a chain needs its events in order
    }

    /**
     * Runs one parsed event through the stages: {@code e} is enriched in place (the caller writes it), and the
     * events the stages made because of it go to {@code made}, in order, after the caller wrote {@code e}.
     */
    public void accept(MailEvent e, Consumer<MailEvent> made) {
        if (enricher != null) enricher.accept(e);
        Consumer<MailEvent> last = last(made);
        if (correlator != null) {
            List<MailEvent> out = new ArrayList<>(1);
            correlator.accept(e, out::add);
            // correlation may have given the event its session's client: place it too (a no-op otherwise)
            if (enricher != null) enricher.accept(e);
            if (detector != null) detector.accept(e, last);
            after(out, last);
        } else if (detector != null) {
            detector.accept(e, last);
        }
        if (privacy != null) privacy.accept(e); // every stage before it saw the real values
        if (integrity != null) integrity.accept(e); // last: the hash covers what is stored
    }

    /** Periodic flush (Logstash every few seconds; {@code ship} on a timer): made events whose time has come. */
    public void flush(Consumer<MailEvent> made) {
        if (correlator == null) return;
        List<MailEvent> out = new ArrayList<>();
        correlator.flush(out::add);
        after(out, last(made));
    }

    /** End of input: everything in flight comes out (summaries of unfinished messages marked incomplete). */
    public void close(Consumer<MailEvent> made) {
        if (correlator == null) return;
        List<MailEvent> out = new ArrayList<>();
        correlator.close(out::add);
        after(out, last(made));
    }

    /** Where made events go: through privacy and the hash chain (the last stages), then to {@code made}. */
    private Consumer<MailEvent> last(Consumer<MailEvent> made) {
        if (privacy == null && integrity == null) return made;
        return m -> {
            if (privacy != null) privacy.accept(m);
            if (integrity != null) integrity.accept(m);
            made.accept(m);
        };
    }

    /** The later stages, for events a stage made ({@code made} already applies privacy and the chain). */
    private void after(List<MailEvent> out, Consumer<MailEvent> made) {
        for (MailEvent m : out) {
            if (enricher != null) enricher.accept(m); // summaries carry the client too
            // detection reads the summary before privacy rewrites it; the summary comes out before its alerts
            List<MailEvent> alerts = detector == null ? List.of() : new ArrayList<>(0);
            if (detector != null) detector.accept(m, alerts::add);
            if (config.correlate()) made.accept(m);
            alerts.forEach(made);
        }
    }

    /** First bytes of a state file, then {@link #STATE_VERSION}. */
    static final String STATE_MAGIC = "mailsight-state";
    /** Version of the state format; a file of another version is refused. */
    public static final int STATE_VERSION = 1;
    private static final ObjectInputFilter STATE_CLASSES = ObjectInputFilter.Config.createFilter(
            "maxdepth=64;java.lang.*;java.util.*;org.mailsight.**;!*");

    private List<StageState> stagesWithState() {
        List<StageState> stages = new ArrayList<>();
        if (correlator != null) stages.add(correlator);
        if (integrity != null) stages.add(integrity);
        return stages;
    }

    /**
     * Writes the state of every stateful stage (messages and sessions in flight, ...) so that {@link #restore} in
     * a new process goes on where this one stopped. Call it when no events are being accepted.
     */
    public void snapshot(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeUTF(STATE_MAGIC);
        data.writeInt(STATE_VERSION);
        List<StageState> stages = stagesWithState();
        data.writeInt(stages.size());
        for (StageState stage : stages) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
                stage.writeState(o);
            }
            data.writeUTF(stage.stateName());
            data.writeInt(bytes.size());
            bytes.writeTo(data);
        }
        data.flush();
    }

    /**
     * Loads what {@link #snapshot} wrote. A stage absent from this pipeline is skipped. Throws an IOException whose
     * message is one sentence (the file is not a state file, is of another version, or is damaged); the stages
     * are then as they were.
     */
    public void restore(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        String magic;
        int version;
        try {
            magic = data.readUTF();
            version = data.readInt();
        } catch (IOException tooShort) {
            throw new IOException("not a mailsight state file (too short)");
        }
        if (!STATE_MAGIC.equals(magic)) throw new IOException("not a mailsight state file");
        if (version != STATE_VERSION) {
            throw new IOException("state file of format version " + version + ", this mailsight reads version "
                    + STATE_VERSION + " only");
        }
        Map<String, byte[]> saved = new LinkedHashMap<>();
        try {
            int n = data.readInt();
            for (int i = 0; i < n; i++) {
                String name = data.readUTF();
                byte[] bytes = new byte[data.readInt()];
                data.readFully(bytes);
                saved.put(name, bytes);
            }
        } catch (IOException | RuntimeException damaged) {
            throw new IOException("state file is damaged (" + damaged.getMessage() + ")");
        }
        for (StageState stage : stagesWithState()) {
            byte[] bytes = saved.get(stage.stateName());
            if (bytes == null) continue;
            try (ObjectInputStream o = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                o.setObjectInputFilter(STATE_CLASSES);
                stage.readState(o);
            } catch (IOException | ClassNotFoundException | RuntimeException damaged) {
                throw new IOException("the " + stage.stateName() + " state in the file cannot be read ("
                        + damaged + ")");
            }
        }
    }

    /** Messages in flight (correlation). */
    public int inFlight() {
        return correlator == null ? 0 : correlator.inFlight();
    }

    /** Counters of every stage, prefixed by the stage ({@code correlation.evicted}, ...), for --stats and logs. */
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        if (enricher != null) enricher.counters().forEach((k, v) -> c.put("enrich." + k, v));
        if (correlator != null) correlator.counters().forEach((k, v) -> c.put("correlation." + k, v));
        if (detector != null) detector.counters().forEach((k, v) -> c.put("detect." + k, v));
        if (privacy != null) privacy.counters().forEach((k, v) -> c.put("privacy." + k, v));
        if (integrity != null) integrity.counters().forEach((k, v) -> c.put("integrity." + k, v));
        return c;
    }
}
