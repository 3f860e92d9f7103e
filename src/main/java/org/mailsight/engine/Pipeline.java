package org.mailsight.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mailsight.correlate.Correlator;
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
    private final Privacy privacy;
    private final Integrity integrity;

    private Pipeline(PipelineConfig config) {
        this.config = config;
        this.correlator = config.correlate() ? new Correlator(config.correlation()) : null;
        this.enricher = config.enrich() ? new Enricher(config.enrichment()) : null;
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
        return correlator != null;
    }

    /**
     * Runs one parsed event through the stages: {@code e} is enriched in place (the caller writes it), and the
     * events the stages made because of it go to {@code made}, in order, after the caller wrote {@code e}.
     */
    public void accept(MailEvent e, Consumer<MailEvent> made) {
        if (enricher != null) enricher.accept(e);
        if (correlator != null) {
            List<MailEvent> out = new ArrayList<>(1);
            correlator.accept(e, out::add);
            // correlation may have given the event its session's client: place it too (a no-op otherwise)
            if (enricher != null) enricher.accept(e);
            after(out, made);
        }
        if (privacy != null) privacy.accept(e); // every stage before it saw the real values
        if (integrity != null) integrity.accept(e); // last: the hash covers what is stored
    }

    /** Periodic flush (Logstash every few seconds; {@code ship} on a timer): made events whose time has come. */
    public void flush(Consumer<MailEvent> made) {
        if (correlator == null) return;
        List<MailEvent> out = new ArrayList<>();
        correlator.flush(out::add);
        after(out, made);
    }

    /** End of input: everything in flight comes out (summaries of unfinished messages marked incomplete). */
    public void close(Consumer<MailEvent> made) {
        if (correlator == null) return;
        List<MailEvent> out = new ArrayList<>();
        correlator.close(out::add);
        after(out, made);
    }

    /** The later stages, for events a stage made. */
    private void after(List<MailEvent> out, Consumer<MailEvent> made) {
        for (MailEvent m : out) {
            if (enricher != null) enricher.accept(m); // summaries carry the client too
            if (privacy != null) privacy.accept(m);
            if (integrity != null) integrity.accept(m);
            made.accept(m);
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
        if (privacy != null) privacy.counters().forEach((k, v) -> c.put("privacy." + k, v));
        if (integrity != null) integrity.counters().forEach((k, v) -> c.put("integrity." + k, v));
        return c;
    }
}
