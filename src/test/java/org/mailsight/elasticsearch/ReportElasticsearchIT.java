package org.mailsight.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailsight.cli.Main;

/**
 * {@code report --es} on the real test node gives the same report as {@code report} on the files: the corpora of
 * all three servers (three hosts) parsed, correlated and watched by {@code parse --correlate --detect}, indexed into the kit's
 * data streams, and read back for the same day.
 */
class ReportElasticsearchIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> FILES = List.of("postfix/maillog", "exim/mainlog", "dovecot/dovecot.log");
    private static final String[] RANGE = {"--since", "2026-11-22", "--until", "2026-11-23"};
    private static final String[] CLOCK = {"--timezone", "UTC", "--year", "2026"};

    @Test
    void theReportFromElasticsearchEqualsTheReportFromTheFiles() throws Exception {
        Path kit = Files.createTempDirectory("mailsight-kit");
        TestNodeKit.adapt(KitFiles.ROOT, kit);
        try (TestNode node = TestNode.start()) {
            cli("setup", "--es", node.url, "--only", "templates", "--kit", kit.toString());
            // one engine over the three files, as the file report runs them (detection windows span the files)
            String ndjson = cli(join(List.of("parse", "--correlate", "--detect"), CLOCK, corpus(FILES.toArray(String[]::new))));
            long indexed = bulk(node.url, ndjson);
            send(node.url, "POST", "/logs-mail.*/_refresh", null);
            assertThat(indexed).isGreaterThan(2000);

            String fromFiles = cli(join(List.of("report", "--format", "json"), CLOCK, RANGE, corpus(FILES.toArray(String[]::new))));
            String fromEs = cli(join(List.of("report", "--format", "json", "--es", node.url, "--timezone", "UTC"), RANGE));
            assertThat(Kit.JSON.readTree(fromEs).path("totals").path("received").asLong()).isPositive();
            assertThat(fromEs).isEqualTo(fromFiles);
            // and the text, as cron mails it
            assertThat(cli(join(List.of("report", "--es", node.url, "--timezone", "UTC"), RANGE)))
                    .isEqualTo(cli(join(List.of("report"), CLOCK, RANGE, corpus(FILES.toArray(String[]::new)))));
        }
    }

    private static String[] corpus(String... files) {
        return java.util.Arrays.stream(files).map(f -> Path.of("src/test/resources/corpus", f).toString()).toArray(String[]::new);
    }

    private static String[] join(List<String> first, String[]... more) {
        List<String> all = new ArrayList<>(first);
        for (String[] m : more) all.addAll(List.of(m));
        return all.toArray(String[]::new);
    }

    /** Creates each document in logs-DATASET-report, as a shipper does; fails on any rejection. */
    private static long bulk(String url, String ndjson) throws Exception {
        List<String> docs = ndjson.lines().filter(l -> l.contains("\"@timestamp\"")).toList();
        long created = 0;
        for (int from = 0; from < docs.size(); from += 2000) {
            StringBuilder body = new StringBuilder();
            for (String d : docs.subList(from, Math.min(docs.size(), from + 2000))) {
                JsonNode doc = Kit.JSON.readTree(d);
                String dataset = doc.path("event").path("dataset").asText();
                var node = (com.fasterxml.jackson.databind.node.ObjectNode) doc;
                node.putObject("data_stream").put("type", "logs").put("dataset", dataset).put("namespace", "report");
                body.append("{\"create\":{\"_index\":\"logs-").append(dataset).append("-report\"}}\n")
                        .append(Kit.JSON.writeValueAsString(node)).append('\n');
            }
            JsonNode r = send(url, "POST", "/_bulk", body.toString());
            for (JsonNode item : r.get("items")) {
                assertThat(item.path("create").has("error")).as("rejected: " + item).isFalse();
                created++;
            }
        }
        return created;
    }

    private static JsonNode send(String url, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/x-ndjson");
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        return Kit.JSON.readTree(r.body());
    }

    private static String cli(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setOut(oldOut);
        }
        assertThat(code).as("exit code of mailsight " + String.join(" ", args)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
