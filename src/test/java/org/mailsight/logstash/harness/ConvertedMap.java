package org.mailsight.logstash.harness;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Like org.logstash.ConvertedMap, the map behind the real event and each of its nested maps: keys are compared by
 * identity ({@link IdentityHashMap}), {@code put} interns the key first, {@code get} and {@code containsKey} find
 * only interned keys ({@code containsKey(new String("log"))} is false, as on the real event). Values are stored
 * in their Ruby form ({@link Ruby}).
 */
public final class ConvertedMap extends IdentityHashMap<String, Object> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

    public ConvertedMap() {
        super(10);
    }

    ConvertedMap(int size) {
        super(size);
    }

    /** The one instance of {@code key} used in every map, like ConvertedMap#internStringForUseAsKey. */
    static String intern(String key) {
        String cached = KEYS.get(key);
        if (cached != null) return cached;
        String interned = key.intern();
        if (KEYS.size() <= 10_000) KEYS.put(interned, interned);
        return interned;
    }

    @Override
    public Object put(String key, Object value) {
        return super.put(intern(key), value);
    }

    /** Only correct for an interned key, as in Logstash. */
    void putInterned(String key, Object value) {
        super.put(key, value);
    }

    /** Like ConvertedMap.newFromMap: keys must be Strings (else ClassCastException), values are converted. */
    static ConvertedMap from(Map<?, ?> map) {
        ConvertedMap m = new ConvertedMap(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) m.put((String) e.getKey(), Values.convert(e.getValue()));
        return m;
    }
}
