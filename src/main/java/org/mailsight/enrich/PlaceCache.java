package org.mailsight.enrich;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded map from address text to its place, safe for many threads, lock-free on a hit. Two generations: new
 * entries go to the young one; when it is full it becomes the old one and the previous old one is dropped, except
 * the entries read since (they were copied into the young one). So it holds at most {@code capacity} entries and
 * keeps what is used, which is what a stream of client addresses needs (a recency order without a lock per read).
 */
final class PlaceCache {
    private final int generation;
    private volatile ConcurrentHashMap<String, Place> young;
    private volatile ConcurrentHashMap<String, Place> old;
    private final LongAdder evicted = new LongAdder();

    PlaceCache(int capacity) {
        this.generation = Math.max(1, capacity / 2);
        this.young = new ConcurrentHashMap<>();
        this.old = new ConcurrentHashMap<>();
    }

    Place get(String ip) {
        Place p = young.get(ip);
        if (p != null) return p;
        p = old.get(ip);
        if (p != null) put(ip, p);
        return p;
    }

    void put(String ip, Place p) {
        ConcurrentHashMap<String, Place> y = young;
        y.put(ip, p);
        if (y.size() >= generation) rotate(y);
    }

    private synchronized void rotate(ConcurrentHashMap<String, Place> full) {
        if (young != full) return; // another thread rotated first
        long dropped = 0;
        for (String ip : old.keySet()) if (!full.containsKey(ip)) dropped++;
        evicted.add(dropped);
        old = full;
        young = new ConcurrentHashMap<>();
    }

    /** Entries dropped to stay within the capacity. */
    long evicted() {
        return evicted.sum();
    }

    int size() {
        ConcurrentHashMap<String, Place> o = old;
        ConcurrentHashMap<String, Place> y = young;
        int n = y.size();
        for (String ip : o.keySet()) if (!y.containsKey(ip)) n++;
        return n;
    }
}
