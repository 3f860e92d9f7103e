package org.mailsight.ship;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What shipping is doing: on a terminal one line rewritten in place every second; otherwise a plain log line
 * every {@code every} (lines/s, documents/s, lag, queue depth, retries, bytes not read yet).
 */
final class Status {
    record Snapshot(long lines, long documents, int queued, double lagSeconds, long retries, long behindBytes,
                    String problem) {}

    private final Supplier<Snapshot> source;
    private final PrintWriter out;
    private final boolean terminal;
    private final Duration every;
    private Thread thread;
    private volatile boolean running;

    Status(Supplier<Snapshot> source, PrintWriter out, boolean terminal, Duration every) {
        this.source = source;
        this.out = out;
        this.terminal = terminal;
        this.every = every;
    }

    void start() {
        if (!terminal && every.isZero()) return;
        running = true;
        thread = new Thread(this::loop, "mailsight-ship-status");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long period = terminal ? 1000 : every.toMillis();
        Snapshot last = source.get();
        long lastAt = System.nanoTime();
        while (running) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException ex) {
                return;
            }
            Snapshot now = source.get();
            long at = System.nanoTime();
            String line = line(last, now, (at - lastAt) / 1e9);
            synchronized (out) {
                if (terminal) out.print("\r" + line + "\u001b[K");
                else out.println("mailsight ship: " + line);
                out.flush();
            }
            last = now;
            lastAt = at;
        }
    }

    static String line(Snapshot a, Snapshot b, double seconds) {
        double s = Math.max(seconds, 0.001);
        String line = String.format(Locale.ROOT, "%.0f lines/s, %.0f docs/s, lag %.1f s, queue %d, retries %d, %d bytes not read yet",
                (b.lines() - a.lines()) / s, (b.documents() - a.documents()) / s, b.lagSeconds(), b.queued(),
                b.retries(), b.behindBytes());
        if (b.retries() > a.retries() && b.problem() != null) line += " (" + b.problem() + ")";
        return line;
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            if (terminal) {
                synchronized (out) {
                    out.println();
                    out.flush();
                }
            }
        }
    }
}
