package org.mailsight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsight.TestParsers;

/** parse --detect --webhook on the real attack capture, against a local HTTP server that records what it gets. */
class WebhookTest {
    static final Path ATTACK = TestParsers.RESOURCES.resolve("corpus/attack");

    @RegisterExtension
    final Console console = new Console();

    private HttpServer server;
    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private final List<String> types = Collections.synchronizedList(new ArrayList<>());
    private final List<String> auth = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Long> times = Collections.synchronizedList(new ArrayList<>());

    /** A server on a free port answering each POST with the status {@code answer} gives; it records 2xx bodies. */
    private String serve(IntSupplier answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            int status = answer.getAsInt();
            if (status / 100 == 2) {
                bodies.add(new String(body, StandardCharsets.UTF_8));
                types.add(x.getRequestHeaders().getFirst("Content-Type"));
                auth.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
            }
            if (status == 429) x.getResponseHeaders().set("Retry-After", "1");
            times.add(System.nanoTime());
            x.sendResponseHeaders(status, -1);
            x.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private static String[] args(String... first) {
        List<String> a = new ArrayList<>(List.of("parse"));
        a.addAll(List.of(first));
        a.addAll(List.of("--year", "2026", "--timezone", "UTC",
                ATTACK.resolve("postfix.log").toString(), ATTACK.resolve("dovecot.log").toString()));
        return a.toArray(String[]::new);
    }

    private List<String> printedAlerts() throws Exception {
        assertThat(Main.run(args("--alerts-only"))).isZero();
        List<String> out = lines(console.out.toString(StandardCharsets.UTF_8));
        console.out.reset();
        console.err.reset();
        return out;
    }

    private static List<String> lines(String s) {
        return s.lines().filter(l -> !l.isBlank()).toList();
    }

    private String err() {
        return console.err.toString(StandardCharsets.UTF_8);
    }

    private static List<String> sorted(List<String> docs) {
        List<String> s = new ArrayList<>(docs);
        Collections.sort(s);
        return s;
    }

    @Test
    void theServerGetsExactlyTheAlertsAlertsOnlyPrints() throws Exception {
        List<String> expected = printedAlerts();
        assertThat(expected).hasSizeGreaterThan(3);
        String url = serve(() -> 200);
        assertThat(Main.run(args("--detect", "--stats", "--webhook", url))).isZero();
        assertThat(sorted(bodies)).isEqualTo(sorted(expected));
        assertThat(types).containsOnly("application/json");
        ObjectMapper m = new ObjectMapper();
        for (String b : bodies) assertThat(m.readTree(b).at("/event/kind").asText()).isEqualTo("alert");
        assertThat(err()).contains("webhook: " + expected.size() + " sent, 0 dropped (queue full), 0 failed, 0 unsent")
                .contains("mailsight: webhook http://127.0.0.1:" + server.getAddress().getPort() + ": alerts "
                        + expected.size() + " sent");
        // stdout still has every event, the alerts among them
        List<String> printed = lines(console.out.toString(StandardCharsets.UTF_8));
        assertThat(printed).containsAll(expected);
    }

    @Test
    void twoAnswers503ThenAll200GetsEveryAlertOnce() throws Exception {
        List<String> expected = printedAlerts();
        AtomicInteger n = new AtomicInteger();
        String url = serve(() -> n.incrementAndGet() <= 2 ? 503 : 200);
        assertThat(Main.run(args("--alerts-only", "--webhook", url))).isZero();
        assertThat(sorted(bodies)).isEqualTo(sorted(expected));
        assertThat(requests.get()).isEqualTo(expected.size() + 2);
        assertThat(err()).contains(expected.size() + " sent, 0 dropped (queue full), 0 failed").doesNotContain("could not");
    }

    @Test
    void a429WithRetryAfterIsRetriedNoSoonerThanItAsks() throws Exception {
        List<String> expected = printedAlerts();
        AtomicInteger n = new AtomicInteger();
        String url = serve(() -> n.incrementAndGet() == 1 ? 429 : 200);
        assertThat(Main.run(args("--alerts-only", "--webhook", url))).isZero();
        assertThat(sorted(bodies)).isEqualTo(sorted(expected));
        assertThat(times.get(1) - times.get(0)).isGreaterThanOrEqualTo(1_000_000_000L); // Retry-After: 1
    }

    @Test
    void aRefusalIsOneSentenceAndNotRetried() throws Exception {
        List<String> expected = printedAlerts();
        String url = serve(() -> 400).replace("http://", "http://bob:s3cret@") + "?token=t0k";
        assertThat(Main.run(args("--alerts-only", "--webhook", url))).isZero();
        assertThat(requests.get()).isEqualTo(expected.size()); // one request per alert, no retries
        List<String> problems = lines(err()).stream().filter(l -> l.contains("refused")).toList();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).isEqualTo("mailsight: the webhook http://127.0.0.1:" + server.getAddress().getPort()
                + " refused an alert with HTTP 400; check the URL and what the endpoint accepts (alerts it refuses are not retried).");
        assertThat(err()).doesNotContain("s3cret").doesNotContain("bob").doesNotContain("t0k")
                .contains("0 sent, 0 dropped (queue full), " + expected.size() + " failed");
    }

    @Test
    void credentialsInTheUrlAreSentAsBasicAuthentication() throws Exception {
        String url = serve(() -> 204).replace("http://", "http://bob:s3cret@");
        assertThat(Main.run(args("--alerts-only", "--webhook", url))).isZero();
        assertThat(auth).isNotEmpty().containsOnly("Basic " + java.util.Base64.getEncoder()
                .encodeToString("bob:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(err()).doesNotContain("s3cret");
    }

    @Test
    void anUnreachableUrlLeavesTheParseGreenAndIsReported() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free now, closed: nothing listens there
        }
        String url = "http://127.0.0.1:" + port + "/hook";
        List<String> expected = printedAlerts();
        assertThat(Main.run(args("--detect", "--webhook", url, "--webhook-tries", "3", "--webhook-wait", "60"))).isZero();
        String err = err();
        assertThat(lines(err).stream().filter(l -> l.contains("could not take an alert"))).hasSize(1);
        assertThat(err).contains("mailsight: the webhook http://127.0.0.1:" + port + " could not take an alert after 3 tries")
                // the first alert got every try, the others one each: all are done long before the wait ends
                .contains("alerts 0 sent, 0 dropped (queue full), " + expected.size() + " failed, 0 unsent.");
        // the events are all printed all the same
        assertThat(lines(console.out.toString(StandardCharsets.UTF_8))).hasSizeGreaterThan(
                TestParsers.lines(ATTACK.resolve("postfix.log")).size());
    }

    @Test
    void aFullQueueDropsTheOldestAndSaysSo() throws Exception {
        List<String> expected = printedAlerts();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        String url = serve(() -> {
            try {
                release.await(); // the first alert stays in flight until the parse has queued the rest
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });
        // the parse runs in its own thread; the first alert is released once every alert is printed (so queued)
        java.util.concurrent.FutureTask<Integer> parse = new java.util.concurrent.FutureTask<>(
                () -> Main.run(args("--alerts-only", "--webhook", url, "--webhook-queue", "1", "--stats")));
        new Thread(parse).start();
        while (lines(console.out.toString(StandardCharsets.UTF_8)).size() < expected.size()) Thread.sleep(20);
        release.countDown();
        assertThat(parse.get()).isZero();
        // at most one in flight and one queued (the newest): the others were pushed out, and counted
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("webhook: (\\d+) sent, (\\d+) dropped \\(queue full\\), 0 failed, 0 unsent").matcher(err());
        assertThat(m.find()).isTrue();
        int sent = Integer.parseInt(m.group(1));
        assertThat(sent).isBetween(1, 2).isEqualTo(bodies.size());
        assertThat(sent + Integer.parseInt(m.group(2))).isEqualTo(expected.size());
        assertThat(bodies).contains(expected.get(expected.size() - 1));
    }

    @Test
    void aBadUrlStopsAtStartWithOneSentence() {
        assertThat(Main.run(args("--detect", "--webhook", "ftp://example.org/x"))).isEqualTo(2);
        assertThat(err()).isEqualTo("mailsight: The webhook URL must start with http:// or https://." + System.lineSeparator());
        assertThat(console.out.size()).isZero();
        console.err.reset();
        assertThat(Main.run("parse", "--webhook", "http://127.0.0.1:1/x", ATTACK.resolve("dovecot.log").toString())).isEqualTo(2);
        assertThat(err()).contains("--webhook sends alert events: add --detect");
    }
}
