package org.mailsight.detect;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entities one rule tracks, at most {@code cap}: the least recently seen is evicted first (counted), and an
 * entity whose window and throttle have passed is dropped when {@link #expire} sweeps.
 */
final class Tracker {
    private final int cap;
    private final long keepMillis;
    private long evicted;
    private long expired;
    private final LinkedHashMap<String, Track> map;

    Tracker(int cap, long keepMillis) {
        this.cap = cap;
        this.keepMillis = keepMillis;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Track> eldest) {
                if (size() <= Tracker.this.cap) return false;
                evicted++;
                return true;
            }
        };
    }

    Track get(String key) {
        Track t = map.get(key);
        if (t == null) {
            t = new Track();
            map.put(key, t);
        }
        return t;
    }

    Track peek(String key) {
        return map.get(key);
    }

    /** Drops entities with nothing in their window or throttle any more, as of log time {@code now}. */
    void expire(long now, long throttleMillis) {
        Iterator<Track> it = map.values().iterator();
        while (it.hasNext()) {
            Track t = it.next();
            long until = Math.max(t.last + keepMillis, t.lastAlert == Long.MIN_VALUE ? Long.MIN_VALUE : t.lastAlert + throttleMillis);
            if (until >= now) break; // least recently seen first: the rest are newer
            it.remove();
            expired++;
        }
    }

    int size() { return map.size(); }
    long evicted() { return evicted; }
    long expired() { return expired; }
}
