package org.mailsight.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import co.elastic.clients.elasticsearch.cluster.PutComponentTemplateRequest;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.ilm.PutLifecycleRequest;
import co.elastic.clients.elasticsearch.indices.PutIndexTemplateRequest;
import co.elastic.clients.elasticsearch.watcher.Watch;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mailsight.TestParsers;
import org.mailsight.engine.MailParser;
import org.mailsight.event.MailEvent;

/** The kit's files without a server: formatting, typed models of the official client, the field contract. */
class KitTest {
    static final JacksonJsonpMapper MAPPER = new JacksonJsonpMapper();

    @TestFactory
    Stream<DynamicTest> everyJsonAssetIsFormattedAndOrdered() throws IOException {
        return KitFiles.jsonFiles().stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            String text = Files.readString(f);
            assertThat(text).as(f + " is formatted with 2 spaces").isEqualTo(KitFiles.pretty(Kit.JSON.readTree(text)));
        }));
    }

    @Test
    void mappingPropertiesAreSorted() throws IOException {
        for (Map.Entry<String, ObjectNode> e : KitFiles.kit().componentTemplates().entrySet()) {
            assertSorted(e.getKey(), e.getValue().path("template").path("mappings").path("properties"));
        }
    }

    private static void assertSorted(String where, JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        assertThat(names).as("properties of " + where).isSorted();
        properties.fields().forEachRemaining(e -> assertSorted(where + "." + e.getKey(), e.getValue().path("properties")));
    }

    @Test
    void templatesParseWithTheClientsTypedModels() throws IOException {
        Kit kit = KitFiles.kit();
        for (Map.Entry<String, ObjectNode> e : kit.componentTemplates().entrySet()) {
            PutComponentTemplateRequest r = PutComponentTemplateRequest.of(b -> b.name(e.getKey())
                    .withJson(new StringReader(e.getValue().toString())));
            assertThat(r.template()).as(e.getKey()).isNotNull();
        }
        for (Map.Entry<String, ObjectNode> e : kit.indexTemplates().entrySet()) {
            PutIndexTemplateRequest r = PutIndexTemplateRequest.of(b -> b.name(e.getKey())
                    .withJson(new StringReader(e.getValue().toString())));
            assertThat(r.dataStream()).as(e.getKey() + " makes data streams").isNotNull();
            assertThat(r.indexPatterns()).allMatch(p -> p.startsWith("logs-mail."));
            for (String c : r.composedOf()) {
                assertThat(kit.componentTemplates().containsKey(c) || r.ignoreMissingComponentTemplates().contains(c))
                        .as(e.getKey() + " composes " + c).isTrue();
            }
        }
        PutIndexTemplateRequest main = PutIndexTemplateRequest.of(b -> b.name("logs-mail")
                .withJson(new StringReader(kit.indexTemplates().get("logs-mail").toString())));
        assertThat(main.priority()).isEqualTo(200L);
        assertThat(main.indexPatterns()).containsExactly("logs-mail.*-*");
        assertThat(main.ignoreMissingComponentTemplates()).contains("mail@custom");
        // the template names the default policy; the alert template the alert policy
        assertThat(kit.componentTemplates().get("logs-mail@settings").at("/template/settings/index/lifecycle/name").asText())
                .isEqualTo("logs-mail");
        assertThat(kit.componentTemplates().get("logs-mail.alert@settings").at("/template/settings/index/lifecycle/name").asText())
                .isEqualTo("logs-mail-alerts");
        // data stream lifecycle variant: parses too
        for (ObjectNode t : kit.withDataStreamLifecycle().indexTemplates().values()) {
            PutIndexTemplateRequest r = PutIndexTemplateRequest.of(b -> b.name("x").withJson(new StringReader(t.toString())));
            assertThat(r.template().lifecycle().dataRetention().time()).isIn("90d", "365d");
        }
        for (ObjectNode t : kit.withDataStreamLifecycle().componentTemplates().values()) {
            assertThat(t.at("/template/settings/index/lifecycle").isMissingNode()).isTrue();
        }
    }

    @Test
    void ilmPoliciesParseWithTheClientsTypedModels() throws IOException {
        Kit kit = KitFiles.kit();
        assertThat(kit.ilmPolicies().keySet()).containsExactly("logs-mail-alerts", "logs-mail-privacy", "logs-mail");
        for (Map.Entry<String, ObjectNode> e : kit.ilmPolicies().entrySet()) {
            PutLifecycleRequest r = PutLifecycleRequest.of(b -> b.name(e.getKey()).withJson(new StringReader(e.getValue().toString())));
            assertThat(r.policy().phases().hot()).isNotNull();
            assertThat(r.policy().phases().delete().actions().delete()).isNotNull();
        }
        var p = PutLifecycleRequest.of(b -> b.name("logs-mail").withJson(new StringReader(kit.ilmPolicies().get("logs-mail").toString())))
                .policy().phases();
        assertThat(p.hot().actions().rollover().maxPrimaryShardSize()).isEqualTo("50gb");
        assertThat(p.hot().actions().rollover().maxAge().time()).isEqualTo("1d");
        assertThat(p.warm().minAge().time()).isEqualTo("7d");
        assertThat(p.delete().minAge().time()).isEqualTo("90d");
        assertThat(kit.ilmPolicies().get("logs-mail-privacy").at("/policy/phases/delete/min_age").asText()).isEqualTo("30d");
        assertThat(kit.lifecycles().get("logs-mail-privacy").path("data_retention").asText()).isEqualTo("30d");
    }

    @TestFactory
    Stream<DynamicTest> watchesParseAndFollowTheRules() throws IOException {
        Kit kit = KitFiles.kit();
        assertThat(kit.watches()).hasSizeGreaterThanOrEqualTo(15);
        return kit.watches().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            ObjectNode w = e.getValue();
            // the client's watch model knows only `query` in a search body: parse the body as a SearchRequest
            ObjectNode body = (ObjectNode) w.at("/input/search/request/body");
            SearchRequest search = SearchRequest.of(b -> b.withJson(new StringReader(body.toString())));
            assertThat(search.aggregations()).containsKey("keys");
            ObjectNode forModel = w.deepCopy();
            ObjectNode queryOnly = Kit.JSON.createObjectNode();
            queryOnly.set("query", body.get("query"));
            forModel.withObject("/input/search/request").set("body", queryOnly);
            Watch watch = Watch._DESERIALIZER.deserialize(
                    MAPPER.jsonProvider().createParser(new StringReader(forModel.toString())), MAPPER);
            assertThat(watch.trigger().schedule()).isNotNull();
            assertThat(watch.condition().isArrayCompare()).as("array_compare condition").isTrue();
            assertThat(watch.throttlePeriod()).isNotNull();

            JsonNode m = w.get("metadata");
            assertThat(m.at("/rule/id").asText()).isEqualTo(e.getKey());
            for (String f : List.of("/rule/name", "/rule/description", "/rule/category", "/key_field", "/value_path",
                    "/comparison", "/window", "/tuning", "/response")) {
                assertThat(m.at(f).asText()).as(e.getKey() + " metadata" + f).isNotBlank();
            }
            assertThat(m.get("severity").asInt()).isBetween(1, 100);
            assertThat(m.at("/rule/category").asText()).isIn("email", "authentication", "intrusion_detection", "network", "process");
            // the condition compares the metadata's value_path with the metadata's threshold
            JsonNode cond = w.at("/condition/array_compare/ctx.payload.aggregations.keys.buckets");
            assertThat(cond.get("path").asText()).isEqualTo(m.get("value_path").asText());
            JsonNode op = cond.get(m.get("comparison").asText());
            assertThat(op).as("operator " + m.get("comparison")).isNotNull();
            assertThat(op.get("quantifier").asText()).isEqualTo("some");
            String value = op.get("value").asText();
            if (m.get("threshold").isTextual()) assertThat(value).isEqualTo("<{" + m.get("threshold").asText() + "}>");
            else assertThat(value).isEqualTo("{{ctx.metadata.threshold}}");
            assertThat(body.at("/aggs/keys/terms/field").asText()).isEqualTo(m.get("key_field").asText());
            // no scripts where Watcher evaluates: input and condition
            assertThat(w.get("input").toString() + w.get("condition")).doesNotContain("\"script\"");
            // actions: logging and index on; email and webhook present but off until configured
            JsonNode actions = w.get("actions");
            assertThat(actions.at("/log/logging/text").asText()).contains("{{ctx.metadata.rule.id}}");
            assertThat(actions.at("/index_alert/index/index").asText()).isEqualTo("logs-mail.alert-default");
            assertThat(actions.at("/index_alert/index/op_type").asText()).isEqualTo("create");
            assertThat(actions.at("/index_alert/transform/script/id").asText()).isEqualTo(Kit.ALERT_SCRIPT_ID);
            assertThat(actions.at("/email_admins/condition/never").isObject()).isTrue();
            assertThat(actions.at("/notify_webhook/condition/never").isObject()).isTrue();
            for (String index : watch.input().search().request().indices()) assertThat(index).matches("logs-mail\\.[a-z]+-\\*");
        }));
    }

    @Test
    void namespaceRewritesWatchIndicesAndIds() throws IOException {
        Kit kit = KitFiles.kit().forNamespace("prod");
        assertThat(kit.watches()).containsKey("mail-auth-failures-ip-prod");
        JsonNode w = kit.watches().get("mail-auth-failures-ip-prod");
        assertThat(w.at("/input/search/request/indices").toString()).contains("logs-mail.dovecot-prod").doesNotContain("*");
        assertThat(w.at("/actions/index_alert/index/index").asText()).isEqualTo("logs-mail.alert-prod");
    }

    /** Every field the engine emits on every golden file and corpus is mapped, with a type that fits its values. */
    @Test
    void everyEmittedFieldIsMappedWithAFittingType() throws IOException {
        Map<String, String> mapped = KitFiles.mappedFields(KitFiles.kit());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(TestParsers.RESOURCES)) {
            s.filter(Files::isRegularFile).filter(p -> Corpora.isLog(p)).sorted().forEach(files::add);
        }
        TreeSet<String> problems = new TreeSet<>();
        MailParser parser = TestParsers.parser();
        for (Path f : files) {
            for (MailEvent e : TestParsers.parse(parser, TestParsers.lines(f))) {
                for (int i = 0; i < e.size(); i++) {
                    String field = e.keyAt(i);
                    Object v = e.valueAt(i);
                    if (v instanceof List<?> l && !l.isEmpty()) v = l.get(0);
                    if (field.startsWith("postfix.commands.")) {
                        if (!(v instanceof Long)) problems.add(field + " is not a long");
                        continue; // mapped by the postfix_commands dynamic template
                    }
                    if (field.startsWith("exim.field.") || field.startsWith("postfix.attributes.")) continue; // flattened
                    String type = mapped.get(field);
                    if (type == null) {
                        problems.add(field + " is not mapped");
                    } else if (!fits(type, v)) {
                        problems.add(field + " is " + type + " but carries " + v.getClass().getSimpleName());
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    static boolean fits(String type, Object v) {
        return switch (type) {
            case "long" -> v instanceof Long || v instanceof Integer;
            case "double" -> v instanceof Double || v instanceof Long;
            case "boolean" -> v instanceof Boolean;
            case "date", "date_nanos", "keyword", "match_only_text", "wildcard", "ip", "constant_keyword", "text" -> v instanceof String;
            default -> false;
        };
    }
}
