package org.mailsight.output;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mailsight.event.MailEvent;

/**
 * One JSON document per line, nested as Elasticsearch stores it ({@code a.b: 1} becomes {@code a: {b: 1}}, each
 * object where its first field was), written straight from the event as UTF-8 bytes: each dotted key is split once
 * into a plan of pre-encoded names, and no map is built per event. The bytes are those {@link Documents#nested}
 * written by Jackson gave; an event whose keys clash (a key that is also another key's parent) goes that way.
 * Not thread-safe: one writer per thread.
 */
public final class NdjsonWriter implements EventWriter {
    /** Keys planned at most (names made from hostile lines cannot grow memory); past that, the slow way. */
    static final int MAX_PLANS = 8192;
    private static final String TIMESTAMP = "@timestamp";
    private static final byte[] TIMESTAMP_NAME = "\"@timestamp\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A dotted key split once: the segments (canonical, so compared by identity), their encoded names, ids. */
    private record Plan(String key, String[] segments, byte[][] names, int id, int[] prefixIds) {
        int depth() { return segments.length; }
    }

    /**
     * The layout of events with one sequence of keys: before[i] (names, braces, commas) precedes the value of
     * field[i] (-1: the timestamp), then end. Events of one kind of line share it, so it is built once.
     */
    private record Shape(String[] keys, boolean timestamp, int hash, byte[][] before, int[] field, byte[] end) {
        boolean fits(MailEvent e, int n, int h) {
            if (hash != h || keys.length != n || timestamp != e.hasTimestamp()) return false;
            for (int i = 0; i < n; i++) if (keys[i] != e.keyAt(i)) return false;
            return true;
        }
    }

    /** Shapes kept at most; past that each new shape is built for its event and dropped. */
    static final int MAX_SHAPES = 4096;

    private final ByteSink out;
    private final boolean flushEach;
    private Plan[] table = new Plan[256]; // open addressing on the key's hash, compared by identity
    private int planned;
    private Shape[] shapes = new Shape[512]; // open addressing on the keys' hashes
    private int shaped;
    private final Map<String, String> segments = new HashMap<>(); // canonical segment strings
    private final Map<String, byte[]> names = new HashMap<>();
    private final Map<String, Integer> ids = new HashMap<>(); // every key and parent path -> a small int
    private final int timestampId;
    private int[] keyStamp = new int[64];
    private int[] parentStamp = new int[64];
    private int epoch;
    // scratch for building a shape
    private Plan[] plans = new Plan[32];
    private boolean[] done = new boolean[32];
    private int[][] groups = new int[4][32];
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
    private final List<byte[]> before = new java.util.ArrayList<>();
    private final List<Integer> fields = new java.util.ArrayList<>();

    /** A writer to a stream; it writes the stream only when its buffer fills, and on {@link #flush}. */
    public NdjsonWriter(OutputStream out) {
        this(out, false);
    }

    /** With {@code flushEach}, the stream is flushed after every event (a live tail). */
    public NdjsonWriter(OutputStream out, boolean flushEach) {
        this.out = new ByteSink(out, 1 << 16);
        this.flushEach = flushEach;
        this.timestampId = id(TIMESTAMP);
    }

    @Override
    public void write(MailEvent e) throws IOException {
        int n = e.size();
        Shape shape = shape(e, n);
        if (shape == null) {
            writeValue(Documents.nested(e)); // clashing keys: as the map would have them
        } else {
            byte[][] before = shape.before;
            int[] field = shape.field;
            for (int i = 0; i < field.length; i++) {
                out.write(before[i]);
                int f = field[i];
                if (f < 0) {
                    out.ensure(32);
                    out.write((byte) '"');
                    Timestamps.write(out, e.epochSecond(), e.nanos());
                    out.write((byte) '"');
                } else {
                    writeValue(e.valueAt(f));
                }
            }
            out.write(shape.end);
        }
        out.write((byte) '\n');
        if (flushEach) out.flush();
    }

    /** The shape of e's keys, from the cache or built; null when keys clash (or cannot be planned). */
    private Shape shape(MailEvent e, int n) {
        int h = e.hasTimestamp() ? 1 : 0;
        for (int i = 0; i < n; i++) h = 31 * h + e.keyAt(i).hashCode();
        int mask = shapes.length - 1;
        int slot = (h ^ (h >>> 16)) & mask;
        for (Shape s; (s = shapes[slot]) != null; slot = (slot + 1) & mask) {
            if (s.fits(e, n, h)) return s.field == null ? null : s;
        }
        Shape s = build(e, n, h);
        if (shaped < MAX_SHAPES) {
            shapes[slot] = s;
            if (2 * ++shaped > shapes.length) rehashShapes();
        }
        return s.field == null ? null : s;
    }

    private void rehashShapes() {
        Shape[] old = shapes;
        shapes = new Shape[old.length * 2];
        int mask = shapes.length - 1;
        for (Shape s : old) {
            if (s == null) continue;
            int i = (s.hash ^ (s.hash >>> 16)) & mask;
            while (shapes[i] != null) i = (i + 1) & mask;
            shapes[i] = s;
        }
    }

    private Shape build(MailEvent e, int n, int h) {
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) keys[i] = e.keyAt(i);
        if (plans.length < n) grow(n);
        if (!plan(e, n)) return new Shape(keys, e.hasTimestamp(), h, null, null, null);
        pending.reset();
        before.clear();
        fields.clear();
        pending.write('{');
        boolean first = true;
        if (e.hasTimestamp()) {
            pending.writeBytes(TIMESTAMP_NAME);
            value(-1);
            first = false;
        }
        int[] all = groups[0];
        for (int i = 0; i < n; i++) all[i] = i;
        members(all, n, 0, first);
        pending.write('}');
        int[] field = new int[fields.size()];
        for (int i = 0; i < field.length; i++) field[i] = fields.get(i);
        return new Shape(keys, e.hasTimestamp(), h, before.toArray(new byte[0][]), field, pending.toByteArray());
    }

    /** In a shape being built: the bytes so far precede the value of field f. */
    private void value(int f) {
        before.add(pending.toByteArray());
        fields.add(f);
        pending.reset();
    }

    /** Marks the plans of e's fields; false when the keys clash or a key could not be planned. */
    private boolean plan(MailEvent e, int n) {
        if (++epoch == 0) { // wrapped: forget old stamps
            java.util.Arrays.fill(keyStamp, 0);
            java.util.Arrays.fill(parentStamp, 0);
            epoch = 1;
        }
        if (e.hasTimestamp()) keyStamp[timestampId] = epoch;
        for (int i = 0; i < n; i++) {
            Plan p = plan(e.keyAt(i));
            if (p == null || keyStamp[p.id] == epoch) return false; // no room, or the same key twice
            keyStamp[p.id] = epoch;
            for (int id : p.prefixIds) parentStamp[id] = epoch;
            plans[i] = p;
            done[i] = false;
        }
        if (e.hasTimestamp() && parentStamp[timestampId] == epoch) return false;
        for (int i = 0; i < n; i++) if (parentStamp[plans[i].id] == epoch) return false; // a leaf is also a parent
        return true;
    }

    /** The fields of one object: members share their first {@code level} segments; each object where its first field is. */
    private void members(int[] members, int count, int level, boolean first) {
        for (int m = 0; m < count; m++) {
            int f = members[m];
            if (done[f]) continue;
            Plan p = plans[f];
            if (!first) pending.write(',');
            first = false;
            pending.writeBytes(p.names[level]);
            if (p.depth() == level + 1) {
                done[f] = true;
                value(f);
                continue;
            }
            if (groups.length <= level + 1) groups = java.util.Arrays.copyOf(groups, level + 2);
            int[] sub = groups[level + 1];
            if (sub == null || sub.length < plans.length) sub = groups[level + 1] = new int[plans.length];
            String segment = p.segments[level];
            int k = 0;
            for (int j = m; j < count; j++) {
                int g = members[j];
                if (!done[g] && plans[g].segments[level] == segment) sub[k++] = g;
            }
            pending.write('{');
            members(sub, k, level + 1, true);
            pending.write('}');
        }
    }

    /** The plan of a key, made on first sight; null when the table is full. */
    private Plan plan(String key) {
        int mask = table.length - 1;
        int h = key.hashCode();
        for (int i = (h ^ (h >>> 16)) & mask; ; i = (i + 1) & mask) {
            Plan p = table[i];
            if (p == null) break;
            if (p.key == key) return p;
        }
        if (planned >= MAX_PLANS) return null;
        Plan p = newPlan(key);
        if (2 * (planned + 1) > table.length) rehash();
        mask = table.length - 1;
        int i = (h ^ (h >>> 16)) & mask;
        while (table[i] != null) i = (i + 1) & mask;
        table[i] = p;
        planned++;
        return p;
    }

    private void rehash() {
        Plan[] old = table;
        table = new Plan[old.length * 2];
        int mask = table.length - 1;
        for (Plan p : old) {
            if (p == null) continue;
            int h = p.key.hashCode();
            int i = (h ^ (h >>> 16)) & mask;
            while (table[i] != null) i = (i + 1) & mask;
            table[i] = p;
        }
    }

    private Plan newPlan(String key) {
        List<String> parts = new java.util.ArrayList<>();
        List<Integer> ends = new java.util.ArrayList<>();
        int start = 0;
        int dot;
        while ((dot = key.indexOf('.', start)) >= 0) {
            parts.add(key.substring(start, dot));
            ends.add(dot);
            start = dot + 1;
        }
        parts.add(key.substring(start));
        String[] segs = new String[parts.size()];
        byte[][] encoded = new byte[segs.length][];
        int[] prefixIds = new int[segs.length - 1];
        for (int i = 0; i < segs.length; i++) {
            segs[i] = segments.computeIfAbsent(parts.get(i), s -> s);
            encoded[i] = names.computeIfAbsent(segs[i], NdjsonWriter::encodeName);
            if (i < prefixIds.length) prefixIds[i] = id(key.substring(0, ends.get(i)));
        }
        return new Plan(key, segs, encoded, id(key), prefixIds);
    }

    private int id(String path) {
        Integer id = ids.get(path);
        if (id != null) return id;
        int next = ids.size();
        ids.put(path, next);
        if (next >= keyStamp.length) {
            keyStamp = java.util.Arrays.copyOf(keyStamp, 2 * keyStamp.length);
            parentStamp = java.util.Arrays.copyOf(parentStamp, 2 * parentStamp.length);
        }
        return next;
    }

    private static byte[] encodeName(String segment) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        ByteSink s = new ByteSink(b, 16);
        try {
            s.jsonString(segment);
            s.write((byte) ':');
            s.drain();
        } catch (IOException impossible) {
            throw new java.io.UncheckedIOException(impossible);
        }
        return b.toByteArray();
    }

    private void grow(int n) {
        int size = Math.max(n, 2 * plans.length);
        plans = new Plan[size];
        done = new boolean[size];
        groups = new int[groups.length][size];
    }

    /** Any value a MailEvent may hold, as Jackson's generator wrote it. */
    private void writeValue(Object v) throws IOException {
        if (v == null) out.ascii("null");
        else if (v instanceof String s) out.jsonString(s);
        else if (v instanceof Long l) out.number(l);
        else if (v instanceof Integer i) out.number(i);
        else if (v instanceof Double d) {
            if (Double.isFinite(d)) out.ascii(Double.toString(d));
            else out.jsonString(Double.toString(d));
        } else if (v instanceof Boolean b) out.ascii(b ? "true" : "false");
        else if (v instanceof Map<?, ?> m) {
            out.write((byte) '{');
            boolean first = true;
            for (Map.Entry<?, ?> en : m.entrySet()) {
                if (!first) out.write((byte) ',');
                first = false;
                out.jsonString(en.getKey().toString());
                out.write((byte) ':');
                writeValue(en.getValue());
            }
            out.write((byte) '}');
        } else if (v instanceof List<?> list) {
            out.write((byte) '[');
            for (int i = 0, n = list.size(); i < n; i++) {
                if (i > 0) out.write((byte) ',');
                writeValue(list.get(i));
            }
            out.write((byte) ']');
        } else out.jsonString(v.toString());
    }

    /** Writes any value a MailEvent may hold with Jackson, for callers that build documents themselves. */
    public static void writeValue(JsonGenerator json, Object v) throws IOException {
        if (v == null) json.writeNull();
        else if (v instanceof String s) json.writeString(s);
        else if (v instanceof Long l) json.writeNumber(l);
        else if (v instanceof Integer i) json.writeNumber(i);
        else if (v instanceof Double d) json.writeNumber(d);
        else if (v instanceof Boolean b) json.writeBoolean(b);
        else if (v instanceof Map<?, ?> m) {
            json.writeStartObject();
            for (Map.Entry<?, ?> en : m.entrySet()) {
                json.writeFieldName(en.getKey().toString());
                writeValue(json, en.getValue());
            }
            json.writeEndObject();
        } else if (v instanceof List<?> list) {
            json.writeStartArray();
            for (Object o : list) writeValue(json, o);
            json.writeEndArray();
        } else json.writeString(v.toString());
    }

    @Override
    public void writeEncoded(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
