package org.mailsight.event;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Field names made from what a line says ({@code dovecot.<counter>}, {@code exim.field.<key>}): built once per name
 * and interned, so events compare them by identity like the constants of {@link Fields}. At most {@link #MAX} names
 * per prefix are kept, so hostile input cannot grow memory; beyond that a name is built afresh each time.
 */
public final class FieldNames {
    public static final int MAX = 1024;

    private final String prefix;
    private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();

    public FieldNames(String prefix) {
        this.prefix = prefix;
    }

    public String of(String name) {
        String full = names.get(name);
        if (full != null) return full;
        full = (prefix + name).intern();
        if (names.size() < MAX) names.putIfAbsent(name, full);
        return full;
    }
}
