package org.mailsight.event;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One ECS-shaped event: dotted field path to value, in insertion order.
 * Values are String, Long, Double, Boolean or List (the types Logstash and JSON accept).
 * Keys are compared by identity, for speed: use the constants of {@link Fields} or interned strings.
 */
public final class MailEvent {
    private Object[] slots = new Object[64]; // key, value, key, value, ...
    private int size;
    private long seenLow;  // a 128-bit filter of key hashes: a clear bit means the key is absent
    private long seenHigh;
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
            slots[2 * i + 1] = value;
            return this;
        }
        assert noEqualKey(key) : "field key must be a constant or interned: " + key;
        int bit = bit(key);
        if (bit < 64) seenLow |= 1L << bit;
        else seenHigh |= 1L << (bit - 64);
        if (2 * size == slots.length) slots = java.util.Arrays.copyOf(slots, slots.length * 2);
        slots[2 * size] = key;
        slots[2 * size + 1] = value;
        size++;
        return this;
    }

    public MailEvent put(String key, long value) {
        return put(key, Long.valueOf(value));
    }

    /** Appends a value to a list field, creating it; duplicates and nulls are skipped ("" is kept: the null sender). */
    @SuppressWarnings("unchecked")
    public MailEvent add(String key, String value) {
        if (value == null) return this;
        int i = indexOf(key);
        if (i < 0) return put(key, List.of(value)); // most lists hold one value; copied when a second comes
        List<Object> list = (List<Object>) slots[2 * i + 1];
        if (list.contains(value)) return this;
        if (!(list instanceof ArrayList)) {
            list = new ArrayList<>(list);
            slots[2 * i + 1] = list;
        }
        list.add(value);
        return this;
    }

    public Object get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : slots[2 * i + 1];
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
        Object old = slots[2 * i + 1];
        System.arraycopy(slots, 2 * i + 2, slots, 2 * i, 2 * (size - i - 1));
        size--;
        slots[2 * size] = null;
        slots[2 * size + 1] = null;
        return old;
    }

    public int size() { return size; }

    public void forEach(BiConsumer<String, Object> action) {
        for (int i = 0; i < size; i++) action.accept((String) slots[2 * i], slots[2 * i + 1]);
    }

    public String keyAt(int i) { return (String) slots[2 * i]; }
    public Object valueAt(int i) { return slots[2 * i + 1]; }

    private int indexOf(String key) {
        int bit = bit(key);
        if (((bit < 64 ? seenLow >>> bit : seenHigh >>> (bit - 64)) & 1L) == 0) return -1;
        for (int i = 0; i < size; i++) if (slots[2 * i] == key) return i;
        return -1;
    }

    private static int bit(String key) {
        return (key.hashCode() * 0x9E3779B9) >>> 25;
    }

    private boolean noEqualKey(String key) {
        for (int i = 0; i < size; i++) if (slots[2 * i].equals(key)) return false;
        return true;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            if (i > 0) b.append(", ");
            b.append(slots[2 * i]).append('=').append(slots[2 * i + 1]);
        }
        return b.append('}').toString();
    }
}
