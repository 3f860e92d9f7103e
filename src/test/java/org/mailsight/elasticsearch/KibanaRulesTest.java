package org.mailsight.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** kibana-rules/: one Elasticsearch query rule per watch, the notification rule, and how setup installs them. */
class KibanaRulesTest {
    static final Map<String, String> COMPARATORS = Map.of("gte", ">=", "gt", ">", "lt", "<", "lte", "<=");

    FakeKibana kibana;

    @BeforeEach
    void start() throws IOException {
        kibana = FakeKibana.start();
    }

    @AfterEach
    void stop() {
        kibana.stop();
    }

    /** The watch's own query without its time range: what a rule with a time window of its own must run. */
    static JsonNode withoutRange(JsonNode query) {
        ObjectNode q = (ObjectNode) query.deepCopy();
        var filter = q.withObject("/bool").withArray("filter");
        for (int i = filter.size() - 1; i >= 0; i--) if (filter.get(i).has("range")) filter.remove(i);
        return q;
    }

    @Test
    void everyWatchHasAnEquivalentRule() throws IOException {
        Kit kit = KitFiles.kit();
        TreeSet<String> expected = new TreeSet<>(kit.watches().keySet());
        expected.add(Kit.NOTIFY_RULE_ID);
        assertThat(kit.kibanaRules().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        int esql = 0;
        for (Map.Entry<String, ObjectNode> e : kit.watches().entrySet()) {
            JsonNode w = e.getValue();
            JsonNode m = w.get("metadata");
            JsonNode r = kit.kibanaRules().get(e.getKey());
            JsonNode p = r.get("params");
            String id = e.getKey();
            assertThat(r.get("rule_type_id").asText()).as(id).isEqualTo(".es-query");
            assertThat(r.at("/schedule/interval").asText()).as(id).isEqualTo(w.at("/trigger/schedule/interval").asText());
            assertThat(p.get("timeWindowSize").asText() + p.get("timeWindowUnit").asText()).as(id).isEqualTo(m.get("window").asText());
            JsonNode doc = r.at("/actions/0/params/documents/0");
            assertThat(doc.at("/rule/id").asText()).as(id).isEqualTo(m.at("/rule/id").asText());
            assertThat(doc.at("/event/severity").asInt()).as(id).isEqualTo(m.get("severity").asInt());
            assertThat(doc.at("/mail/alert/entity").asText()).as(id).isEqualTo(m.get("key_field").asText());
            if (p.get("searchType").asText().equals("esQuery")) {
                // the same search, grouped by the same key, against the same threshold
                assertThat(p.get("index")).as(id).isEqualTo(w.at("/input/search/request/indices"));
                assertThat(p.at("/esQuery/query")).as(id).isEqualTo(withoutRange(w.at("/input/search/request/body/query")));
                assertThat(p.get("termField").asText()).as(id).isEqualTo(m.get("key_field").asText());
                assertThat(p.get("termSize").asInt()).as(id).isEqualTo(w.at("/input/search/request/body/aggs/keys/terms/size").asInt());
                assertThat(p.get("threshold").get(0).asDouble()).as(id).isEqualTo(m.get("threshold").asDouble());
                assertThat(p.get("thresholdComparator").asText()).as(id).isEqualTo(COMPARATORS.get(m.get("comparison").asText()));
                assertThat(m.get("value_path").asText()).as(id + ": a count rule stands in for a doc_count watch").isEqualTo("doc_count");
                assertThat(doc.at("/mail/alert/entity_value").asText()).isEqualTo("{{context.group}}");
            } else {
                // aggregations the rule type cannot express (distinct counts, ratios, first seen) in ES|QL
                esql++;
                String q = p.at("/esqlQuery/esql").asText();
                for (JsonNode index : w.at("/input/search/request/indices")) assertThat(q).as(id).contains(index.asText());
                assertThat(q).as(id).contains("BY " + m.get("key_field").asText()).contains("RENAME " + m.get("key_field").asText() + " AS key");
                assertThat(m.get("value_path").asText()).as(id).isNotEqualTo("doc_count");
                if (!m.get("threshold").isTextual() && !id.equals("mail-bounce-ratio")) {
                    assertThat(q).as(id).contains(">= " + m.get("threshold").asInt());
                }
            }
        }
        assertThat(esql).isEqualTo(5);
    }

    @Test
    void everyRuleIsValidForKibanaAndUsesBasicConnectorsOnly() throws IOException {
        Kit kit = KitFiles.kit();
        for (Map.Entry<String, ObjectNode> e : kit.kibanaRules().entrySet()) {
            JsonNode body = KibanaRules.createBody(e.getValue());
            assertThat(EsQueryParams.problems(body.get("params"))).as(e.getKey()).isEmpty();
            for (JsonNode a : body.get("actions")) {
                assertThat(kit.kibanaConnectors()).as(e.getKey()).containsKey(a.get("id").asText());
                assertThat(a.get("group").asText()).isEqualTo("query matched");
            }
        }
        for (ObjectNode c : kit.kibanaConnectors().values()) {
            assertThat(FakeKibana.BASIC_CONNECTORS).contains(c.get("connector_type_id").asText());
        }
        assertThat(kit.kibanaConnectors().get("mailsight-alert-index").at("/config/index").asText()).isEqualTo("logs-mail.alert-default");
        // the notification rule reads every new alert document once
        JsonNode notify = kit.kibanaRules().get(Kit.NOTIFY_RULE_ID).get("params");
        assertThat(notify.get("index").get(0).asText()).isEqualTo("logs-mail.alert-*");
        assertThat(notify.get("excludeHitsFromPreviousRun").asBoolean()).isTrue();
        assertThat(notify.get("thresholdComparator").asText() + notify.get("threshold").get(0).asInt()).isEqualTo(">0");
        // the checks themselves catch what Kibana refuses
        ObjectNode bad = KibanaRules.createBody(kit.kibanaRules().get("mail-auth-failures-ip"));
        bad.withObject("/params").put("termSize", 5000).put("timeWindowUnit", "w").put("thresholdComparator", "=>");
        assertThat(EsQueryParams.problems(bad.get("params"))).hasSize(3);
    }

    /** Every field of every document a rule's index action writes is in the strict mapping. */
    @Test
    void alertDocumentsUseMappedFieldsOnly() throws IOException {
        Kit kit = KitFiles.kit();
        Map<String, String> mapped = KitFiles.mappedFields(kit);
        List<String> unmapped = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : kit.kibanaRules().entrySet()) {
            for (JsonNode a : e.getValue().get("actions")) {
                if (!a.get("id").asText().equals("mailsight-alert-index")) continue;
                for (JsonNode doc : a.at("/params/documents")) leaves(doc, "", mapped, e.getKey(), unmapped);
            }
        }
        assertThat(unmapped).isEmpty();
    }

    private static void leaves(JsonNode n, String prefix, Map<String, String> mapped, String rule, List<String> out) {
        if (n.isObject()) n.fields().forEachRemaining(f -> leaves(f.getValue(), prefix + f.getKey() + ".", mapped, rule, out));
        else if (!mapped.containsKey(prefix.substring(0, prefix.length() - 1))) out.add(rule + ": " + prefix);
    }

    @Test
    void setupCreatesThenUpdatesEveryConnectorAndRule() throws IOException {
        Kit kit = KitFiles.kit();
        Connection c = Connection.of("--kibana", kibana.url(), "c2VjcmV0", null, null, null);
        StringWriter first = new StringWriter();
        KibanaRules.install(c, kit.kibanaConnectors(), kit.kibanaRules(), new PrintWriter(first, true));
        assertThat(first.toString()).contains("created Kibana connector mailsight-alert-index",
                "created Kibana rule mail-auth-failures-ip", "created Kibana rule mail-password-spraying",
                "created Kibana rule " + Kit.NOTIFY_RULE_ID).doesNotContain("updated");
        assertThat(kibana.rules).hasSize(kit.kibanaRules().size());
        assertThat(kibana.connectors).hasSize(2);
        assertThat(kibana.authorization).isEqualTo("ApiKey c2VjcmV0");
        // Kibana got the query DSL as a string
        assertThat(kibana.ruleParams().get("mail-auth-failures-ip").get("esQuery").isTextual()).isTrue();
        StringWriter again = new StringWriter();
        KibanaRules.install(c, kit.kibanaConnectors(), kit.kibanaRules(), new PrintWriter(again, true));
        assertThat(again.toString()).contains("updated Kibana rule mail-auth-failures-ip", "updated Kibana connector mailsight-server-log")
                .doesNotContain("created");
        assertThat(kibana.requests).contains("PUT /api/alerting/rule/mail-auth-failures-ip", "POST /api/alerting/rule/mail-auth-failures-ip");
    }

    @Test
    void aNamespaceGetsItsOwnRulesConnectorsAndIndices() throws IOException {
        Kit kit = KitFiles.kit().forNamespace("prod");
        assertThat(kit.kibanaRules()).containsKey("mail-auth-failures-ip-prod").doesNotContainKey("mail-auth-failures-ip");
        JsonNode ip = kit.kibanaRules().get("mail-auth-failures-ip-prod");
        assertThat(ip.at("/params/index/0").asText()).isEqualTo("logs-mail.postfix-prod");
        assertThat(ip.at("/actions/0/id").asText()).isEqualTo("mailsight-alert-index-prod");
        assertThat(kit.kibanaRules().get("mail-password-spraying-prod").at("/params/esqlQuery/esql").asText())
                .startsWith("FROM logs-mail.postfix-prod,logs-mail.exim-prod,logs-mail.dovecot-prod\n");
        assertThat(kit.kibanaConnectors().get("mailsight-alert-index-prod").at("/config/index").asText()).isEqualTo("logs-mail.alert-prod");
        StringWriter out = new StringWriter();
        KibanaRules.install(Connection.of("--kibana", kibana.url(), null, null, null, null), kit.kibanaConnectors(),
                kit.kibanaRules(), new PrintWriter(out, true));
        assertThat(kibana.rules).containsKey("mail-alert-new-prod");
    }

    @Test
    void aRefusalIsOneSentence() throws IOException {
        Kit kit = KitFiles.kit();
        kibana.refuseWith = 403;
        assertThatThrownBy(() -> KibanaRules.install(Connection.of("--kibana", kibana.url(), null, null, null, null),
                kit.kibanaConnectors(), kit.kibanaRules(), new PrintWriter(new StringWriter())))
                .hasMessage("Kibana at " + kibana.url() + " refused Kibana connector mailsight-alert-index (HTTP 403): refused"
                        + " (the user needs the Kibana privilege All on Stack Rules and Connectors).");
    }

    @Test
    void theMustacheOfTheDocumentsRenders() throws IOException {
        JsonNode doc = KitFiles.kit().kibanaRules().get("mail-auth-failures-ip").at("/actions/0/params/documents/0");
        JsonNode out = Mustache.render(doc, Map.of("context", Map.of("group", "203.0.113.66", "value", 9, "date", "2026-11-22T03:00:00.000Z")));
        assertThat(out.at("/source/ip").asText()).isEqualTo("203.0.113.66");
        assertThat(out.at("/mail/alert/observed").asText()).isEqualTo("9");
        assertThat(out.get("message").asText()).isEqualTo("Failed logins per IP: 203.0.113.66 (9 events in 2m)");
        JsonNode spray = KitFiles.kit().kibanaRules().get("mail-password-spraying").at("/actions/0/params/documents/0");
        JsonNode s = Mustache.render(spray, Map.of("context", Map.of("value", 2, "date", "x", "hits",
                List.of(Map.of("_source", Map.of("key", "198.51.100.7", "value", "12")), Map.of("_source", Map.of("key", "203.0.113.9", "value", "6"))))));
        assertThat(s.at("/mail/alert/entity_value").asText()).isEqualTo("198.51.100.7 203.0.113.9 ");
        assertThat(s.get("message").asText()).isEqualTo("Password spraying: 198.51.100.7 (12) 203.0.113.9 (6) in 15m");
    }
}
