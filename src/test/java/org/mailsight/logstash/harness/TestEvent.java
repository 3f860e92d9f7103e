package org.mailsight.logstash.harness;

import co.elastic.logstash.api.Event;
import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@link Event} that behaves like org.logstash.Event (with Accessors) for what a Java filter can observe:
 * <ul>
 * <li>{@link #getData()} and {@link #getMetadata()} are {@link ConvertedMap}s: identity-keyed, interned keys,
 *     values in their Ruby form ({@link Ruby}), nested maps and lists converted too;</li>
 * <li>{@code setField} parses the reference ({@link FieldRef}), creates the missing maps on the way, converts the
 *     value ({@link Values#convert}, a UTF-8 encode per string); {@code getField} converts back
 *     ({@link Values#javafy}, a decode per string, collections copied);</li>
 * <li>a scalar in the middle of a path: reading gives null, setting under it fails
 *     ({@link InvalidFieldSetException}), two levels under it is a ClassCastException, as in Accessors;</li>
 * <li>{@code tags} must be a string or a list of strings; {@code tag} turns a single string into a list and
 *     skips duplicates; {@code @timestamp} is a timestamp truncated to milliseconds; {@code @version} is "1";
 *     cancel and uncancel.</li>
 * </ul>
 */
public final class TestEvent implements Event {
    public static final String TIMESTAMP = "@timestamp";
    public static final String TAGS = "tags";
    public static final String VERSION = "@version";
    private static final Pattern SPRINTF = Pattern.compile("%\\{([^}]+)\\}");

    private ConvertedMap data = new ConvertedMap();
    private ConvertedMap metadata = new ConvertedMap();
    private boolean cancelled;

    public TestEvent() {
        data.putInterned(VERSION, "1");
        setTimestamp(Instant.now());
    }

    /**
     * Like {@code new org.logstash.Event(map)} (what EventFactory#newEvent does): keys are top-level names as
     * written, {@code @metadata} is split off, bad {@code tags} move to {@code _tags} with
     * {@code _tagsparsefailure}, a {@code @timestamp} string is parsed ({@code _timestampparsefailure} if not).
     */
    public TestEvent(Map<? extends Serializable, Object> fields) {
        data = ConvertedMap.from(fields);
        if (!data.containsKey(VERSION)) data.putInterned(VERSION, "1");
        Object meta = data.remove(FieldRef.METADATA);
        if (meta instanceof ConvertedMap m) metadata = m;
        Object tags = data.get(TAGS);
        if (!Values.isLegalTags(tags)) {
            data.remove(TAGS);
            data.put("_tags", tags);
            tag("_tagsparsefailure");
        }
        Object given = data.get(TIMESTAMP);
        if (given == null || given == Ruby.NIL) {
            setTimestamp(Instant.now());
        } else if (given instanceof Ruby.Time) {
            // kept
        } else {
            try {
                data.putInterned(TIMESTAMP, new Ruby.Time(new Timestamp(Instant.parse(given.toString()))));
            } catch (RuntimeException unparseable) {
                setTimestamp(Instant.now());
                tag("_timestampparsefailure");
                data.put("_@timestamp", given);
            }
        }
    }

    /** An event with {@code message} set, as a line-oriented input makes. */
    public static TestEvent line(String message) {
        TestEvent e = new TestEvent();
        e.setField("message", message);
        return e;
    }

    private void setTimestamp(Instant t) {
        data.putInterned(TIMESTAMP, new Ruby.Time(new Timestamp(t.truncatedTo(ChronoUnit.MILLIS))));
    }

    @Override
    public ConvertedMap getData() {
        return data;
    }

    @Override
    public ConvertedMap getMetadata() {
        return metadata;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public void uncancel() {
        cancelled = false;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public Instant getEventTimestamp() {
        return data.get(TIMESTAMP) instanceof Ruby.Time t ? t.timestamp().instant() : null;
    }

    @Override
    public void setEventTimestamp(Instant t) {
        setTimestamp(t == null ? Instant.now() : Instant.ofEpochMilli(t.toEpochMilli())); // Logstash keeps ms only
    }

    @Override
    public Object getField(String reference) {
        Object stored = getUnconvertedField(reference);
        return stored == null ? null : Values.javafy(stored);
    }

    @Override
    public Object getUnconvertedField(String reference) {
        FieldRef ref = FieldRef.parse(reference);
        if (ref.isMetadataRoot()) return metadata;
        Object parent = parent(ref);
        return parent == null ? null : fetch(parent, ref.key());
    }

    @Override
    public void setField(String reference, Object value) {
        FieldRef ref = FieldRef.parse(reference);
        boolean data = !ref.metadata();
        if (data && ((ref.path().isEmpty() && ref.key() == TAGS && !Values.isLegalTags(value))
                || (!ref.path().isEmpty() && ref.path().get(0) == TAGS))) {
            throw new Values.InvalidTagsTypeException(value);
        }
        if (ref.isMetadataRoot()) {
            metadata = ConvertedMap.from((Map<?, ?>) value);
            return;
        }
        Object converted = Values.convert(value);
        if (data && ref.path().isEmpty() && ref.key() == TIMESTAMP && !(converted instanceof Ruby.Time)) {
            // org.logstash.Event#getTimestamp casts @timestamp: anything else breaks the event later
            throw new IllegalArgumentException("@timestamp must be a timestamp, got " + value);
        }
        setChild(createTarget(ref), ref.key(), converted);
    }

    @Override
    public boolean includes(String field) {
        FieldRef ref = FieldRef.parse(field);
        if (ref.isMetadataRoot()) return true;
        Object parent = parent(ref);
        if (parent instanceof ConvertedMap map) return map.containsKey(ref.key());
        return parent instanceof ConvertedList list && fetch(list, ref.key()) != null;
    }

    /** A deep copy of the data, Ruby values kept, like Cloner.deep. */
    @Override
    public Map<String, Object> toMap() {
        return (ConvertedMap) copy(data);
    }

    /** The event's data as plain Java values (what getField returns for each top-level key), for assertions. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> javaMap(Event e) {
        return (Map<String, Object>) Values.javafy(e.getData());
    }

    /** Like Event#overwrite: takes the other event's data (not a copy) and its cancel state. */
    @Override
    public Event overwrite(Event e) {
        if (!(e instanceof TestEvent other)) return e;
        data = other.data;
        cancelled = other.cancelled;
        if (!(data.get(TIMESTAMP) instanceof Ruby.Time)) setTimestamp(Instant.now());
        return this;
    }

    /** Like Event#append (Util.mapMerge): maps merged, differing scalars joined into a list. */
    @Override
    public Event append(Event e) {
        if (e instanceof TestEvent other) merge(data, other.data);
        return this;
    }

    @Override
    public Object remove(String path) {
        FieldRef ref = FieldRef.parse(path);
        if (ref.isMetadataRoot()) {
            Object old = Values.javafy(metadata);
            metadata = new ConvertedMap();
            return old;
        }
        Object parent = parent(ref);
        if (parent instanceof ConvertedMap map) return map.remove(ref.key());
        if (parent instanceof ConvertedList list) {
            try {
                return list.remove(index(ref.key(), list.size()));
            } catch (IndexOutOfBoundsException | NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Field references ({@code %{[a][b]}}, {@code %{message}}); a missing field stays as written, like Logstash. */
    @Override
    public String sprintf(String s) {
        Matcher m = SPRINTF.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            Object v = m.group(1).startsWith("+") ? null : getField(m.group(1));
            m.appendReplacement(b, Matcher.quoteReplacement(v == null ? m.group() : String.valueOf(v)));
        }
        m.appendTail(b);
        return b.toString();
    }

    @Override
    public Event clone() {
        TestEvent c = new TestEvent();
        c.data = (ConvertedMap) copy(data);
        c.metadata = (ConvertedMap) copy(metadata);
        return c;
    }

    @Override
    public String toString() {
        Object host = getField("host");
        Object message = getField("message");
        return getEventTimestamp() + " " + (host == null ? "%{host}" : host) + " "
                + (message == null ? "%{message}" : message);
    }

    /** Like org.logstash.Event#tag: reads the tags back as Java, adds the tag once, stores the list again. */
    @Override
    public void tag(String tag) {
        Object tags = getField(TAGS);
        if (tags == null) {
            ConvertedList list = new ConvertedList(1);
            list.add(new Ruby.Str(tag));
            data.putInterned(TAGS, list);
            return;
        }
        List<Object> list = tags instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(List.of(tags));
        if (!list.contains(tag)) {
            list.add(tag);
            setField(TAGS, list);
        }
    }

    private Object parent(FieldRef ref) {
        Object target = ref.metadata() ? metadata : data;
        for (String segment : ref.path()) {
            target = fetch(target, segment);
            if (!(target instanceof ConvertedMap || target instanceof ConvertedList)) return null;
        }
        return target;
    }

    /** Like Accessors#findCreateTarget: walks the path, creating maps where nothing is. */
    private Object createTarget(FieldRef ref) {
        Object target = ref.metadata() ? metadata : data;
        for (String segment : ref.path()) {
            Object child = fetch(target, segment);
            if (child == null) {
                child = new ConvertedMap(1);
                setChild(target, segment, child);
            }
            target = child;
        }
        return target;
    }

    /** Like Accessors#fetch: a scalar in the middle of a path is a ClassCastException. */
    private static Object fetch(Object target, String key) {
        if (target instanceof ConvertedMap map) return map.get(key);
        ConvertedList list = (ConvertedList) target;
        try {
            return list.get(index(key, list.size()));
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            return null;
        }
    }

    private static void setChild(Object target, String key, Object value) {
        if (target instanceof ConvertedMap map) {
            map.putInterned(key, value);
        } else if (target instanceof ConvertedList list) {
            int i;
            try {
                i = Integer.parseInt(key);
            } catch (NumberFormatException notAnIndex) {
                return; // Logstash ignores it
            }
            if (i >= list.size()) {
                while (list.size() < i) list.add(null);
                list.add(value);
            } else {
                list.set(index(key, list.size()), value);
            }
        } else {
            throw new InvalidFieldSetException(target, key, value);
        }
    }

    private static int index(String key, int size) {
        int i = Integer.parseInt(key);
        return i < 0 ? size + i : i;
    }

    /** Logstash's error for {@code [foo][bar] = x} when {@code [foo]} is neither a map nor a list. */
    public static final class InvalidFieldSetException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidFieldSetException(Object target, String key, Object value) {
            super(String.format("Could not set field '%s' on object '%s' to value '%s'.This is probably due to trying"
                    + " to set a field like [foo][bar] = someValue when [foo] is not either a map or a string",
                    key, target, value));
        }
    }

    private static Object copy(Object v) {
        if (v instanceof ConvertedMap m) {
            ConvertedMap c = new ConvertedMap(m.size());
            m.forEach((k, x) -> c.putInterned(k, copy(x)));
            return c;
        }
        if (v instanceof ConvertedList l) {
            ConvertedList c = new ConvertedList(l.size());
            for (Object x : l) c.add(copy(x));
            return c;
        }
        return v; // Ruby scalars are immutable here
    }

    private static void merge(ConvertedMap into, ConvertedMap from) {
        from.forEach((k, v) -> {
            Object old = into.get(k);
            if (old == null) {
                into.putInterned(k, copy(v));
            } else if (old instanceof ConvertedMap o && v instanceof ConvertedMap m) {
                merge(o, m);
            } else if (!Objects.equals(old, v)) {
                ConvertedList list = new ConvertedList(2);
                if (old instanceof ConvertedList l) list.addAll(l);
                else list.add(old);
                for (Object x : v instanceof ConvertedList l ? l : List.of(v)) if (!list.contains(x)) list.add(x);
                into.putInterned(k, list);
            }
        });
    }
}
