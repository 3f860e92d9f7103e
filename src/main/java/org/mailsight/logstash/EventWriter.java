package org.mailsight.logstash;

import co.elastic.logstash.api.Event;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailsight.engine.MailParser;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * Writes an engine event onto a Logstash event. Dotted paths become field references ({@code source.ip} is
 * {@code [source][ip]}); values stay String, Long, Double, Boolean, List or Map (anything else is turned into one of
 * those, never handed to Logstash as is); {@code @timestamp} goes through {@code setEventTimestamp}.
 *
 * <p>What the shipper set is kept: {@code event.original} is written only when absent, and a syslog host that
 * differs from the shipper's {@code host.hostname} goes to {@code log.syslog.hostname}. Fields the filter owns
 * ({@code message}, {@code event.*}, {@code process.*}, {@code log.syslog.appname}, ...) are the parse result
 * of the shipper's own values, so they are written over.
 */
final class EventWriter {
    /** Tag of an event on which a field could not be written because the shipper's value is in the way. */
    static final String FIELD_CONFLICT_TAG = "_mailsight_field_conflict";
    private static final String HOST_HOSTNAME = "[host][hostname]";
    private static final String HOST = "host";
    private static final String LOG_SYSLOG_HOSTNAME = "[log][syslog][hostname]";
    private static final String EVENT_ORIGINAL = "[event][original]";
    private static final String DATA_STREAM = "data_stream";

    /**
     * Dotted path to field reference, a lock-free cache indexed by the key's hash: entries are immutable, so a
     * racing reader sees a whole entry or none, and a collision only costs a recomputation.
     */
    private final Reference[] references = new Reference[512];

    /** A dotted path's field reference, its top-level key (interned, as the event's map wants) and the rest. */
    private record Reference(String dotted, String ref, String top, String[] rest) {}
    private final Settings settings;

    EventWriter(Settings settings) {
        this.settings = settings;
    }

    /** Writes {@code m} onto {@code e}; on an unparsed line the failure tags replace the engine's own tag. */
    void write(MailEvent m, Event e, boolean unparsed) {
        if (m.hasTimestamp()) e.setEventTimestamp(Instant.ofEpochSecond(m.epochSecond(), m.nanos()));
        List<?> tags = null;
        Map<String, Object> data = e.getData(); // key presence only: values there are Logstash's own types
        // fields under a top-level key the event lacks: one nested map per key, set once (one reference, one
        // walk, one conversion per key instead of per field, the real event's cost being per setField)
        Map<String, Map<String, Object>> fresh = new LinkedHashMap<>();
        for (int i = 0, n = m.size(); i < n; i++) {
            String key = m.keyAt(i);
            Object value = m.valueAt(i);
            if (key == Fields.TAGS) {
                tags = value instanceof List<?> l ? l : List.of(value);
            } else if (key == Fields.HOST_HOSTNAME) {
                writeHost(e, value);
            } else if (key == Fields.EVENT_ORIGINAL) {
                if (!e.includes(EVENT_ORIGINAL)) e.setField(EVENT_ORIGINAL, value(value));
            } else {
                Reference r = reference(key);
                if (r.rest.length > 0 && !data.containsKey(r.top)) {
                    nest(fresh.computeIfAbsent(r.top, t -> new LinkedHashMap<>()), r.rest, value(value), e);
                    continue;
                }
                try {
                    e.setField(r.ref, value(value));
                } catch (RuntimeException conflict) {
                    // the shipper holds a non-map where we nest (old Filebeat's string "source"): keep its value
                    e.tag(FIELD_CONFLICT_TAG);
                }
            }
        }
        for (Map.Entry<String, Map<String, Object>> f : fresh.entrySet()) {
            if (!data.containsKey(f.getKey())) e.setField(f.getKey(), f.getValue());
            else setLeaves(e, "[" + f.getKey() + "]", f.getValue()); // writeHost made it meanwhile
        }
        if (tags != null) {
            for (Object t : tags) {
                if (!(unparsed && MailParser.UNPARSED_TAG.equals(t))) e.tag(String.valueOf(t));
            }
        }
        if (unparsed) tagFailure(e);
        if (settings.dataStream()) {
            Object dataset = m.get(Fields.EVENT_DATASET);
            String ds = dataset instanceof String s ? s : "mail.unknown";
            if (!data.containsKey(DATA_STREAM)) {
                Map<String, Object> d = new LinkedHashMap<>(4);
                d.put("type", "logs");
                d.put("dataset", ds);
                d.put("namespace", settings.namespace());
                e.setField(DATA_STREAM, d);
            } else {
                e.setField("[data_stream][type]", "logs");
                e.setField("[data_stream][dataset]", ds);
                e.setField("[data_stream][namespace]", settings.namespace());
            }
        }
    }

    private static void setLeaves(Event e, String prefix, Map<String, Object> map) {
        map.forEach((k, v) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> child = v instanceof Map ? (Map<String, Object>) v : null;
            if (child != null) setLeaves(e, prefix + "[" + k + "]", child);
            else e.setField(prefix + "[" + k + "]", v);
        });
    }

    /** Puts {@code value} at {@code path} under {@code map}, creating maps on the way. */
    @SuppressWarnings("unchecked")
    private static void nest(Map<String, Object> map, String[] path, Object value, Event e) {
        for (int i = 0; i < path.length - 1; i++) {
            Object child = map.get(path[i]);
            if (child == null) {
                child = new LinkedHashMap<String, Object>();
                map.put(path[i], child);
            } else if (!(child instanceof Map)) {
                e.tag(FIELD_CONFLICT_TAG); // a value and a field under it: the engine never makes both
                return;
            }
            map = (Map<String, Object>) child;
        }
        map.put(path[path.length - 1], value);
    }

    void tagFailure(Event e) {
        for (String t : settings.tagOnFailure()) e.tag(t);
    }

    /**
     * The line's syslog host is {@code host.hostname} unless the shipper named a different host there (Filebeat's
     * add_host_metadata: the machine it runs on), or the legacy syslog input left {@code host} a string (the
     * sender's address); then it goes to {@code log.syslog.hostname}.
     */
    private static void writeHost(Event e, Object value) {
        Object host = e.getData().get(HOST); // key presence and shape only: values there are Logstash's own types
        if (host == null) {
            e.setField(HOST_HOSTNAME, value(value));
        } else if (!(host instanceof Map)) {
            e.setField(LOG_SYSLOG_HOSTNAME, value(value));
        } else {
            Object shipper = e.getField(HOST_HOSTNAME);
            if (shipper == null) e.setField(HOST_HOSTNAME, value(value));
            else if (!value.equals(shipper)) e.setField(LOG_SYSLOG_HOSTNAME, value(value));
        }
    }

    private Reference reference(String dotted) {
        int slot = dotted.hashCode() & (references.length - 1);
        Reference cached = references[slot];
        if (cached != null && cached.dotted == dotted) return cached; // engine keys are interned constants
        String[] parts = dotted.split("\\.", -1);
        String top = parts[0].intern(); // the real event's map compares keys by identity (org.logstash.ConvertedMap)
        Reference r = new Reference(dotted, toReference(dotted), top, java.util.Arrays.copyOfRange(parts, 1, parts.length));
        references[slot] = r;
        return r;
    }

    /** {@code a.b.c} as {@code [a][b][c]}; a name without dots stays a top-level name. */
    static String toReference(String dotted) {
        if (dotted.indexOf('.') < 0) return dotted;
        StringBuilder b = new StringBuilder(dotted.length() + 8).append('[');
        for (int i = 0; i < dotted.length(); i++) {
            char c = dotted.charAt(i);
            if (c == '.') b.append("][");
            else b.append(c);
        }
        return b.append(']').toString();
    }

    /** A value Logstash's converter accepts: the engine's types pass as they are, anything else is converted. */
    static Object value(Object v) {
        if (v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean) return v;
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String || o instanceof Long || o instanceof Double || o instanceof Boolean)) {
                    List<Object> copy = new ArrayList<>(list.size());
                    for (Object x : list) copy.add(value(x));
                    return copy;
                }
            }
            return list;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof BigInteger || v instanceof BigDecimal) return v.toString();
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, x) -> copy.put(String.valueOf(k), value(x)));
            return copy;
        }
        if (v instanceof java.util.Collection<?> c) return value(new ArrayList<Object>(c));
        if (v instanceof Object[] array) return value(java.util.Arrays.asList(array));
        return String.valueOf(v); // Instant, enums, addresses, ...: their text
    }
}
