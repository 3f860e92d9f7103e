package org.mailsight.logstash;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.FilterMatchListener;
import co.elastic.logstash.api.LogstashPlugin;
import co.elastic.logstash.api.PluginConfigSpec;
import co.elastic.logstash.api.PluginHelper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Logger;
import co.elastic.logstash.api.EventFactory;
import java.util.ArrayList;
import org.mailsight.engine.MailParser;
import org.mailsight.engine.Pipeline;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.privacy.Secrets;
import org.mailsight.record.Clock;
import org.mailsight.record.LogRecord;

/**
 * The Logstash filter: {@code filter { mailsight {} }} turns Postfix, Exim and Dovecot log lines into
 * ECS mail events. One event in, the same event out, enriched in place, through the engine's {@link Pipeline};
 * events the pipeline makes (message summaries) come out of {@link #flush}. Options in docs/logstash.md.
 *
 * <p>Logstash calls {@link #filter} from every pipeline worker at once. The engine is not thread-safe, so each call
 * borrows a parser from a pool (one per concurrent worker, created on demand) and gives it back.
 */
@LogstashPlugin(name = "mailsight")
public final class Mailsight implements Filter {
    /** Year inference needs "now": a parser is rebuilt when its reference time is older than this. */
    static final Duration REFERENCE_TTL = Duration.ofMinutes(10);
    /** Tag of an event the filter failed on (a bug): the event goes on unchanged otherwise. */
    static final String EXCEPTION_TAG = "_mailsight_exception";

    private final String id;
    private final Settings settings;
    private final EventWriter writer;
    private final Logger logger;
    private final InstantSource time;
    private final ConcurrentLinkedQueue<Worker> idle = new ConcurrentLinkedQueue<>();
    private final Pipeline pipeline;
    private final ConcurrentLinkedQueue<MailEvent> made = new ConcurrentLinkedQueue<>(); // summaries, alerts
    private final EventFactory events;
    private final Path statePath; // null: state not kept

    public Mailsight(String id, Configuration config, Context context) {
        this(id, config, context, InstantSource.system());
    }

    Mailsight(String id, Configuration config, Context context, InstantSource time) {
        this.id = id;
        this.settings = Settings.from(config);
        this.writer = new EventWriter(settings);
        this.logger = context == null ? null : context.getLogger(this);
        this.events = context == null ? null : context.getEventFactory();
        this.time = time;
        this.pipeline = Pipeline.of(settings.pipeline());
        this.statePath = pipeline.stateful() ? Settings.statePath(config) : null;
        if (statePath != null) loadState();
    }

    /** Loads the state the previous run wrote at close(); a file it cannot use is named in one log line, not fatal. */
    private void loadState() {
        if (!Files.exists(statePath)) return;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(statePath))) {
            pipeline.restore(in);
            if (logger != null) {
                logger.info("mailsight: loaded {} messages in flight from {}", pipeline.inFlight(), statePath);
            }
        } catch (IOException refused) {
            if (logger != null) {
                logger.warn("mailsight: state file {} not loaded, starting without it: {}; delete it or set"
                        + " state_path to another file", statePath, refused.getMessage());
            }
        }
    }

    /** Writes the state at close() (to a temporary file first, so a crash mid-write leaves the old one whole). */
    private void saveState() {
        try {
            Path dir = statePath.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            Path tmp = statePath.resolveSibling(statePath.getFileName() + ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                pipeline.snapshot(out);
            }
            Files.move(tmp, statePath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (logger != null) {
                logger.info("mailsight: saved {} messages in flight to {}", pipeline.inFlight(), statePath);
            }
        } catch (IOException | RuntimeException failed) {
            if (logger != null) {
                logger.warn("mailsight: could not write state file {} ({}); check that Logstash may write there",
                        statePath, failed.toString());
            }
        }
    }

    @Override
    public Collection<PluginConfigSpec<?>> configSchema() {
        return PluginHelper.commonFilterSettings(Settings.OWN);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public Collection<Event> filter(Collection<Event> events, FilterMatchListener matchListener) {
        Worker worker = borrow();
        try {
            for (Event e : events) {
                if (!e.isCancelled()) filter(e, worker.parser, matchListener);
            }
        } finally {
            idle.offer(worker);
        }
        return events;
    }

    private void filter(Event e, MailParser parser, FilterMatchListener matchListener) {
        Object source = e.getField(settings.source());
        if (!(source instanceof String line)) {
            // nothing to parse: the event goes on untouched but tagged, like grok's tag_on_failure
            if (logger != null && logger.isDebugEnabled()) {
                logger.debug("mailsight: field {} is {}, not text; event tagged {}", settings.source(),
                        source == null ? "missing" : source.getClass().getSimpleName(), settings.tagOnFailure());
            }
            writer.tagFailure(e);
            return;
        }
        boolean unparsed;
        try {
            LogRecord header = ShipperHeader.read(e, line);
            MailEvent m = header == null ? parser.parse(line) : parser.parse(header);
            unparsed = isUnparsed(m);
            boolean privacy = pipeline.config().privacy();
            if (privacy && !m.has(Fields.EVENT_ORIGINAL) && e.getField(ORIGINAL) instanceof String o) {
                m.put(Fields.EVENT_ORIGINAL, Secrets.scrubLine(o)); // the shipper's copy gets the same treatment
            }
            if (pipeline.config().integrity() && e.getField("[log][file][path]") instanceof String path) {
                m.put("log.file.path", path); // one chain per host and file
            }
            pipeline.accept(m, made::add); // enriches m before it is written
            writer.write(m, e, unparsed);
            scrubShipperFields(e);
            if (privacy) privateShipperFields(m, e);
        } catch (RuntimeException bug) {
            // one event must never stop the pipeline: keep it, say so, go on
            if (logger != null) logger.warn("mailsight: could not process an event; tagged {}", EXCEPTION_TAG, bug);
            e.tag(EXCEPTION_TAG);
            return;
        }
        if (!unparsed) matchListener.filterMatched(e);
    }

    /**
     * With privacy on, the shipper's raw text must not survive beside the pseudonymized event: event.original is the
     * pipeline's (pseudonymized or dropped), message is removed when dropped, another source field is removed.
     */
    private void privateShipperFields(MailEvent m, Event e) {
        Object original = m.get(Fields.EVENT_ORIGINAL);
        if (original != null) e.setField(ORIGINAL, original);
        else e.remove(ORIGINAL);
        if (!m.has(Fields.MESSAGE)) e.remove("message");
        String source = settings.source();
        if (!source.equals("message") && !source.equals("[message]") && !source.equals(ORIGINAL)) e.remove(source);
    }

    private static final String ORIGINAL = "[event][original]";

    /** The line as the shipper sent it (the source field, event.original) loses its secrets too. */
    private void scrubShipperFields(Event e) {
        for (String f : new String[] {settings.source(), "[event][original]"}) {
            if (e.getField(f) instanceof String s) {
                String clean = Secrets.scrubLine(s);
                if (clean != s) e.setField(f, clean);
            }
        }
    }

    private static boolean isUnparsed(MailEvent m) {
        return m.get(Fields.TAGS) instanceof List<?> tags && tags.contains(MailParser.UNPARSED_TAG);
    }

    /**
     * Message summaries (dataset mail.message), made by correlation: Logstash calls this every few seconds, and the
     * summaries come out as new events through the pipeline's EventFactory.
     */
    @Override
    public Collection<Event> flush(FilterMatchListener matchListener) {
        if (!pipeline.stateful()) return Collections.emptyList();
        pipeline.flush(made::add);
        List<Event> out = new ArrayList<>();
        MailEvent s;
        while ((s = made.poll()) != null) {
            Event e = events.newEvent();
            writer.write(s, e, false);
            matchListener.filterMatched(e);
            out.add(e);
        }
        return out;
    }

    @Override
    public boolean requiresFlush() {
        return pipeline.stateful();
    }

    @Override
    public boolean requiresPeriodicFlush() {
        return pipeline.stateful();
    }

    /**
     * At shutdown or reload Logstash takes no more events from a filter: messages still in flight are written to
     * {@code state_path} (and loaded by the next start), or, without it, only counted.
     */
    @Override
    public void close() {
        idle.clear();
        if (logger != null && !pipeline.counters().isEmpty()) logger.info("mailsight: {}", pipeline.counters());
        if (statePath != null) {
            saveState();
            return;
        }
        if (logger != null && pipeline.inFlight() > 0) {
            logger.info("mailsight: {} messages were still in flight at shutdown and have no summary",
                    pipeline.inFlight());
        }
    }

    /** Correlation at the end of input (tests, and the CLI's twin): everything in flight, as incomplete. */
    Collection<Event> drainAll(FilterMatchListener matchListener) {
        pipeline.close(made::add);
        return flush(matchListener);
    }

    Settings settings() {
        return settings;
    }

    private Worker borrow() {
        Instant now = time.instant();
        Worker w = idle.poll();
        if (w == null || w.bornAt.plus(REFERENCE_TTL).isBefore(now)) {
            w = new Worker(pipeline.parser(Clock.inferring(settings.timezone(), now)), now);
        }
        return w;
    }

    private record Worker(MailParser parser, Instant bornAt) {}
}
