package org.mailsight.correlate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Messages in flight by the second of log time they were last seen: one bucket per second (an intrusive list, so a
 * message moves in O(1) when a line touches it) and the seconds in a heap (one entry per second, not per event), so
 * idle expiry takes only the messages that are idle instead of scanning all in flight.
 */
final class IdleWheel {
    private static final class Bucket {
        final long second;
        MessageState head;

        Bucket(long second) {
            this.second = second;
        }
    }

    private final HashMap<Long, Bucket> buckets = new HashMap<>();
    private final PriorityQueue<Long> seconds = new PriorityQueue<>();

    /** Places m by its last-seen second (a message without a time is never idle). */
    void touch(MessageState m) {
        long s = m.lastSeen();
        Bucket b = (Bucket) m.idleBucket;
        if (b != null && b.second == s) return;
        remove(m);
        if (s == Long.MIN_VALUE) return;
        b = buckets.get(s);
        if (b == null) {
            b = new Bucket(s);
            buckets.put(s, b);
            seconds.add(s);
        }
        m.idleBucket = b;
        m.idleNext = b.head;
        if (b.head != null) b.head.idlePrev = m;
        b.head = m;
    }

    /** Takes m out (it ended, was evicted or summarized). */
    void remove(MessageState m) {
        Bucket b = (Bucket) m.idleBucket;
        if (b == null) return;
        if (m.idlePrev != null) m.idlePrev.idleNext = m.idleNext;
        else b.head = m.idleNext;
        if (m.idleNext != null) m.idleNext.idlePrev = m.idlePrev;
        m.idleBucket = null;
        m.idlePrev = null;
        m.idleNext = null;
    }

    /** Takes out every message last seen before {@code horizon}, in the order they were first seen. */
    List<MessageState> expire(long horizon) {
        List<MessageState> idle = new ArrayList<>();
        while (!seconds.isEmpty() && seconds.peek() < horizon) {
            Bucket b = buckets.remove(seconds.poll());
            for (MessageState m = b.head; m != null; ) {
                MessageState next = m.idleNext;
                m.idleBucket = null;
                m.idlePrev = null;
                m.idleNext = null;
                idle.add(m);
                m = next;
            }
        }
        if (idle.size() > 1) idle.sort(Comparator.comparingLong(m -> m.created));
        return idle;
    }

    void clear() {
        buckets.clear();
        seconds.clear();
    }
}
