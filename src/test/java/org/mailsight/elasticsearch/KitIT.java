package org.mailsight.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.mailsight.cli.Main;

/**
 * The kit against a real Elasticsearch node: installed by `mailsight setup`, every event of every golden file
 * and corpus indexed under the strict mapping (message summaries and alerts included), the fields the
 * dashboards and watches use checked with _field_caps, and every watch run on normal and attack traffic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KitIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Instant SHIPPED = Instant.now();

    TestNode node;
    FakeKibana kibana;
    Path adaptedKit;

    @BeforeAll
    void startNode() throws Exception {
        node = TestNode.start();
        kibana = FakeKibana.start();
        adaptedKit = Files.createTempDirectory("mailsight-kit");
        TestNodeKit.adapt(KitFiles.ROOT, adaptedKit);
    }

    @AfterAll
    void stopNode() throws Exception {
        if (kibana != null) kibana.stop();
        if (node != null) node.close();
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void setupInstallsTheKitAndIsIdempotent() throws Exception {
        String[] args = {"setup", "--es", node.url, "--kibana", kibana.url(), "--kit", adaptedKit.toString()};
        String first = runCli(0, args);
        assertThat(first).contains("Elasticsearch 8.19.21 at " + node.url + ", license basic",
                "ILM is not available on this cluster: the data streams use the data stream lifecycle instead (90d, alerts 365d)",
                "created component template logs-mail@ecs", "created index template logs-mail", "created index template logs-mail.alert",
                "skipped: Watcher is not available with the basic license",
                "imported 8 Kibana saved objects",
                "created Kibana connector mailsight-alert-index", "created Kibana connector mailsight-server-log",
                "created Kibana rule mail-auth-failures-ip", "created Kibana rule mail-password-spraying",
                "created Kibana rule " + Kit.NOTIFY_RULE_ID);
        assertThat(kibana.imported).hasSize(8);
        // a basic license has no Watcher: every rule that stands in for a watch, and the notification rule
        assertThat(kibana.rules).hasSize(Kit.bundled().watches().size() + 1);
        String again = runCli(0, args);
        assertThat(again).contains("updated component template logs-mail@ecs", "updated index template logs-mail",
                        "updated Kibana rule mail-auth-failures-ip")
                .doesNotContain("created ");
        JsonNode t = get("/_index_template/logs-mail").at("/index_templates/0/index_template");
        assertThat(t.get("priority").asInt()).isEqualTo(200);
        assertThat(t.at("/index_patterns/0").asText()).isEqualTo("logs-mail.*-*");
        assertThat(t.at("/template/lifecycle/data_retention").asText()).isEqualTo("90d");
        JsonNode alert = get("/_index_template/logs-mail.alert").at("/index_templates/0/index_template");
        assertThat(alert.at("/template/lifecycle/data_retention").asText()).isEqualTo("365d");
        // --only watches on a basic license: one plain sentence, exit 2
        String err = runCli(2, "setup", "--es", node.url, "--only", "watches", "--kit", adaptedKit.toString());
        assertThat(err.strip()).startsWith("mailsight: Watcher is not available with the basic license").endsWith(".");
    }

    @Test
    @Order(2)
    void everyEventIndexesUnderTheStrictMapping() throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        for (Path f : Corpora.files("golden")) events.addAll(Scenarios.events(f));
        for (Path f : Corpora.files("corpus")) events.addAll(Scenarios.events(f));
        List<Map<String, Object>> summaries = Scenarios.summaries(events);
        // and the real correlator's output: enriched events and message summaries
        for (Path f : Corpora.files("corpus")) summaries.addAll(Scenarios.correlated(f));
        // GeoIP and ASN: events, sessions and summaries placed by the enrich stage with real GeoLite2 databases
        List<Map<String, Object>> placed = Scenarios.enriched(org.mailsight.TestParsers.RESOURCES.resolve("geo/maillog"));
        assertThat(placed).anyMatch(d -> Scenarios.get(d, "source.geo.location") != null)
                .anyMatch(d -> Scenarios.get(d, "destination.as.number") != null);
        summaries.addAll(placed);
        // alert documents as the engine's detect stage writes them
        summaries.addAll(Scenarios.engineAlerts(SHIPPED));
        // and the alerts the detect stage really raises on the attack capture
        List<Map<String, Object>> detected = Scenarios.detected();
        assertThat(detected).hasSizeGreaterThanOrEqualTo(10);
        summaries.addAll(detected);
        Map<String, Integer> indexed = new TreeMap<>();
        bulk(events, "test", indexed);
        bulk(summaries, "test", indexed);
        post("/logs-mail.*-test/_refresh", "");
        long total = indexed.values().stream().mapToLong(Integer::longValue).sum();
        System.out.println("indexed per data stream: " + indexed + ", total " + total);
        assertThat(total).isEqualTo(events.size() + summaries.size());
        assertThat(get("/logs-mail.*-test/_count").get("count").asLong()).isEqualTo(total);
        assertThat(indexed).containsKeys("logs-mail.postfix-test", "logs-mail.exim-test", "logs-mail.dovecot-test",
                "logs-mail.message-test", "logs-mail.alert-test");
        // nothing silently dropped by ignore_malformed or ignore_above
        JsonNode ignored = post("/logs-mail.*-test/_search", "{\"size\":5,\"query\":{\"exists\":{\"field\":\"_ignored\"}}}");
        assertThat(ignored.at("/hits/total/value").asInt()).as("documents with _ignored fields: " + ignored.at("/hits/hits")).isZero();
        // the mapping did not grow beyond the kit, except where it is open on purpose
        Map<String, String> kitFields = KitFiles.mappedFields(Kit.load(adaptedKit));
        TreeSet<String> grown = new TreeSet<>();
        get("/logs-mail.*-test/_mapping").forEach(index -> collect(index.at("/mappings/properties"), "", grown));
        grown.removeAll(kitFields.keySet());
        grown.removeIf(f -> f.startsWith("postfix.commands."));
        assertThat(grown).as("fields mapped dynamically").isEmpty();
    }

    @Test
    @Order(3)
    void everyFieldTheDashboardsAndWatchesUseExistsWithTheRightType() throws Exception {
        Kit kit = Kit.load(adaptedKit);
        Map<String, Boolean> fields = new TreeMap<>(DashboardsTest.dashboardFields(kit));
        for (ObjectNode w : kit.watches().values()) watchFields(w.at("/input/search/request/body"), null, fields);
        Map<String, String> mapped = KitFiles.mappedFields(KitFiles.kit());
        Map<String, String> kinds = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        JsonNode caps = get("/logs-mail.*-test/_field_caps?fields=" + String.join(",", fields.keySet()));
        for (Map.Entry<String, Boolean> f : fields.entrySet()) {
            if (f.getKey().equals("mail.recipient_domain")) continue; // a runtime field of the data view
            JsonNode cap = caps.at("/fields").get(f.getKey());
            if (cap == null) {
                problems.add(f.getKey() + " is not in _field_caps");
                continue;
            }
            String type = cap.fieldNames().next();
            kinds.put(f.getKey(), type);
            String kitType = TestNodeKit.onTestNode(mapped.get(f.getKey()));
            if (!type.equals(kitType)) problems.add(f.getKey() + " is " + type + ", the kit says " + kitType);
            if (f.getValue() && !cap.get(type).get("aggregatable").asBoolean()) problems.add(f.getKey() + " is not aggregatable");
        }
        System.out.println("fields checked with _field_caps (" + kinds.size() + "): " + kinds);
        assertThat(problems).isEmpty();
        assertThat(kinds).hasSizeGreaterThan(25);
    }

    @Test
    @Order(4)
    void everyWatchFiresOnTheAttackAndStaysQuietOnNormalTraffic() throws Exception {
        Kit kit = Kit.load(adaptedKit);
        // every search runs as if the watch ran at the scenario's end ("now" in its ranges is that instant): a fast
        // or a loaded machine sees the same windows
        Instant now = Instant.now();
        List<Map<String, Object>> normal = Scenarios.normal(now);
        List<Map<String, Object>> normalSummaries = Scenarios.summaries(normal);
        List<Map<String, Object>> attack = new ArrayList<>(normal);
        attack.addAll(Scenarios.attacks(normal, now));
        List<Map<String, Object>> attackSummaries = new ArrayList<>(Scenarios.summaries(attack));
        attackSummaries.addAll(Scenarios.attackSummaries(normalSummaries, now));
        Map<String, Integer> counts = new TreeMap<>();
        bulk(normal, "normal", counts);
        bulk(normalSummaries, "normal", counts);
        bulk(attack, "attack", counts);
        bulk(attackSummaries, "attack", counts);
        post("/logs-mail.*-normal,logs-mail.*-attack/_refresh", "");
        Instant executed = now;
        Map<String, String> results = new TreeMap<>();
        List<Map<String, Object>> alerts = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : kit.watches().entrySet()) {
            Map<String, Object> watch = Kit.JSON.convertValue(e.getValue(), new TypeReference<Map<String, Object>>() {});
            boolean quiet = !fires(e.getKey(), e.getValue(), watch, "normal", executed, null);
            List<Map<String, Object>> docs = new ArrayList<>();
            boolean fired = fires(e.getKey(), e.getValue(), watch, "attack", executed, docs);
            results.put(e.getKey(), (fired ? "fires" : "SILENT") + " on attack (" + docs.size() + " alerts), "
                    + (quiet ? "quiet" : "FIRES") + " on normal");
            if (!fired || !quiet || docs.isEmpty()) wrong.add(e.getKey());
            alerts.addAll(docs);
        }
        results.forEach((k, v) -> System.out.println("watch " + k + ": " + v));
        assertThat(wrong).as("watches not firing on attack or not quiet on normal: " + results).isEmpty();
        // the alerts the index actions would write index cleanly into the alert data stream
        Map<String, Integer> alertCounts = new TreeMap<>();
        bulk(alerts, "attack", alertCounts);
        assertThat(alertCounts).containsOnlyKeys("logs-mail.alert-attack");
        post("/logs-mail.alert-attack/_refresh", "");
        JsonNode byRule = post("/logs-mail.alert-attack/_search", "{\"size\":0,\"aggs\":{\"r\":{\"terms\":{\"field\":\"rule.id\",\"size\":50}}}}");
        assertThat(byRule.at("/aggregations/r/buckets").size()).isEqualTo(kit.watches().size());
        JsonNode ignored = post("/logs-mail.*-normal,logs-mail.*-attack/_search", "{\"size\":3,\"query\":{\"exists\":{\"field\":\"_ignored\"}}}");
        assertThat(ignored.at("/hits/total/value").asInt()).as("_ignored: " + ignored.at("/hits/hits")).isZero();
        System.out.println("scenario documents: " + counts + "; alerts: " + alerts.size());
    }

    /**
     * Every Kibana rule with a query DSL runs as Kibana runs it (its query within its time window, grouped by its
     * term field, each group's count against its threshold): it fires on the attack and stays quiet on normal
     * traffic, like the watch it stands in for; the documents its index action writes index under the strict
     * mapping; the notification rule sees them. (The ES|QL rules need the ES|QL module, which the test node lacks.)
     */
    @Test
    @Order(6)
    void everyKibanaQueryRuleFiresOnTheAttackAndItsAlertsIndex() throws Exception {
        Kit kit = Kit.load(adaptedKit);
        // the same scenario as the watches', fresh: the rules' windows are as short as theirs
        Instant now = Instant.now();
        List<Map<String, Object>> normal = Scenarios.normal(now);
        List<Map<String, Object>> attack = new ArrayList<>(normal);
        attack.addAll(Scenarios.attacks(normal, now));
        List<Map<String, Object>> attackSummaries = new ArrayList<>(Scenarios.summaries(attack));
        attackSummaries.addAll(Scenarios.attackSummaries(Scenarios.summaries(normal), now));
        Map<String, Integer> scenario = new TreeMap<>();
        bulk(normal, "rulesnormal", scenario);
        bulk(Scenarios.summaries(normal), "rulesnormal", scenario);
        bulk(attack, "rulesattack", scenario);
        bulk(attackSummaries, "rulesattack", scenario);
        post("/logs-mail.*-rulesnormal,logs-mail.*-rulesattack/_refresh", "");
        Instant executed = now;
        Map<String, String> results = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        List<Map<String, Object>> alerts = new ArrayList<>();
        int ran = 0;
        for (Map.Entry<String, ObjectNode> e : kit.kibanaRules().entrySet()) {
            JsonNode p = e.getValue().get("params");
            if (!p.get("searchType").asText().equals("esQuery") || e.getKey().equals(Kit.NOTIFY_RULE_ID)) continue;
            ran++;
            Map<String, Long> quiet = ruleGroups(p, "rulesnormal", executed);
            Map<String, Long> fired = ruleGroups(p, "rulesattack", executed);
            results.put(e.getKey(), fired.keySet() + " on attack, " + quiet.keySet() + " on normal");
            if (fired.isEmpty() || !quiet.isEmpty()) wrong.add(e.getKey());
            JsonNode doc = e.getValue().at("/actions/0/params/documents/0");
            for (Map.Entry<String, Long> g : fired.entrySet()) {
                Map<String, Object> context = Map.of("context", Map.of("group", g.getKey(), "value", g.getValue(),
                        "date", executed.toString()));
                Map<String, Object> rendered = Kit.JSON.convertValue(Mustache.render(doc, context),
                        new TypeReference<Map<String, Object>>() {});
                rendered.put("@timestamp", executed.toString()); // the index connector's executionTimeField
                alerts.add(rendered);
            }
        }
        results.forEach((k, v) -> System.out.println("kibana rule " + k + ": " + v));
        assertThat(ran).isEqualTo(11);
        assertThat(wrong).as("rules not firing on attack or not quiet on normal: " + results).isEmpty();
        Map<String, Integer> counts = new TreeMap<>();
        bulk(alerts, "kibana", counts);
        assertThat(counts).containsOnlyKeys("logs-mail.alert-kibana");
        post("/logs-mail.alert-kibana/_refresh", "");
        JsonNode ignored = post("/logs-mail.alert-kibana/_search", "{\"size\":3,\"query\":{\"exists\":{\"field\":\"_ignored\"}}}");
        assertThat(ignored.at("/hits/total/value").asInt()).as("_ignored: " + ignored.at("/hits/hits")).isZero();
        JsonNode observed = post("/logs-mail.alert-kibana/_search", "{\"size\":0,\"aggs\":{\"min\":{\"min\":{\"field\":\"mail.alert.observed\"}}}}");
        assertThat(observed.at("/aggregations/min/value").asDouble()).as("observed, a string in the template, indexed as a number").isPositive();
        // the notification rule: new alert documents in its window
        JsonNode notify = kit.kibanaRules().get(Kit.NOTIFY_RULE_ID).get("params");
        assertThat(ruleCount(notify, "logs-mail.alert-kibana", executed)).isEqualTo(alerts.size());
        assertThat(ruleCount(notify, "logs-mail.alert-normal", executed)).isZero();
    }

    /** Groups whose count meets the rule's threshold, as the es-query rule type computes them. */
    private Map<String, Long> ruleGroups(JsonNode p, String namespace, Instant executedAt) throws Exception {
        List<String> indices = new ArrayList<>();
        p.get("index").forEach(i -> indices.add(i.asText().replace("-*", "-" + namespace)));
        ObjectNode body = Kit.JSON.createObjectNode().put("size", 0);
        var filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(p.at("/esQuery/query"));
        filter.addObject().putObject("range").putObject(p.get("timeField").asText())
                .put("gte", at(executedAt) + "-" + p.get("timeWindowSize").asInt() + p.get("timeWindowUnit").asText());
        body.putObject("aggs").putObject("groups").putObject("terms").put("field", p.get("termField").asText())
                .put("size", p.get("termSize").asInt());
        JsonNode r = post("/" + String.join(",", indices) + "/_search?ignore_unavailable=true", body.toString());
        double threshold = p.get("threshold").get(0).asDouble();
        String cmp = p.get("thresholdComparator").asText();
        Map<String, Long> out = new TreeMap<>();
        for (JsonNode b : r.at("/aggregations/groups/buckets")) {
            long n = b.get("doc_count").asLong();
            boolean hit = switch (cmp) {
                case ">" -> n > threshold;
                case ">=" -> n >= threshold;
                case "<" -> n < threshold;
                default -> n <= threshold;
            };
            if (hit) out.put(b.get("key").asText(), n);
        }
        return out;
    }

    private long ruleCount(JsonNode p, String index, Instant executedAt) throws Exception {
        ObjectNode body = Kit.JSON.createObjectNode();
        var filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(p.at("/esQuery/query"));
        filter.addObject().putObject("range").putObject("@timestamp")
                .put("gte", at(executedAt) + "-" + p.get("timeWindowSize").asInt() + p.get("timeWindowUnit").asText());
        return post("/" + index + "/_count?ignore_unavailable=true", body.toString()).get("count").asLong();
    }

    /** The shipped (shaded) jar talks to the node too: relocated client, kit read from inside the jar. */
    @Test
    @Order(5)
    void theShadedJarInstallsTheTemplates() throws Exception {
        Path jar;
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            jar = s.filter(p -> p.getFileName().toString().matches("mailsight-[0-9.]+(-SNAPSHOT)?\\.jar")).findFirst().orElseThrow();
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "setup", "--es", node.url, "--only", "templates,ilm", "--kit", adaptedKit.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("license basic", "updated index template logs-mail");
        Process dry = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "setup", "--es", node.url, "--kibana", kibana.url(), "--dry-run").redirectErrorStream(true).start();
        String plan = new String(dry.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dry.waitFor()).isZero();
        assertThat(plan).as("the bundled kit, read from the jar").contains("would put watch mail-password-spraying");
        assertThat(plan).contains("would put Kibana rule mail-alert-new");
        // MaxMind's reader, relocated into the jar, places clients
        Process geo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "parse", "--geoip", org.mailsight.enrich.GeoTestDatabases.city().toString(),
                "--asn", org.mailsight.enrich.GeoTestDatabases.asn().toString(), "src/test/resources/geo/maillog").start();
        String placed = new String(geo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(geo.waitFor()).isZero();
        assertThat(placed).contains("\"city_name\":\"Minneapolis\"", "\"organization\":{\"name\":\"University of Minnesota\"}");
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Runs the watch's search input on one namespace and evaluates its condition as Watcher would. */
    private boolean fires(String id, ObjectNode json, Map<String, Object> watch, String namespace, Instant executed,
            List<Map<String, Object>> alerts) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) watch.get("metadata");
        String body = json.at("/input/search/request/body").toString();
        for (Map.Entry<String, Object> m : metadata.entrySet()) {
            if (!(m.getValue() instanceof Map)) body = body.replace("{{ctx.metadata." + m.getKey() + "}}", String.valueOf(m.getValue()));
        }
        assertThat(body).as(id + " body rendered").doesNotContain("{{");
        body = body.replace("\"now-", "\"" + at(executed) + "-").replace("\"now\"", "\"" + executed + "\"");
        List<String> indices = new ArrayList<>();
        json.at("/input/search/request/indices").forEach(i -> indices.add(i.asText().replace("-*", "-" + namespace)));
        JsonNode response = post("/" + String.join(",", indices) + "/_search?rest_total_hits_as_int=true&ignore_unavailable=true", body);
        Map<String, Object> payload = Kit.JSON.convertValue(response, new TypeReference<Map<String, Object>>() {});
        boolean fired = WatchEmulator.condition(watch, payload, executed, id);
        if (fired && alerts != null) alerts.addAll(WatchEmulator.alertDocuments(watch, payload, executed, id));
        return fired;
    }

    /** Date math anchored at an instant instead of the clock: the instant the search stands for. */
    private static String at(Instant t) {
        return t + "||";
    }

    /** Fields a watch's search body uses: aggregated (terms, cardinality, min, percentile_ranks) or filtered on. */
    static void watchFields(JsonNode node, String parent, Map<String, Boolean> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                if (k.equals("field") && e.getValue().isTextual()) {
                    boolean agg = List.of("terms", "cardinality", "min", "percentile_ranks").contains(parent);
                    out.merge(e.getValue().asText(), agg, Boolean::logicalOr);
                } else if (List.of("term", "terms", "match_phrase", "range").contains(k)) {
                    if (k.equals("terms") && e.getValue().has("field")) watchFields(e.getValue(), k, out);
                    else e.getValue().fieldNames().forEachRemaining(f -> out.putIfAbsent(f, false));
                } else {
                    watchFields(e.getValue(), k, out);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> watchFields(n, parent, out));
        }
    }

    private static void collect(JsonNode properties, String prefix, TreeSet<String> out) {
        properties.fields().forEachRemaining(e -> {
            String path = prefix + e.getKey();
            if (e.getValue().has("properties")) {
                if (e.getValue().path("type").asText().equals("nested")) out.add(path);
                collect(e.getValue().get("properties"), path + ".", out);
            } else {
                out.add(path);
            }
            e.getValue().path("fields").fieldNames().forEachRemaining(f -> out.add(path + "." + f));
        });
    }

    /** Bulk-creates documents into logs-mail.<dataset>-<namespace>, as the shipper does; fails on any rejection. */
    private void bulk(List<Map<String, Object>> docs, String namespace, Map<String, Integer> counts) throws Exception {
        for (int from = 0; from < docs.size(); from += 2000) {
            StringBuilder body = new StringBuilder();
            List<String> targets = new ArrayList<>();
            for (Map<String, Object> d : docs.subList(from, Math.min(docs.size(), from + 2000))) {
                String dataset = (String) Scenarios.get(d, "event.dataset");
                Map<String, Object> doc = new LinkedHashMap<>(d);
                // as the shipper does: a line without a timestamp (not framed) is stamped with the time it is shipped
                doc.putIfAbsent("@timestamp", SHIPPED.toString());
                doc.put("data_stream", Map.of("type", "logs", "dataset", dataset, "namespace", namespace));
                String target = "logs-" + dataset + "-" + namespace;
                targets.add(target);
                body.append("{\"create\":{\"_index\":\"").append(target).append("\"}}\n");
                body.append(Kit.JSON.writeValueAsString(doc)).append('\n');
            }
            JsonNode r = send("POST", "/_bulk", body.toString(), "application/x-ndjson");
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < r.get("items").size(); i++) {
                JsonNode item = r.get("items").get(i).get("create");
                if (item.has("error")) {
                    if (errors.size() < 5) errors.add(item.get("error").toString() + " in " + docs.get(from + i));
                } else {
                    counts.merge(targets.get(i), 1, Integer::sum);
                }
            }
            assertThat(errors).as("rejected documents").isEmpty();
        }
    }

    private String runCli(int expected, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String o = out.toString(StandardCharsets.UTF_8);
        String e = err.toString(StandardCharsets.UTF_8);
        System.out.print(o + e);
        assertThat(code).as("exit code of " + String.join(" ", args) + "\n" + o + e).isEqualTo(expected);
        return expected == 0 ? o : e;
    }

    private JsonNode get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    private JsonNode post(String path, String body) throws Exception {
        return send("POST", path, body, "application/json");
    }

    private JsonNode send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url + path));
        if (body == null) b.GET();
        else b.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return Kit.JSON.readTree(r.body());
    }
}
