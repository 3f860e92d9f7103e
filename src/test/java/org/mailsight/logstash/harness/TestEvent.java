package org.mailsight.logstash.harness;

import co.elastic.logstash.api.Event;
import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@link Event} that behaves like org.logstash.Event for what a Java filter can observe: field references
 * ({@code [source][ip]}, top-level {@code message}, {@code [@metadata][x]}), Logstash's value conversion
 * ({@link Values}: Integer becomes Long, Instant or Set throw), the reserved {@code tags} and {@code @timestamp}
 * fields, {@code setEventTimestamp} truncating to milliseconds, setting through a non-map failing, and
 * cancellation.
 */
public final class TestEvent implements Event {
    public static final String TIMESTAMP = "@timestamp";
    public static final String TAGS = "tags";
    private static final Pattern SPRINTF = Pattern.compile("%\\{([^}]+)\\}");

    private Map<String, Object> data = new LinkedHashMap<>();
    private Map<String, Object> metadata = new LinkedHashMap<>();
    private boolean cancelled;

    public TestEvent() {
        data.put(TIMESTAMP, new Timestamp(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
    }

    /** Like {@code new org.logstash.Event(map)}: a {@code @timestamp} String is parsed, tags are checked. */
    public TestEvent(Map<? extends Serializable, Object> fields) {
        this();
        for (Map.Entry<? extends Serializable, Object> e : fields.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            if (key.equals(TIMESTAMP)) {
                data.put(TIMESTAMP, v instanceof String s ? new Timestamp(Instant.parse(s)) : Values.convert(v));
            } else if (key.equals(FieldRef.METADATA)) {
                metadata = asMap(Values.convert(v));
            } else if (key.equals(TAGS)) {
                try {
                    Values.checkTags(v);
                    data.put(TAGS, Values.convert(v));
                } catch (Values.InvalidTagsTypeException bad) {
                    data.put("_tags", Values.convert(v)); // Logstash moves bad tags aside and says so
                    tag("_tagsparsefailure");
                }
            } else {
                data.put(key, Values.convert(v));
            }
        }
    }

    /** An event with {@code message} set, as a line-oriented input makes. */
    public static TestEvent line(String message) {
        TestEvent e = new TestEvent();
        e.setField("message", message);
        return e;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object v) {
        if (v instanceof Map) return (Map<String, Object>) v;
        throw new IllegalArgumentException("@metadata must be a map, got " + v);
    }

    @Override
    public Map<String, Object> getData() {
        return data;
    }

    @Override
    public Map<String, Object> getMetadata() {
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
        return data.get(TIMESTAMP) instanceof Timestamp t ? t.instant() : null;
    }

    @Override
    public void setEventTimestamp(Instant t) {
        data.put(TIMESTAMP, new Timestamp(Instant.ofEpochMilli(t.toEpochMilli()))); // Logstash keeps ms only
    }

    @Override
    public Object getField(String reference) {
        return Values.javafy(getUnconvertedField(reference));
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
        if (ref.isMetadataRoot()) {
            metadata = asMap(Values.convert(value));
            return;
        }
        boolean topLevel = !ref.metadata() && ref.path().isEmpty();
        if (topLevel && ref.key().equals(TAGS)) Values.checkTags(value);
        if (topLevel && ref.key().equals(TIMESTAMP) && !(Values.convert(value) instanceof Timestamp)) {
            // org.logstash.Event#getTimestamp casts @timestamp: anything else breaks the event later
            throw new IllegalArgumentException("@timestamp must be a timestamp, got " + value.getClass().getName());
        }
        Object converted = Values.convert(value);
        Object target = ref.metadata() ? metadata : data;
        for (String segment : ref.path()) {
            Object child = fetch(target, segment);
            if (child == null) {
                child = new LinkedHashMap<String, Object>();
                setChild(target, segment, child);
            }
            target = child;
        }
        setChild(target, ref.key(), converted);
    }

    @Override
    public boolean includes(String field) {
        FieldRef ref = FieldRef.parse(field);
        if (ref.isMetadataRoot()) return true;
        Object parent = parent(ref);
        if (parent instanceof Map<?, ?> map) return map.containsKey(ref.key());
        return parent instanceof List<?> && fetch(parent, ref.key()) != null;
    }

    @Override
    public Map<String, Object> toMap() {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) Values.javafy(data);
        return copy;
    }

    @Override
    public Event overwrite(Event e) {
        data = new LinkedHashMap<>(deepCopy(e.getData()));
        metadata = new LinkedHashMap<>(deepCopy(e.getMetadata()));
        return this;
    }

    @Override
    public Event append(Event e) {
        merge(data, e.getData());
        return this;
    }

    @Override
    public Object remove(String path) {
        FieldRef ref = FieldRef.parse(path);
        Object parent = parent(ref);
        if (parent instanceof Map<?, ?> map) return Values.javafy(map.remove(ref.key()));
        if (parent instanceof List<?> list) {
            try {
                return Values.javafy(list.remove(index(ref.key(), list.size())));
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
        c.data = deepCopy(data);
        c.metadata = deepCopy(metadata);
        return c;
    }

    @Override
    public String toString() {
        return data.toString();
    }

    /** Adds a tag once, turning a single-string {@code tags} into a list, as org.logstash.Event#tag does. */
    @Override
    public void tag(String tag) {
        Object tags = data.get(TAGS);
        if (tags == null) {
            List<Object> list = new ArrayList<>();
            list.add(tag);
            data.put(TAGS, list);
        } else if (tags instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) list;
            if (!l.contains(tag)) l.add(tag);
        } else if (!tags.equals(tag)) {
            List<Object> list = new ArrayList<>();
            list.add(tags);
            list.add(tag);
            data.put(TAGS, list);
        }
    }

    private Object parent(FieldRef ref) {
        Object target = ref.metadata() ? metadata : data;
        for (String segment : ref.path()) {
            target = fetch(target, segment);
            if (!(target instanceof Map || target instanceof List)) return null;
        }
        return target;
    }

    /** Like org.logstash.Accessors#fetch: a scalar in the middle of a path is a ClassCastException. */
    private static Object fetch(Object target, String key) {
        if (target instanceof Map<?, ?> map) return map.get(key);
        List<?> list = (List<?>) target;
        try {
            return list.get(index(key, list.size()));
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static void setChild(Object target, String key, Object value) {
        if (target instanceof Map) {
            ((Map<String, Object>) target).put(key, value);
        } else if (target instanceof List) {
            List<Object> list = (List<Object>) target;
            int i = Integer.parseInt(key);
            while (list.size() < i) list.add(null);
            if (i < list.size()) list.set(index(key, list.size()), value);
            else list.add(value);
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
            super(String.format("Could not set field '%s' on object '%s' to value '%s'.", key, target, value));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put(k, v instanceof Map ? deepCopy((Map<String, Object>) v)
                : v instanceof List ? new ArrayList<>((List<Object>) Values.javafy(v)) : v));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> from) {
        from.forEach((k, v) -> {
            Object old = into.get(k);
            if (old == null) {
                into.put(k, v instanceof Map ? deepCopy((Map<String, Object>) v) : Values.javafy(v));
            } else if (old instanceof Map && v instanceof Map) {
                merge((Map<String, Object>) old, (Map<String, Object>) v);
            } else if (!Objects.equals(old, v)) {
                List<Object> list = old instanceof List ? (List<Object>) old : new ArrayList<>(List.of(old));
                for (Object x : v instanceof List ? (List<Object>) v : List.of(v)) if (!list.contains(x)) list.add(x);
                into.put(k, list);
            }
        });
    }
}
