package org.mailsight.cli;

import java.io.PrintWriter;
import java.time.Duration;
import org.mailsight.output.Webhook;
import picocli.CommandLine.Option;

/** Delivery of alert events to a webhook (docs/alerts.md, "Delivery"). */
final class WebhookOptions {
    @Option(names = "--webhook", paramLabel = "URL", description = "POST each alert event (its JSON, as printed) to this http(s) URL; needs --detect. A user:password in the URL is sent as Basic authentication.")
    String url;

    @Option(names = "--webhook-queue", paramLabel = "N", defaultValue = "1000", description = "Alerts waiting to be sent at most; when full, the oldest is dropped and counted.")
    int queue;

    @Option(names = "--webhook-tries", paramLabel = "N", defaultValue = "5", description = "Tries per alert on connection errors, 429 and 5xx (exponential backoff with jitter); other answers are not retried.")
    int tries;

    @Option(names = "--webhook-wait", paramLabel = "SECONDS", defaultValue = "30", description = "At exit, how long to wait at most for the queued alerts to be sent.")
    int waitSeconds;

    /** The running sender, or null without --webhook; a bad URL or option is a UserError (exit 2). */
    Webhook start(boolean detecting, PrintWriter err) {
        if (url == null) return null;
        if (!detecting) throw new Main.UserError("--webhook sends alert events: add --detect (or --alerts-only or --rules).");
        if (queue < 1) throw new Main.UserError("--webhook-queue must be at least 1, not " + queue + ".");
        if (tries < 1) throw new Main.UserError("--webhook-tries must be at least 1, not " + tries + ".");
        if (waitSeconds < 0) throw new Main.UserError("--webhook-wait must be 0 or more seconds, not " + waitSeconds + ".");
        try {
            return new Webhook(url, queue, tries, 500, err);
        } catch (IllegalArgumentException ex) {
            throw new Main.UserError(ex.getMessage().substring(0, 1).toUpperCase() + ex.getMessage().substring(1));
        }
    }

    Duration waitAtExit() {
        return Duration.ofSeconds(waitSeconds);
    }
}
