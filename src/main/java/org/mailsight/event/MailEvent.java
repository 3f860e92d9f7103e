package org.mailsight.event;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One ECS-shaped event: dotted field path to value, in insertion order.
 * Values are String, Long, Double, Boolean or List (the types Logstash and JSON accept).
 * Keys are compared by identity, for speed: use the constants of {@link Fields} or interned strings.
 * The ECS categorization ({@code event.kind}, {@code event.category}, {@code event.type}, {@code event.outcome})
 * is held apart from the other fields (it follows from {@code event.action}) and listed after them.
 */
public final class MailEvent implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private Object[] slots = new Object[56]; // key, value, ...: room for 28 fields, what nearly every line needs
    private int size;
    private String kind;
    private Object category;
    private Object type;
    private Object outcome;
    private transient byte[] index = new byte[64]; // open addressing on the key's hash: slot + 1, 0 for empty
    private long epochSecond;
    private int nanos;
    private boolean hasTimestamp;

    /** Saved state read back (a restart): keys are compared by identity, so they become the interned constants. */
    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        for (int i = 0; i < size; i++) slots[2 * i] = ((String) slots[2 * i]).intern();
        index = new byte[64]; // transient: made anew
        reindex();
    }

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
        if (ecsKey(key)) {
            setEcs(key, value);
            return this;
        }
        int i = indexOf(key);
        if (i >= 0) {
            slots[2 * i + 1] = value;
            return this;
        }
        assert noEqualKey(key) : "field key must be a constant or interned: " + key;
        if (2 * size == slots.length) slots = java.util.Arrays.copyOf(slots, slots.length + 16);
        slots[2 * size] = key;
        slots[2 * size + 1] = value;
        size++;
        if (2 * size > index.length || size > 127) reindex();
        else link(key, size);
        return this;
    }

    /** Sets a field only when the event has none yet (enrichment never overwrites what a line said). */
    public MailEvent putIfAbsent(String key, Object value) {
        if (value != null && !has(key)) put(key, value);
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
        if (ecsKey(key)) return getEcs(key);
        int i = indexOf(key);
        return i < 0 ? null : slots[2 * i + 1];
    }

    public String getString(String key) {
        Object v = get(key);
        return v == null ? null : v.toString();
    }

    public boolean has(String key) {
        return ecsKey(key) ? getEcs(key) != null : indexOf(key) >= 0;
    }

    public Object remove(String key) {
        if (ecsKey(key)) {
            Object old = getEcs(key);
            setEcs(key, null);
            return old;
        }
        int i = indexOf(key);
        if (i < 0) return null;
        Object old = slots[2 * i + 1];
        System.arraycopy(slots, 2 * i + 2, slots, 2 * i, 2 * (size - i - 1));
        size--;
        slots[2 * size] = null;
        slots[2 * size + 1] = null;
        reindex();
        return old;
    }

    /** Sets the ECS categorization an action implies (null values leave a field unset). */
    void categorize(String kind, Object category, Object type, Object outcome) {
        this.kind = kind;
        this.category = category;
        this.type = type;
        this.outcome = outcome;
    }

    private static final String[] ECS = {Fields.EVENT_KIND, Fields.EVENT_CATEGORY, Fields.EVENT_TYPE, Fields.EVENT_OUTCOME};

    private static boolean ecsKey(String key) {
        return key == Fields.EVENT_KIND || key == Fields.EVENT_CATEGORY || key == Fields.EVENT_TYPE
                || key == Fields.EVENT_OUTCOME;
    }

    private Object getEcs(String key) {
        if (key == Fields.EVENT_KIND) return kind;
        if (key == Fields.EVENT_CATEGORY) return category;
        if (key == Fields.EVENT_TYPE) return type;
        return outcome;
    }

    private void setEcs(String key, Object value) {
        if (key == Fields.EVENT_KIND) kind = (String) value;
        else if (key == Fields.EVENT_CATEGORY) category = value;
        else if (key == Fields.EVENT_TYPE) type = value;
        else outcome = value;
    }

    /** Number of fields, the categorization included. */
    public int size() {
        return size + (kind != null ? 1 : 0) + (category != null ? 1 : 0) + (type != null ? 1 : 0)
                + (outcome != null ? 1 : 0);
    }

    public void forEach(BiConsumer<String, Object> action) {
        for (int i = 0, n = size(); i < n; i++) action.accept(keyAt(i), valueAt(i));
    }

    public String keyAt(int i) {
        return i < size ? (String) slots[2 * i] : ECS[ecsIndex(i - size)];
    }

    public Object valueAt(int i) {
        return i < size ? slots[2 * i + 1] : getEcs(ECS[ecsIndex(i - size)]);
    }

    /** The index in ECS of the n-th categorization field that is set. */
    private int ecsIndex(int n) {
        for (int k = 0; k < ECS.length; k++) {
            if (getEcs(ECS[k]) != null && n-- == 0) return k;
        }
        throw new IndexOutOfBoundsException();
    }

    private int indexOf(String key) {
        if (size > 127) { // past what a byte indexes: the plain scan
            for (int i = 0; i < size; i++) if (slots[2 * i] == key) return i;
            return -1;
        }
        byte[] t = index;
        int mask = t.length - 1;
        for (int h = hash(key) & mask; ; h = (h + 1) & mask) {
            int at = t[h];
            if (at == 0) return -1;
            if (slots[2 * (at - 1)] == key) return at - 1;
        }
    }

    /** Records that the key is in slot (at - 1). */
    private void link(String key, int at) {
        byte[] t = index;
        int mask = t.length - 1;
        int h = hash(key) & mask;
        while (t[h] != 0) h = (h + 1) & mask;
        t[h] = (byte) at;
    }

    /** Builds the index anew (after a removal, or grown to keep it at most half full). */
    private void reindex() {
        if (size > 127) return;
        int n = index.length;
        while (2 * size > n) n *= 2;
        index = new byte[n];
        for (int i = 0; i < size; i++) link((String) slots[2 * i], i + 1);
    }

    private static int hash(String key) {
        return (key.hashCode() * 0x9E3779B9) >>> 16;
    }

    private boolean noEqualKey(String key) {
        for (int i = 0; i < size; i++) if (slots[2 * i].equals(key)) return false;
        return true;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0, n = size(); i < n; i++) {
            if (i > 0) b.append(", ");
            b.append(keyAt(i)).append('=').append(valueAt(i));
        }
        return b.append('}').toString();
    }
}
