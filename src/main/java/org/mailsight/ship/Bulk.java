package org.mailsight.ship;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;

/**
 * Bulk {@code create}s through the official client's {@link BulkIngester} (flushes on count, bytes and time).
 * At most {@code capacity} documents are unacknowledged at once: {@link #submit} blocks beyond that, so reading
 * pauses and nothing is dropped. A failed request, a 429 or a 5xx is retried after an exponential backoff with
 * jitter, as long as it takes; a 409 is a duplicate avoided (the id exists: a retry after a crash); any other
 * per-document error (a mapping rejection) goes to the dead-letter file with its line, once.
 */
final class Bulk implements AutoCloseable {
    static final long BASE_DELAY_MS = 250;
    static final long MAX_DELAY_MS = 30_000;

    final AtomicLong indexed = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicReference<String> lastProblem = new AtomicReference<>();

    private final BulkIngester<Doc> ingester;
    private final Semaphore room;
    private final int capacity;
    private final DeadLetters deadLetters;
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mailsight-ship-retry");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentSkipListMap<Long, Long> unacked = new ConcurrentSkipListMap<>(); // seq -> read time
    private final java.util.Map<Doc, Long> seqOf = new java.util.concurrent.ConcurrentHashMap<>();

    Bulk(ElasticsearchClient client, int capacity, int batchDocs, long batchBytes, Duration flush, DeadLetters deadLetters) {
        this.capacity = capacity;
        this.room = new Semaphore(capacity);
        this.deadLetters = deadLetters;
        this.ingester = BulkIngester.of(b -> b.client(client)
                .maxOperations(batchDocs)
                .maxSize(batchBytes)
                .maxConcurrentRequests(2)
                .flushInterval(flush.toMillis(), TimeUnit.MILLISECONDS)
                .listener(new Listener()));
    }

    /** Queues one document; blocks while {@code capacity} documents are unacknowledged. */
    void submit(Doc d) throws InterruptedException {
        room.acquire();
        long seq = sequence.incrementAndGet();
        unacked.put(seq, d.readNanos);
        seqOf.put(d, seq);
        if (d.source != null) d.source.sent(d.start);
        ingester.add(operation(d), d);
    }

    private static BulkOperation operation(Doc d) {
        return BulkOperation.of(o -> o.create(c -> c.index(d.index).id(d.id).document(d.body)));
    }

    /** Documents read but not acknowledged (the queue's depth). */
    int queued() {
        return capacity - room.availablePermits();
    }

    /** Seconds the oldest unacknowledged document has waited since it was read. */
    double lagSeconds() {
        var first = unacked.firstEntry();
        return first == null ? 0 : (System.nanoTime() - first.getValue()) / 1e9;
    }

    /** Sends what is buffered and waits until every document is acknowledged or dead-lettered, up to {@code max}. */
    boolean drain(Duration max) throws InterruptedException {
        ingester.flush();
        long deadline = System.nanoTime() + max.toNanos();
        while (queued() > 0) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(50);
            ingester.flush();
        }
        return true;
    }

    private void done(Doc d) {
        Long seq = seqOf.remove(d);
        if (seq != null) unacked.remove(seq);
        if (d.source != null) d.source.acked(d.start);
        room.release();
    }

    private void again(List<Doc> docs, String why) {
        int attempts = 0;
        for (Doc d : docs) attempts = Math.max(attempts, ++d.attempts);
        long ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS << Math.min(attempts, 10));
        long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1); // jitter: half to all of it
        retries.addAndGet(docs.size());
        lastProblem.set(why);
        retry.schedule(() -> {
            for (Doc d : docs) ingester.add(operation(d), d);
        }, delay, TimeUnit.MILLISECONDS);
    }

    private final class Listener implements BulkListener<Doc> {
        @Override
        public void beforeBulk(long executionId, BulkRequest request, List<Doc> contexts) {}

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<Doc> contexts, BulkResponse response) {
            List<Doc> retry = new ArrayList<>();
            String why = null;
            for (int i = 0; i < contexts.size(); i++) {
                Doc d = contexts.get(i);
                BulkResponseItem item = response.items().get(i);
                int status = item.status();
                if (item.error() == null) {
                    indexed.incrementAndGet();
                    done(d);
                } else if (status == 409) {
                    duplicates.incrementAndGet();
                    done(d);
                } else if (status == 429 || status >= 500) {
                    retry.add(d);
                    why = "Elasticsearch answered " + status + " (" + item.error().type() + ")";
                } else {
                    deadLetters.write(d, status, item.error().type() + ": " + item.error().reason());
                    deadLettered.incrementAndGet();
                    done(d);
                }
            }
            if (!retry.isEmpty()) again(retry, why);
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<Doc> contexts, Throwable failure) {
            Throwable t = failure;
            while (t.getCause() != null) t = t.getCause();
            again(new ArrayList<>(contexts), "bulk request failed: " + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()));
        }
    }

    @Override
    public void close() {
        retry.shutdownNow();
        ingester.close();
    }
}
