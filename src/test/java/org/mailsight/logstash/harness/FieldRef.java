package org.mailsight.logstash.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Logstash field reference in its strict syntax (the default since Logstash 7): a bare top-level name
 * ({@code message}, {@code source.ip} is a top-level key with a dot in it) or one or more bracketed segments
 * ({@code [source][ip]}). Anything else ({@code a[b]}, {@code [a]b}, {@code []}) is illegal, as in Logstash.
 */
public record FieldRef(List<String> path, String key, boolean metadata) {
    public static final String METADATA = "@metadata";
    private static final Map<String, FieldRef> CACHE = new ConcurrentHashMap<>();

    /** Thrown for a reference Logstash's strict parser rejects. */
    public static final class IllegalSyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IllegalSyntaxException(String message) {
            super(message);
        }
    }

    public static FieldRef parse(String reference) {
        FieldRef ref = CACHE.get(reference);
        if (ref == null) {
            ref = doParse(reference);
            if (CACHE.size() < 10_000) CACHE.put(reference, ref);
        }
        return ref;
    }

    private static FieldRef doParse(String s) {
        if (s == null || s.isEmpty()) throw new IllegalSyntaxException("Invalid FieldReference: `" + s + "`");
        List<String> segments = new ArrayList<>();
        if (s.charAt(0) != '[') {
            if (s.indexOf('[') >= 0 || s.indexOf(']') >= 0) {
                throw new IllegalSyntaxException("Invalid FieldReference: `" + s + "`");
            }
            segments.add(s);
        } else {
            int i = 0;
            while (i < s.length()) {
                if (s.charAt(i) != '[') throw new IllegalSyntaxException("Invalid FieldReference: `" + s + "`");
                int close = s.indexOf(']', i);
                if (close < 0) throw new IllegalSyntaxException("Invalid FieldReference: `" + s + "`");
                String seg = s.substring(i + 1, close);
                if (seg.isEmpty() || seg.indexOf('[') >= 0) {
                    throw new IllegalSyntaxException("Invalid FieldReference: `" + s + "`");
                }
                segments.add(seg);
                i = close + 1;
            }
        }
        boolean metadata = segments.get(0).equals(METADATA);
        if (metadata) segments.remove(0);
        if (segments.isEmpty()) return new FieldRef(List.of(), null, true);
        String key = segments.remove(segments.size() - 1);
        return new FieldRef(List.copyOf(segments), key, metadata);
    }

    /** True for {@code [@metadata]} itself. */
    public boolean isMetadataRoot() {
        return metadata && key == null;
    }
}
