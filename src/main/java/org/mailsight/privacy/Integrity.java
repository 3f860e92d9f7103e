package org.mailsight.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.output.Documents;

/**
 * Tamper evidence: a hash chain per source (host and file). Each event gets {@code mail.integrity.source},
 * {@code mail.integrity.sequence} (1, 2, ... per source) and {@code mail.integrity.hash} = SHA-256 of the previous
 * event's hash and of this event's canonical form (its document with sorted keys, the hash itself left out).
 * Changing, removing, inserting or renumbering a stored event breaks the chain ({@code mailsight verify}).
 * Runs after every other stage, so the hash covers what is stored. No I/O; thread-safe.
 */
public final class Integrity implements org.mailsight.engine.StageState {
    public static final String SOURCE = "mail.integrity.source";
    public static final String SEQUENCE = "mail.integrity.sequence";
    public static final String HASH = "mail.integrity.hash";
    /** Sources followed at once; beyond it the least recently seen one starts over (counted). */
    public static final int MAX_SOURCES = 10_000;
    private static final String FILE_PATH = "log.file.path";

    private final Map<String, Chain> chains = new LinkedHashMap<>(16, 0.75f, true);
    private long evicted;

    private static final class Chain {
        long sequence;
        String hash = "";
    }

    /** Chains one event (in the order the stage sees them). */
    public void accept(MailEvent e) {
        String host = e.getString(Fields.HOST_HOSTNAME);
        String file = e.getString(FILE_PATH);
        String source = (host == null ? "-" : host) + (file == null ? "" : ":" + file);
        e.remove(HASH);
        synchronized (chains) {
            Chain c = chains.get(source);
            if (c == null) {
                if (chains.size() >= MAX_SOURCES) {
                    var oldest = chains.keySet().iterator();
                    oldest.next();
                    oldest.remove();
                    evicted++;
                }
                c = new Chain();
                chains.put(source, c);
            }
            c.sequence++;
            e.put(SOURCE, source);
            e.put(SEQUENCE, c.sequence);
            c.hash = link(c.hash, canonical(Documents.nested(e)));
            e.put(HASH, c.hash);
        }
    }

    @Override
    public String stateName() {
        return "integrity";
    }

    /** Each chain's source, last sequence and last hash: a restart goes on with the next sequence. */
    @Override
    public void writeState(java.io.ObjectOutputStream out) throws java.io.IOException {
        Map<String, List<Object>> state = new LinkedHashMap<>();
        synchronized (chains) {
            chains.forEach((source, c) -> state.put(source, List.of(c.sequence, c.hash)));
        }
        out.writeObject(state);
    }

    @Override
    public void readState(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        Map<?, ?> state = (Map<?, ?>) in.readObject();
        Map<String, Chain> read = new LinkedHashMap<>();
        for (Map.Entry<?, ?> en : state.entrySet()) {
            List<?> v = (List<?>) en.getValue();
            Chain c = new Chain();
            c.sequence = (Long) v.get(0);
            c.hash = (String) v.get(1);
            read.put((String) en.getKey(), c);
        }
        synchronized (chains) {
            chains.clear();
            chains.putAll(read);
        }
    }

    public Map<String, Long> counters() {
        synchronized (chains) {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("sources", (long) chains.size());
            m.put("sources_evicted", evicted);
            return m;
        }
    }

    /** The next hash of a chain: SHA-256 of the previous hash, a newline and the canonical document, in hex. */
    public static String link(String previous, String canonical) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this Java runtime", e);
        }
        sha.update(previous.getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) '\n');
        byte[] d = sha.digest(canonical.getBytes(StandardCharsets.UTF_8));
        StringBuilder b = new StringBuilder(64);
        for (byte x : d) b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        return b.toString();
    }

    /**
     * A document as one canonical JSON text: keys sorted at every level, whole numbers as longs, other numbers as
     * Java writes doubles, strings escaped one way, {@code mail.integrity.hash} left out. What {@code verify} reads
     * back from an export gives the same text.
     */
    @SuppressWarnings("unchecked")
    public static String canonical(Map<String, Object> doc) {
        StringBuilder b = new StringBuilder(512);
        Map<String, Object> copy = new TreeMap<>(doc);
        if (copy.get("mail") instanceof Map<?, ?> mail && mail.get("integrity") instanceof Map<?, ?> integrity) {
            Map<String, Object> m = new TreeMap<>((Map<String, Object>) mail);
            Map<String, Object> i = new TreeMap<>((Map<String, Object>) integrity);
            i.remove("hash");
            m.put("integrity", i);
            copy.put("mail", m);
        }
        write(b, copy);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        if (v instanceof Map<?, ?> map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> en : new TreeMap<Object, Object>(map).entrySet()) {
                if (!first) b.append(',');
                first = false;
                string(b, String.valueOf(en.getKey()));
                b.append(':');
                write(b, en.getValue());
            }
            b.append('}');
        } else if (v instanceof List<?> list) {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) b.append(',');
                write(b, list.get(i));
            }
            b.append(']');
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof java.math.BigInteger) {
            b.append(v);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) b.append((long) d).append(".0");
            else b.append(d);
        } else if (v instanceof Boolean) {
            b.append(v);
        } else if (v == null) {
            b.append("null");
        } else {
            string(b, v.toString());
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        b.append('"');
    }

}
