package org.mailsight.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailsight.elasticsearch.Cluster;
import org.mailsight.elasticsearch.Connection;
import org.mailsight.engine.Pipeline;
import org.mailsight.ship.Shipper;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailsight ship}: mail logs (files followed, or journald on stdin) straight into Elasticsearch. */
@Command(name = "ship", mixinStandardHelpOptions = true,
        description = {"Follow mail logs (files and globs, rotated .gz archives, or stdin: plain lines or journalctl -o json/export),",
                "parse them and bulk-index them into the logs-mail.* data streams, losing nothing and indexing nothing twice.",
                "The registry remembers what Elasticsearch acknowledged; SIGTERM flushes, writes it and exits 0."})
public final class ShipCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files or globs (/var/log/mail.log*); none or - for stdin.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--es", required = true, paramLabel = "URL", description = "Elasticsearch URL, e.g. https://localhost:9200")
    String es;

    @Mixin
    Credentials credentials;

    @Option(names = "--registry", defaultValue = "mailsight-ship.registry.json", paramLabel = "FILE",
            description = "where shipping state is kept (default: ${DEFAULT-VALUE})")
    Path registry;

    @Option(names = "--dead-letter", paramLabel = "FILE",
            description = "documents Elasticsearch refused, with their lines (default: the registry's name + .dead-letter.ndjson)")
    Path deadLetter;

    @Option(names = "--namespace", defaultValue = "default", paramLabel = "NS", description = "data stream namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @ArgGroup(exclusive = true)
    Start start = new Start();

    static final class Start {
        @Option(names = "--from-start", description = "read files never seen before from their start (the default)")
        boolean fromStart;

        @Option(names = "--from-end", description = "read files never seen before from their end: only new lines")
        boolean fromEnd;
    }

    @Option(names = "--once", description = "ship what is there now and exit, instead of following")
    boolean once;

    @Option(names = "--check", description = "check the cluster, the credentials and the kit's templates, then exit")
    boolean check;

    @Option(names = "--stdin-format", defaultValue = "auto", paramLabel = "F",
            description = "auto (default), json (journalctl -o json), export (journalctl -o export) or plain")
    String stdinFormat;

    @Option(names = "--queue", defaultValue = "10000", paramLabel = "N", description = "documents read but not yet acknowledged, at most (reading pauses beyond)")
    int queue;

    @Option(names = "--batch", defaultValue = "1000", paramLabel = "N", description = "documents per bulk request, at most")
    int batch;

    @Option(names = "--status-interval", defaultValue = "30", paramLabel = "S", description = "seconds between status lines when not on a terminal (0: none)")
    long statusInterval;

    @Mixin
    EngineOptions engine;

    @Mixin
    WebhookOptions webhookOptions;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!namespace.matches("[a-z0-9_]{1,100}")) {
            throw new Main.UserError("--namespace '" + namespace + "' is not allowed; use up to 100 of a-z, 0-9 and _ (no '-').");
        }
        if (!List.of("auto", "json", "export", "plain").contains(stdinFormat)) {
            throw new Main.UserError("--stdin-format '" + stdinFormat + "' is not a format; use auto, json, export or plain.");
        }
        if (queue < 1 || batch < 1 || statusInterval < 0) {
            throw new Main.UserError("--queue and --batch take a whole number of at least 1, --status-interval of at least 0.");
        }
        boolean stdin = paths.isEmpty() || paths.equals(List.of("-"));
        if (!stdin && paths.contains("-")) throw new Main.UserError("'-' (stdin) cannot be shipped together with files; run two ship commands.");
        Connection connection = credentials.connect("--es", es);
        org.mailsight.output.Webhook webhook = webhookOptions.start(engine.detecting(), spec.commandLine().getErr());
        PrintWriter err = spec.commandLine().getErr();
        try (Cluster cluster = new Cluster(connection)) {
            List<String> problems = problems(cluster);
            if (check) {
                if (problems.isEmpty()) {
                    spec.commandLine().getOut().println("Elasticsearch at " + connection + " is ready for mailsight ship: reachable, credentials accepted, templates installed.");
                    spec.commandLine().getOut().flush();
                    return 0;
                }
                problems.forEach(p -> err.println("mailsight: " + p));
                err.flush();
                return 1;
            }
            for (String p : problems) {
                if (p.contains("run mailsight setup first") || p.contains("credentials")) throw new Main.UserError(p);
                err.println("mailsight ship: " + p + " Retrying until it answers.");
            }
            Pipeline pipeline = Pipeline.of(engine.config(true));
            Path dead = deadLetter != null ? deadLetter : Path.of(registry + ".dead-letter.ndjson");
            Shipper shipper = new Shipper(new Shipper.Options(paths, stdin, stdinFormat, once, start.fromEnd, namespace,
                    registry, dead, queue, batch, Duration.ofSeconds(1), Duration.ofSeconds(statusInterval),
                    System.console() != null, engine.alertsOnly), pipeline, engine::clock, cluster.client(), err);
            if (webhook != null) shipper.alerts(webhook.sink());
            List<Object> previous = onSignals(shipper);
            Shipper.Summary s;
            try {
                s = shipper.run();
            } catch (IOException ex) {
                throw new Main.UserError(ex.getMessage() + ".");
            } finally {
                restoreSignals(previous);
                if (webhook != null) webhook.close(webhookOptions.waitAtExit());
            }
            err.printf("mailsight ship: %d lines, %d documents indexed, %d duplicates avoided, %d dead-lettered%s, %d retries, %.1f s.%n",
                    s.lines(), s.documents(), s.duplicates(), s.deadLettered(),
                    s.deadLettered() > 0 ? " (see " + dead + ")" : "", s.retries(), s.seconds());
            err.flush();
            return 0;
        }
    }

    /** One sentence per problem: unreachable, credentials refused, templates missing. */
    static List<String> problems(Cluster cluster) {
        List<String> problems = new ArrayList<>();
        try {
            if (cluster.get("/_cluster/health") == null) {
                problems.add("Elasticsearch at " + cluster.connectionUrl() + " refused the cluster health request: the credentials lack the monitor privilege.");
            }
            for (String t : List.of("logs-mail", "logs-mail.alert")) {
                if (!cluster.exists("/_index_template/" + t)) {
                    problems.add("the index template " + t + " is not installed on " + cluster.connectionUrl() + ": run mailsight setup first.");
                }
            }
        } catch (IllegalStateException ex) {
            problems.add(ex.getMessage());
        }
        return problems;
    }

    /** SIGTERM and SIGINT stop reading, flush and write the registry; the command then exits 0. */
    @SuppressWarnings("restriction")
    private static List<Object> onSignals(Shipper shipper) {
        List<Object> previous = new ArrayList<>();
        for (String name : List.of("TERM", "INT")) {
            try {
                previous.add(sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> shipper.stop()));
            } catch (IllegalArgumentException ex) {
                previous.add(null); // not on this platform
            }
        }
        return previous;
    }

    @SuppressWarnings("restriction")
    private static void restoreSignals(List<Object> previous) {
        List<String> names = List.of("TERM", "INT");
        for (int i = 0; i < names.size(); i++) {
            if (previous.get(i) instanceof sun.misc.SignalHandler h) sun.misc.Signal.handle(new sun.misc.Signal(names.get(i)), h);
        }
    }
}
