package org.mailsight.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import org.mailsight.event.MailEvent;

/**
 * Posts alert events, each as the JSON document {@code parse} prints for it, to a URL. A bounded queue (when full,
 * the oldest alert is dropped and counted) feeds one sender thread; connection errors, 429 and 5xx are retried with
 * exponential backoff and jitter (at least the Retry-After the answer asks, up to 30 s), a bounded number of
 * tries; other answers are not retried. Problems are reported in
 * one sentence each to {@code err}, naming the URL without its user, password, path or query. After an alert failed
 * every try, the next ones get one try each until one passes, so an endpoint that is down costs one backoff.
 */
public final class Webhook implements AutoCloseable {
    private final URI uri;
    private final String shown;
    private final String authorization; // from the URL's user:password, or null
    private final int capacity;
    private final int tries;
    private final long backoffMillis;
    private final PrintWriter err;
    private final HttpClient client;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final Thread sender;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final NdjsonWriter encoder = new NdjsonWriter(buffer);
    private long sent;
    private long dropped;
    private long failed;
    private boolean sending; // the sender holds an alert taken from the queue
    private boolean closing;
    private volatile long deadline = Long.MAX_VALUE; // nanoTime after which no more retries
    private boolean reportedRefusal;
    private boolean down; // the last alert failed every try: one try each until one passes (sender thread only)
    private boolean reportedUnreachable;

    /**
     * @param url an http or https URL (checked by {@link #check})
     * @param capacity alerts queued at most
     * @param tries attempts per alert (at least 1)
     * @param backoffMillis the wait before the second try; doubled for each next one (with jitter)
     */
    public Webhook(String url, int capacity, int tries, long backoffMillis, PrintWriter err) {
        URI given = check(url);
        this.shown = shown(given);
        this.authorization = given.getRawUserInfo() == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString(decode(given.getRawUserInfo()).getBytes(StandardCharsets.UTF_8));
        try {
            this.uri = new URI(given.getScheme(), null, given.getHost(), given.getPort(), given.getPath(), given.getQuery(), null);
        } catch (URISyntaxException ex) {
            throw new IllegalArgumentException("the webhook URL " + shown + " is not valid; give it as https://host/path.");
        }
        this.capacity = capacity;
        this.tries = Math.max(1, tries);
        this.backoffMillis = backoffMillis;
        this.err = err;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.sender = new Thread(this::sendLoop, "mailsight-webhook");
        sender.setDaemon(true);
        sender.start();
    }

    /** The URL as a URI when it is an absolute http or https URL with a host; otherwise one sentence why not. */
    public static URI check(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException ex) {
            throw new IllegalArgumentException("the webhook URL is not a valid URL; give it as https://host/path.");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the webhook URL must start with http:// or https://.");
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("the webhook URL has no host; give it as https://host/path.");
        }
        return u;
    }

    /** scheme://host[:port], without credentials, path or query (a path or query may hold a token). */
    static String shown(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    private static String decode(String raw) {
        return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL as reported: scheme, host and port only. */
    public String shown() {
        return shown;
    }

    /** Queues an alert (encoded now, so the event may change afterwards). */
    public synchronized void offer(MailEvent alert) throws IOException {
        buffer.reset();
        encoder.write(alert);
        encoder.flush();
        byte[] bytes = buffer.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\n' ? bytes.length - 1 : bytes.length;
        offer(java.util.Arrays.copyOf(bytes, n));
    }

    synchronized void offer(byte[] json) {
        if (closing) return;
        if (queue.size() >= capacity) {
            queue.pollFirst();
            dropped++;
        }
        queue.addLast(json);
        notifyAll();
    }

    /** Queues each alert given (for callers without an {@link EventWriter}). */
    public java.util.function.Consumer<MailEvent> sink() {
        return e -> {
            try {
                offer(e);
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        };
    }

    private void sendLoop() {
        while (true) {
            byte[] body;
            synchronized (this) {
                while (queue.isEmpty() && !closing) {
                    try {
                        wait();
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
                if (queue.isEmpty()) return;
                body = queue.pollFirst();
                sending = true;
            }
            boolean ok;
            try {
                ok = send(body);
            } catch (InterruptedException ex) {
                return;
            } catch (RuntimeException ex) {
                report(false, "mailsight: the webhook " + shown + " could not take an alert (" + ex.getMessage() + ").");
                ok = false;
            }
            synchronized (this) {
                sending = false;
                if (ok) sent++;
                else failed++;
                notifyAll();
            }
        }
    }

    /** Posts one alert, retrying what may pass later; true when the endpoint took it (2xx). */
    private boolean send(byte[] body) throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) b.header("Authorization", authorization);
        HttpRequest request = b.build();
        String last = null;
        int tries = down ? 1 : this.tries;
        int made = 0;
        long retryAfter = 0;
        for (int attempt = 1; attempt <= tries; attempt++) {
            made = attempt;
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    down = false;
                    return true;
                }
                if (status != 429 && status < 500) {
                    report(true, "mailsight: the webhook " + shown + " refused an alert with HTTP " + status
                            + "; check the URL and what the endpoint accepts (alerts it refuses are not retried).");
                    return false;
                }
                last = "HTTP " + status;
                retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
            } catch (IOException ex) {
                last = ex.getMessage() == null || ex.getMessage().isBlank() ? ex.getClass().getSimpleName() : ex.getMessage();
            }
            if (attempt == tries) break;
            long wait = Math.min(30_000, backoffMillis << Math.min(attempt - 1, 16));
            wait = wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1); // jitter: half to all of it
            wait = Math.max(wait, retryAfter);
            retryAfter = 0;
            if (System.nanoTime() + wait * 1_000_000 > deadline) break;
            Thread.sleep(wait);
        }
        down = true;
        report(false, "mailsight: the webhook " + shown + " could not take an alert after " + made + (made == 1 ? " try (" : " tries (")
                + last + "); check that it is up and reachable.");
        return false;
    }

    /** A Retry-After in seconds as milliseconds, at most 30 s; 0 when absent or a date (the backoff applies). */
    static long retryAfter(String header) {
        if (header == null || header.isEmpty() || header.length() > 6) return 0;
        for (int i = 0; i < header.length(); i++) if (!Character.isDigit(header.charAt(i))) return 0;
        return Math.min(30_000, Long.parseLong(header) * 1000);
    }

    /** Each kind of failure once (the final line counts them all). */
    private synchronized void report(boolean refusal, String sentence) {
        if (refusal ? reportedRefusal : reportedUnreachable) return;
        if (refusal) reportedRefusal = true;
        else reportedUnreachable = true;
        err.println(sentence);
        err.flush();
    }

    /** Counts so far: sent, dropped (queue full), failed, still queued. */
    public synchronized String counts() {
        return String.format("%d sent, %d dropped (queue full), %d failed, %d unsent", sent, dropped, failed,
                queue.size() + (sending ? 1 : 0));
    }

    /** Sends what is queued, waiting at most {@code wait}; the rest is counted as unsent. Prints the final line. */
    public void close(Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        deadline = end;
        synchronized (this) {
            closing = true;
            notifyAll();
            while (!queue.isEmpty() || sending) {
                long left = end - System.nanoTime();
                if (left <= 0) break;
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        sender.interrupt();
        err.println("mailsight: webhook " + shown + ": alerts " + counts() + ".");
        err.flush();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    synchronized long sent() {
        return sent;
    }
}
