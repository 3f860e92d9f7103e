package org.mailsight.event;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One ECS-shaped event: dotted field path to value, in insertion order.
 * Values are String, Long, Double, Boolean or List (the types Logstash and JSON accept).
 * Field paths are the constants of {@link Fields}; lookups compare by identity first.
 */
public final class MailEvent {
    private String[] keys = new String[24];
    private Object[] values = new Object[24];
    private int size;
    private long epochSecond;
    private int nanos;
    private boolean hasTimestamp;

    public void timestamp(long epochSecond, int nanos) {
        this.epochSecond = epochSecond;
        this.nanos = nanos;
        this.hasTimestamp = true;
    }

    public boolean hasTimestamp() { return hasTimestamp; }
    public long epochSecond() { return epochSecond; }
    public int nanos() { return nanos; }

    /** Sets a field; a null value is ignored. */
    public MailEvent put(String key, Object value) {
        if (value == null) return this;
        int i = indexOf(key);
        if (i >= 0) {
            values[i] = value;
            return this;
        }
        if (size == keys.length) grow();
        keys[size] = key;
        values[size++] = value;
        return this;
    }

    public MailEvent put(String key, long value) {
        return put(key, Long.valueOf(value));
    }

    /** Appends a value to a list field, creating it; duplicates are skipped. */
    @SuppressWarnings("unchecked")
    public MailEvent add(String key, String value) {
        if (value == null || value.isEmpty()) return this;
        int i = indexOf(key);
        if (i < 0) {
            List<Object> list = new ArrayList<>(2);
            list.add(value);
            return put(key, list);
        }
        List<Object> list = (List<Object>) values[i];
        if (!list.contains(value)) list.add(value);
        return this;
    }

    public Object get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    public String getString(String key) {
        Object v = get(key);
        return v == null ? null : v.toString();
    }

    public boolean has(String key) {
        return indexOf(key) >= 0;
    }

    public Object remove(String key) {
        int i = indexOf(key);
        if (i < 0) return null;
        Object old = values[i];
        System.arraycopy(keys, i + 1, keys, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        keys[--size] = null;
        values[size] = null;
        return old;
    }

    public int size() { return size; }

    public void forEach(BiConsumer<String, Object> action) {
        for (int i = 0; i < size; i++) action.accept(keys[i], values[i]);
    }

    public String keyAt(int i) { return keys[i]; }
    public Object valueAt(int i) { return values[i]; }

    private int indexOf(String key) {
        for (int i = 0; i < size; i++) if (keys[i] == key) return i;
        for (int i = 0; i < size; i++) if (keys[i].equals(key)) return i;
        return -1;
    }

    private void grow() {
        keys = java.util.Arrays.copyOf(keys, size * 2);
        values = java.util.Arrays.copyOf(values, size * 2);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            if (i > 0) b.append(", ");
            b.append(keys[i]).append('=').append(values[i]);
        }
        return b.append('}').toString();
    }
}
