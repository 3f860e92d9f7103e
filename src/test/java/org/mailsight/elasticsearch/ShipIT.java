package org.mailsight.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.mailsight.TestParsers;
import org.mailsight.engine.LineJoiner;

/**
 * {@code mailsight ship} against the real Elasticsearch node, run as its own process (as an admin runs it, so
 * SIGTERM and SIGKILL are real): the corpora shipped once each, ids unique, nothing doubled when shipped again;
 * the node killed mid-ship and started again; ship killed with SIGKILL mid-ship and started again; files rotated
 * (rename-and-create, copytruncate, compressed) while lines are appended; journald records on stdin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShipIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    TestNode node;
    Path work;

    @BeforeAll
    void start() throws Exception {
        node = TestNode.start();
        work = Files.createTempDirectory("mailsight-ship");
        Path kit = work.resolve("kit");
        TestNodeKit.adapt(KitFiles.ROOT, kit);
        Process setup = cli(work.resolve("setup.log"), null, "setup", "--es", node.url, "--only", "templates", "--kit", kit.toString());
        assertThat(setup.waitFor()).as(Files.readString(work.resolve("setup.log"))).isZero();
    }

    @AfterAll
    void stop() throws Exception {
        if (node != null) node.close();
    }

    @Test
    @Order(1)
    void checkSaysWhatIsMissing() throws Exception {
        Process ok = cli(work.resolve("check.log"), null, "ship", "--es", node.url, "--check");
        assertThat(ok.waitFor()).isZero();
        assertThat(Files.readString(work.resolve("check.log"))).contains("is ready for mailsight ship");
        Process down = cli(work.resolve("check-down.log"), null, "ship", "--es", "http://127.0.0.1:1", "--check");
        assertThat(down.waitFor()).isEqualTo(1);
        assertThat(Files.readString(work.resolve("check-down.log")).strip())
                .startsWith("mailsight: cannot reach Elasticsearch at http://127.0.0.1:1").endsWith(".");
        send("DELETE", "/_index_template/logs-mail.alert", null);
        Process missing = cli(work.resolve("check-missing.log"), null, "ship", "--es", node.url, "--check");
        assertThat(missing.waitFor()).isEqualTo(1);
        assertThat(Files.readString(work.resolve("check-missing.log")).strip())
                .isEqualTo("mailsight: the index template logs-mail.alert is not installed on " + node.url + ": run mailsight setup first.");
        Path kit = work.resolve("kit");
        assertThat(cli(work.resolve("setup2.log"), null, "setup", "--es", node.url, "--only", "templates", "--kit", kit.toString()).waitFor()).isZero();
    }

    @Test
    @Order(2)
    void theCorporaShipOnceEachAndAgainAsDuplicatesOnly() throws Exception {
        List<String> args = new ArrayList<>(List.of("ship", "--es", node.url, "--once", "--namespace", "corpora",
                "--registry", work.resolve("corpora.registry").toString(), "--timezone", "UTC"));
        long records = 0;
        for (Path f : Corpora.files("corpus")) {
            args.add(f.toAbsolutePath().toString());
            records += records(Files.readAllLines(f, StandardCharsets.UTF_8));
        }
        String first = ship(work.resolve("corpora1.log"), args);
        assertThat(count("corpora")).as(first).isEqualTo(records);
        assertThat(ids("corpora")).hasSize((int) records);
        assertThat(first).contains(records + " documents indexed, 0 duplicates avoided, 0 dead-lettered");
        // again with the registry: nothing to read
        String again = ship(work.resolve("corpora2.log"), args);
        assertThat(again).contains("mailsight ship: 0 lines, 0 documents indexed");
        // again without it: everything read again, every document a duplicate avoided by its id
        Files.delete(work.resolve("corpora.registry"));
        String fresh = ship(work.resolve("corpora3.log"), args);
        assertThat(fresh).contains("0 documents indexed, " + records + " duplicates avoided");
        assertThat(count("corpora")).isEqualTo(records);
    }

    @Test
    @Order(3)
    void correlationAddsOneSummaryPerMessage() throws Exception {
        Path maillog = TestParsers.RESOURCES.resolve("corpus/postfix/maillog").toAbsolutePath();
        long lines = Files.readAllLines(maillog).size();
        Process parse = cli(work.resolve("parse.ndjson"), null, "parse", "--correlate", "--timezone", "UTC", maillog.toString());
        assertThat(parse.waitFor()).isZero();
        long summaries = Files.readAllLines(work.resolve("parse.ndjson")).stream().filter(l -> l.contains("\"dataset\":\"mail.message\"")).count();
        assertThat(summaries).isGreaterThan(50);
        ship(work.resolve("correlate.log"), List.of("ship", "--es", node.url, "--once", "--correlate", "--namespace", "correlated",
                "--registry", work.resolve("correlated.registry").toString(), "--timezone", "UTC", maillog.toString()));
        assertThat(count("correlated")).isEqualTo(lines + summaries);
        assertThat(count("logs-mail.message-correlated")).isEqualTo(summaries);
    }

    @Test
    @Order(4)
    void killingElasticsearchMidShipLosesNothingAndDoublesNothing() throws Exception {
        Path big = bigLog("es-kill", 10);
        long lines = Files.readAllLines(big).size();
        Path log = work.resolve("es-kill.log");
        Process ship = cli(log, null, "ship", "--es", node.url, "--once", "--namespace", "eskill", "--queue", "2000",
                "--registry", work.resolve("eskill.registry").toString(), "--timezone", "UTC", big.toString());
        awaitCount("eskill", 1000, Duration.ofSeconds(300));
        node.kill();
        Thread.sleep(3000);
        assertThat(ship.isAlive()).as("ship waits for the node, it does not give up").isTrue();
        node.restart();
        assertThat(ship.waitFor(600, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        assertThat(ship.exitValue()).as(Files.readString(log)).isZero();
        String out = Files.readString(log);
        assertThat(out).containsPattern("[1-9][0-9]* retries");
        assertThat(count("eskill")).as(out).isEqualTo(lines);
        assertThat(ids("eskill")).hasSize((int) lines);
    }

    @Test
    @Order(5)
    void sigkillOfShipMidWayThenARestartLosesNothingAndDoublesNothing() throws Exception {
        Path big = bigLog("ship-kill", 10);
        long lines = Files.readAllLines(big).size();
        String registry = work.resolve("shipkill.registry").toString();
        List<String> args = List.of("ship", "--es", node.url, "--namespace", "shipkill", "--registry", registry,
                "--timezone", "UTC", big.toString());
        Process ship = cli(work.resolve("ship-kill1.log"), null, args.toArray(String[]::new));
        awaitCount("shipkill", 2000, Duration.ofSeconds(300));
        ship.destroyForcibly(); // SIGKILL
        ship.waitFor();
        long before = count("shipkill");
        assertThat(before).isLessThan(lines);
        List<String> once = new ArrayList<>(args);
        once.add(1, "--once");
        String out = ship(work.resolve("ship-kill2.log"), once);
        assertThat(count("shipkill")).as(out).isEqualTo(lines);
        assertThat(ids("shipkill")).hasSize((int) lines);
    }

    @Test
    @Order(6)
    void rotationWhileAppendingShipsEveryLineOnce() throws Exception {
        Path dir = Files.createDirectories(work.resolve("rotate"));
        Path mailLog = dir.resolve("mail.log");
        List<String> corpus = Files.readAllLines(TestParsers.RESOURCES.resolve("corpus/postfix/maillog"));
        Files.createFile(mailLog);
        Path log = work.resolve("rotate.log");
        Process ship = cli(log, null, "ship", "--es", node.url, "--namespace", "rotate", "--status-interval", "1",
                "--registry", work.resolve("rotate.registry").toString(), "--timezone", "UTC", dir + "/mail.log*");
        OutputStream out = Files.newOutputStream(mailLog, StandardOpenOption.APPEND);
        int written = 0;
        for (int round = 0; round < 6; round++) {
            for (String l : corpus.subList(round * 300, round * 300 + 300)) {
                out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
                written++;
                if (written % 50 == 0) Thread.sleep(20);
            }
            if (round == 1) {
                // rename-and-create: the daemon writes a few more lines to the renamed file before it reopens
                Files.move(mailLog, dir.resolve("mail.log.1"));
                for (String l : corpus.subList(1800, 1830)) {
                    out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
                    written++;
                }
                Thread.sleep(300);
                out.close();
                out = Files.newOutputStream(mailLog, StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND);
            } else if (round == 3) {
                // copytruncate, the older file compressed: mail.log.1 -> mail.log.2.gz, mail.log copied to .1, truncated
                gzip(dir.resolve("mail.log.1"), dir.resolve("mail.log.2.gz"));
                Files.delete(dir.resolve("mail.log.1"));
                Files.copy(mailLog, dir.resolve("mail.log.1"), StandardCopyOption.COPY_ATTRIBUTES);
                try (var ch = java.nio.channels.FileChannel.open(mailLog, StandardOpenOption.WRITE)) {
                    ch.truncate(0);
                }
            }
            if (round == 0) awaitCount("rotate", written, Duration.ofSeconds(300)); // ship is following
            Thread.sleep(500);
        }
        out.close();
        awaitCount("rotate", written, Duration.ofSeconds(300));
        Thread.sleep(3000); // nothing more comes
        ship.destroy(); // SIGTERM
        assertThat(ship.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(log);
        assertThat(ship.exitValue()).as(said).isZero();
        assertThat(said).contains("mail.log shrank or was rewritten (copytruncate): reading it again from the start.")
                .contains("lines/s");
        assertThat(count("rotate")).as(said).isEqualTo(written);
        assertThat(ids("rotate")).hasSize(written);
    }

    @Test
    @Order(7)
    void journaldJsonAndExportOnStdin() throws Exception {
        List<String> corpus = Files.readAllLines(TestParsers.RESOURCES.resolve("corpus/postfix/maillog"));
        // journalctl's JSON fields (systemd's documented journal JSON format) around the real corpus's messages
        StringBuilder json = new StringBuilder();
        StringBuilder export = new StringBuilder();
        int n = 0;
        for (String line : corpus.subList(0, 500)) {
            // "Mon DD HH:MM:SS host program[pid]: message"
            int colon = line.indexOf(": ", 16);
            String[] head = line.substring(16, colon).split(" ");
            String host = head[0];
            String program = head[1].contains("[") ? head[1].substring(0, head[1].indexOf('[')) : head[1];
            String pid = head[1].contains("[") ? head[1].substring(head[1].indexOf('[') + 1, head[1].indexOf(']')) : "1";
            String message = line.substring(colon + 2);
            long micros = 1_700_000_000_000_000L + n * 1_000_000L;
            String cursor = "s=6f1e;i=" + Integer.toHexString(1000 + n) + ";b=9a2c;m=" + n + ";t=" + Long.toHexString(micros);
            json.append(Kit.JSON.writeValueAsString(java.util.Map.of("__CURSOR", cursor, "__REALTIME_TIMESTAMP", Long.toString(micros),
                    "_HOSTNAME", host, "SYSLOG_IDENTIFIER", program, "_PID", pid, "PRIORITY", "6", "SYSLOG_FACILITY", "2",
                    "MESSAGE", message))).append('\n');
            export.append("__CURSOR=").append(cursor.replace("s=6f1e", "s=7f1e")).append('\n')
                    .append("__REALTIME_TIMESTAMP=").append(micros).append('\n')
                    .append("_HOSTNAME=").append(host).append('\n')
                    .append("SYSLOG_IDENTIFIER=").append(program).append('\n')
                    .append("_PID=").append(pid).append('\n');
            if (n % 10 == 0) { // journald writes a field with a newline in it as binary: name, length, bytes
                byte[] m = message.getBytes(StandardCharsets.UTF_8);
                export.append("MESSAGE\n");
                StringBuilder len = new StringBuilder();
                for (int i = 0; i < 8; i++) len.append((char) (((long) m.length >>> (8 * i)) & 0xff));
                export.append(len).append(message).append("\n\n");
            } else {
                export.append("MESSAGE=").append(message).append("\n\n");
            }
            n++;
        }
        Path jsonFile = Files.writeString(work.resolve("journal.json"), json);
        Path exportFile = work.resolve("journal.export");
        Files.write(exportFile, export.toString().getBytes(StandardCharsets.ISO_8859_1));
        ship(work.resolve("journal-json.log"), List.of("ship", "--es", node.url, "--once", "--namespace", "journal",
                "--registry", work.resolve("journal.registry").toString()), jsonFile);
        assertThat(count("journal")).isEqualTo(500);
        ship(work.resolve("journal-export.log"), List.of("ship", "--es", node.url, "--once", "--namespace", "journal",
                "--registry", work.resolve("journal.registry").toString()), exportFile);
        assertThat(count("journal")).isEqualTo(1000);
        // the same JSON again: every record a duplicate avoided (the id is the journal cursor's)
        String again = ship(work.resolve("journal-json2.log"), List.of("ship", "--es", node.url, "--once", "--namespace", "journal",
                "--registry", work.resolve("journal.registry").toString()), jsonFile);
        assertThat(again).contains("0 documents indexed, 500 duplicates avoided");
        JsonNode hit = post("/logs-mail.postfix-journal/_search", "{\"size\":1,\"query\":{\"term\":{\"process.name\":\"smtpd\"}}}").at("/hits/hits/0/_source");
        assertThat(hit.at("/host/hostname").asText()).isNotEmpty();
        assertThat(hit.at("/process/pid").asLong()).isPositive();
        assertThat(hit.at("/@timestamp").asText()).startsWith("2023-11-");
        // parsed as the same lines framed by syslog are: as many unparsed, no more
        Path lines = Files.write(work.resolve("journal-lines.log"), corpus.subList(0, 500));
        assertThat(cli(work.resolve("journal-parse.ndjson"), null, "parse", "--timezone", "UTC", lines.toString()).waitFor()).isZero();
        long unparsed = Files.readAllLines(work.resolve("journal-parse.ndjson")).stream().filter(l -> l.contains("\"action\":\"unparsed\"")).count();
        long shippedUnparsed = post("/logs-mail.*-journal/_count", "{\"query\":{\"term\":{\"event.action\":\"unparsed\"}}}").get("count").asLong();
        assertThat(shippedUnparsed).isEqualTo(2 * unparsed);
    }

    @Test
    @Order(8)
    void messagesInFlightAtSigtermAreSummarizedOnceByTheNextRun() throws Exception {
        Path maillog = TestParsers.RESOURCES.resolve("corpus/postfix/maillog").toAbsolutePath();
        List<String> lines = Files.readAllLines(maillog);
        long summaries = Files.readAllLines(work.resolve("parse.ndjson")).stream().filter(l -> l.contains("\"dataset\":\"mail.message\"")).count();
        Path f = work.resolve("state.maillog");
        Files.write(f, lines.subList(0, lines.size() / 2));
        List<String> args = new ArrayList<>(List.of("ship", "--es", node.url, "--correlate", "--namespace", "state",
                "--registry", work.resolve("state.registry").toString(), "--timezone", "UTC", f.toString()));
        Process first = cli(work.resolve("state1.log"), null, args.toArray(String[]::new));
        awaitCount("state", lines.size() / 2, Duration.ofSeconds(300));
        first.destroy(); // SIGTERM while messages are in flight
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(work.resolve("state1.log"));
        assertThat(first.exitValue()).as(said).isZero();
        assertThat(said).containsPattern("kept the state of [1-9][0-9]* messages in flight for the next run");
        Files.write(f, lines.subList(lines.size() / 2, lines.size()), StandardOpenOption.APPEND);
        args.add(1, "--once");
        String out = ship(work.resolve("state2.log"), args);
        assertThat(out).containsPattern("restored the state of the last run \\([1-9][0-9]* messages in flight\\)");
        // the same summaries as one pass over the whole file (correlationAddsOneSummaryPerMessage's parse)
        assertThat(count("logs-mail.message-state")).isEqualTo(summaries);
        assertThat(count("state")).isEqualTo(lines.size() + summaries);
    }

    @Test
    @Order(9)
    void detectionShipsTheAlertsParseFinds() throws Exception {
        Path attack = TestParsers.RESOURCES.resolve("corpus/attack/postfix.log").toAbsolutePath();
        assertThat(cli(work.resolve("detect.ndjson"), null, "parse", "--detect", "--timezone", "UTC", attack.toString()).waitFor()).isZero();
        List<String> events = Files.readAllLines(work.resolve("detect.ndjson"));
        long alerts = events.stream().filter(l -> l.contains("\"dataset\":\"mail.alert\"")).count();
        assertThat(alerts).isPositive();
        // --webhook: a local server that records what it gets receives the same alerts
        List<String> posted = java.util.Collections.synchronizedList(new ArrayList<>());
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", x -> {
            posted.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        hook.start();
        String shipped;
        try {
            shipped = ship(work.resolve("detect.log"), List.of("ship", "--es", node.url, "--once", "--detect", "--namespace", "detect",
                    "--registry", work.resolve("detect.registry").toString(), "--timezone", "UTC",
                    "--webhook", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook", attack.toString()));
        } finally {
            hook.stop(0);
        }
        assertThat(count("logs-mail.alert-detect")).isEqualTo(alerts);
        assertThat(posted).hasSize((int) alerts).allSatisfy(b -> assertThat(b).contains("\"kind\":\"alert\""));
        assertThat(shipped).contains("alerts " + alerts + " sent, 0 dropped (queue full), 0 failed, 0 unsent.");
        assertThat(count("detect")).isEqualTo(events.size());
        ship(work.resolve("alerts-only.log"), List.of("ship", "--es", node.url, "--once", "--alerts-only", "--namespace", "alertsonly",
                "--registry", work.resolve("alerts-only.registry").toString(), "--timezone", "UTC", attack.toString()));
        assertThat(count("alertsonly")).isEqualTo(alerts);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Records the engine makes of these lines: one per line, except Exim rejectlog header lines joined to theirs. */
    static long records(List<String> lines) {
        long[] n = {0};
        LineJoiner j = new LineJoiner(r -> n[0]++);
        lines.forEach(j::accept);
        j.finish();
        return n[0];
    }

    private Path bigLog(String name, int copies) throws IOException {
        Path f = work.resolve(name + ".maillog");
        List<String> corpus = Files.readAllLines(TestParsers.RESOURCES.resolve("corpus/postfix/maillog"));
        try (var w = Files.newBufferedWriter(f)) {
            for (int i = 0; i < copies; i++) for (String l : corpus) w.write(l + "\n");
        }
        return f;
    }

    private static void gzip(Path from, Path to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            Files.copy(from, out);
        }
    }

    private String ship(Path log, List<String> args) throws Exception {
        return ship(log, args, null);
    }

    private String ship(Path log, List<String> args, Path stdin) throws Exception {
        Process p = cli(log, stdin, args.toArray(String[]::new));
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("ship finished").isTrue();
        String out = Files.readString(log);
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** {@code mailsight ...} as its own JVM, stdout and stderr to {@code log}. */
    static Process cli(Path log, Path stdin, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.mailsight.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        if (stdin != null) pb.redirectInput(stdin.toFile());
        return pb.start();
    }

    private void awaitCount(String namespace, long atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long n = 0;
        while (System.nanoTime() < deadline) {
            n = count(namespace);
            if (n >= atLeast) return;
            Thread.sleep(200);
        }
        throw new AssertionError("only " + n + " of " + atLeast + " documents in namespace " + namespace + " after " + timeout);
    }

    /** Documents in a namespace's data streams (or an exact data stream name). */
    private long count(String target) throws Exception {
        String index = target.startsWith("logs-") ? target : "logs-mail.*-" + target;
        post("/" + index + "/_refresh", "");
        JsonNode r = get("/" + index + "/_count");
        return r.path("count").asLong(-1);
    }

    private Set<String> ids(String namespace) throws Exception {
        Set<String> ids = new HashSet<>();
        JsonNode r = post("/logs-mail.*-" + namespace + "/_search?scroll=1m", "{\"size\":10000,\"_source\":false,\"sort\":[\"_doc\"]}");
        while (r.at("/hits/hits").size() > 0) {
            for (JsonNode h : r.at("/hits/hits")) ids.add(h.get("_id").asText()); // unique across data streams too
            r = post("/_search/scroll", "{\"scroll\":\"1m\",\"scroll_id\":\"" + r.get("_scroll_id").asText() + "\"}");
        }
        return ids;
    }

    private JsonNode get(String path) throws Exception {
        return send("GET", path, null);
    }

    private JsonNode post(String path, String body) throws Exception {
        return send("POST", path, body);
    }

    private JsonNode send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return Kit.JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
    }
}
