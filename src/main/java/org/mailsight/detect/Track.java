package org.mailsight.detect;

/**
 * What one rule remembers about one entity: sample times (exact, sorted, in epoch milliseconds), a few keys with
 * their last time and count (distinct accounts, countries), the throttle, and a little evidence. Arrays start
 * small and grow to at most what the rule needs, so an entity seen once costs a few dozen bytes.
 */
final class Track {
    long[] times;
    int n;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long lastAlert = Long.MIN_VALUE;
    long mark = Long.MIN_VALUE; // keys older than this were already alerted on
    int suppressed;
    long unpairedMta = Long.MIN_VALUE; // a refusal logged by the MTA not yet matched by the mailbox server's line
    long unpairedStore = Long.MIN_VALUE; // and the other way round
    String[] keys;
    long[] keyTimes;
    int[] keyCounts;
    int k;
    String[] evidence; // queue and session ids, newest last
    String[] related; // the other side: client addresses of an account, accounts of an address
    double lat = Double.NaN;
    double lon;
    String place;

    static final int EVIDENCE = 8;

    /** Inserts a sample in time order, keeping at most {@code cap} (the newest). */
    void add(long t, int cap) {
        if (times == null) times = new long[Math.min(4, cap)];
        if (n == cap) {
            if (t < times[0]) return;
            System.arraycopy(times, 1, times, 0, n - 1);
            n--;
        } else if (n == times.length) {
            times = java.util.Arrays.copyOf(times, Math.min(cap, times.length * 2));
        }
        int i = n;
        while (i > 0 && times[i - 1] > t) {
            times[i] = times[i - 1];
            i--;
        }
        times[i] = t;
        n++;
        seen(t);
    }

    void seen(long t) {
        if (t < first) first = t;
        if (t > last) last = t;
    }

    /** Drops samples older than {@code before}. */
    void dropBefore(long before) {
        int i = 0;
        while (i < n && times[i] < before) i++;
        if (i > 0) {
            System.arraycopy(times, i, times, 0, n - i);
            n -= i;
        }
    }

    /** The span [from, to] of the first run of {@code need} samples within {@code window} ms, or null. */
    long[] run(int need, long window) {
        for (int i = 0; i + need - 1 < n; i++) {
            if (times[i + need - 1] - times[i] <= window) return new long[] {times[i], times[i + need - 1]};
        }
        return null;
    }

    int countBetween(long from, long to) {
        int c = 0;
        for (int i = 0; i < n; i++) if (times[i] >= from && times[i] <= to) c++;
        return c;
    }

    void clear() {
        n = 0;
    }

    /** Counts one more occurrence of a key (an account, a country) at {@code t}; keeps the {@code cap} newest keys. */
    void key(String key, long t, int cap) {
        if (keys == null) {
            keys = new String[2];
            keyTimes = new long[2];
            keyCounts = new int[2];
        }
        for (int i = 0; i < k; i++) {
            if (keys[i].equals(key)) {
                keyTimes[i] = Math.max(keyTimes[i], t);
                keyCounts[i]++;
                return;
            }
        }
        if (k == cap) {
            int oldest = 0;
            for (int i = 1; i < k; i++) if (keyTimes[i] < keyTimes[oldest]) oldest = i;
            keys[oldest] = key;
            keyTimes[oldest] = t;
            keyCounts[oldest] = 1;
            return;
        }
        if (k == keys.length) {
            int size = Math.min(cap, k * 2);
            keys = java.util.Arrays.copyOf(keys, size);
            keyTimes = java.util.Arrays.copyOf(keyTimes, size);
            keyCounts = java.util.Arrays.copyOf(keyCounts, size);
        }
        keys[k] = key;
        keyTimes[k] = t;
        keyCounts[k] = 1;
        k++;
    }

    int keyIndex(String key) {
        for (int i = 0; i < k; i++) if (keys[i].equals(key)) return i;
        return -1;
    }

    /** Keys last seen in [from, to] and after the mark. */
    int keysBetween(long from, long to) {
        int c = 0;
        for (int i = 0; i < k; i++) if (keyTimes[i] >= from && keyTimes[i] <= to && keyTimes[i] > mark) c++;
        return c;
    }

    /** The earliest key time at or after {@code from} (and after the mark). */
    long firstKey(long from) {
        long m = Long.MAX_VALUE;
        for (int i = 0; i < k; i++) if (keyTimes[i] >= from && keyTimes[i] > mark) m = Math.min(m, keyTimes[i]);
        return m == Long.MAX_VALUE ? from : m;
    }

    void evidence(String id) {
        evidence = push(evidence, id);
    }

    void related(String v) {
        related = push(related, v);
    }

    private static String[] push(String[] ring, String v) {
        if (v == null || v.isEmpty()) return ring;
        if (ring == null) return new String[] {v};
        for (String s : ring) if (s.equals(v)) return ring;
        if (ring.length < EVIDENCE) {
            String[] r = java.util.Arrays.copyOf(ring, ring.length + 1);
            r[ring.length] = v;
            return r;
        }
        System.arraycopy(ring, 1, ring, 0, ring.length - 1);
        ring[ring.length - 1] = v;
        return ring;
    }
}
