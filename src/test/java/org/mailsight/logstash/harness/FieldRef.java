package org.mailsight.logstash.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A field reference as org.logstash.FieldReference parses it (strict mode, the only one since Logstash 8): a name
 * without brackets is one top-level key as written ({@code source.ip}, even the empty name); otherwise only
 * bracketed segments ({@code [source][ip]}, embedded {@code [[a][b]]} flattened). {@code a[b]}, {@code [a]b},
 * {@code []}, {@code [a} and {@code a]} are illegal. Segments are interned, as Logstash interns them, so they
 * find the keys of a {@link ConvertedMap}. Parsed references are cached (up to 10,000), as in Logstash.
 */
public record FieldRef(List<String> path, String key, boolean metadata) {
    public static final String METADATA = "@metadata";
    private static final Map<String, FieldRef> CACHE = new ConcurrentHashMap<>();

    /** Thrown for a reference Logstash's strict parser rejects: {@code Invalid FieldReference: `a[b]`}. */
    public static final class IllegalSyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IllegalSyntaxException(String reference) {
            super("Invalid FieldReference: `" + reference + "`");
        }
    }

    public static FieldRef parse(String reference) {
        FieldRef ref = CACHE.get(reference);
        if (ref == null) {
            ref = of(tokens(reference));
            if (CACHE.size() < 10_000) CACHE.put(reference, ref);
        }
        return ref;
    }

    private static List<String> tokens(String s) {
        List<String> path = new ArrayList<>();
        if (s.indexOf('[') < 0 && s.indexOf(']') < 0) {
            path.add(s);
            return path;
        }
        int depth = 0;
        int start = 0; // where the current segment starts
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                if (start != i) throw new IllegalSyntaxException(s); // text before a bracket: a[b], [a]b[c]
                depth++;
                start = i + 1;
            } else if (c == ']') {
                if (depth == 0) throw new IllegalSyntaxException(s);
                boolean closesEmbedded = i > 0 && s.charAt(i - 1) == ']';
                if (start == i && !closesEmbedded) throw new IllegalSyntaxException(s); // []
                if (start < i) path.add(s.substring(start, i));
                depth--;
                start = i + 1;
            } else if (i > 0 && s.charAt(i - 1) == ']') {
                throw new IllegalSyntaxException(s); // text after a bracket: [a]b
            }
        }
        if (depth > 0) throw new IllegalSyntaxException(s);
        return path;
    }

    private static FieldRef of(List<String> tokens) {
        tokens.replaceAll(ConvertedMap::intern);
        String key = tokens.remove(tokens.size() - 1);
        if (tokens.isEmpty() && key.equals(METADATA)) return new FieldRef(List.of(), null, true);
        if (!tokens.isEmpty() && tokens.get(0).equals(METADATA)) {
            return new FieldRef(List.copyOf(tokens.subList(1, tokens.size())), key, true);
        }
        return new FieldRef(List.copyOf(tokens), key, false);
    }

    /** True for {@code [@metadata]} itself. */
    public boolean isMetadataRoot() {
        return metadata && key == null;
    }
}
