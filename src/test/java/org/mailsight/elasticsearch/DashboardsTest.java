package org.mailsight.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The Kibana bundle: importable NDJSON, references that resolve inside it, Lens panels on mapped fields. */
class DashboardsTest {
    @Test
    void bundleHasADataViewTwoSavedSearchesAndFiveDashboards() throws IOException {
        Kit kit = KitFiles.kit();
        List<String> titles = new ArrayList<>();
        for (ObjectNode o : kit.savedObjects()) titles.add(o.get("type").asText() + ":" + o.at("/attributes/title").asText());
        assertThat(titles).containsExactly("index-pattern:logs-mail.*", "search:Account timeline", "search:Mail log explorer",
                "dashboard:[Mail] Alerts", "dashboard:[Mail] Delivery", "dashboard:[Mail] Overview", "dashboard:[Mail] Security",
                "dashboard:[Mail] TLS");
        String ndjson = kit.kibanaNdjson();
        String[] lines = ndjson.split("\n");
        assertThat(lines).hasSize(kit.savedObjects().size());
        for (String line : lines) {
            JsonNode o = Kit.JSON.readTree(line);
            assertThat(o.has("id") && o.has("type") && o.has("attributes")).isTrue();
            if (o.get("type").asText().equals("dashboard")) {
                // Kibana's import expects JSON-in-a-string here
                assertThat(o.at("/attributes/panelsJSON").isTextual()).isTrue();
                assertThat(o.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").isTextual()).isTrue();
                assertThat(Kit.JSON.readTree(o.at("/attributes/panelsJSON").asText()).isArray()).isTrue();
            }
        }
    }

    @Test
    void everyReferenceResolvesInsideTheBundle() throws IOException {
        Kit kit = KitFiles.kit();
        Set<String> ids = new HashSet<>();
        for (ObjectNode o : kit.savedObjects()) assertThat(ids.add(o.get("type").asText() + "/" + o.get("id").asText())).isTrue();
        for (ObjectNode o : kit.savedObjects()) {
            Set<String> names = new HashSet<>();
            for (JsonNode ref : o.path("references")) {
                assertThat(ids).as("reference " + ref + " of " + o.get("id")).contains(ref.get("type").asText() + "/" + ref.get("id").asText());
                names.add(ref.get("name").asText());
            }
            // every Lens layer of every panel has its reference on the dashboard
            for (JsonNode panel : o.at("/attributes/panelsJSON")) {
                JsonNode attrs = panel.at("/embeddableConfig/attributes");
                attrs.at("/state/datasourceStates/formBased/layers").fieldNames().forEachRemaining(layer -> assertThat(names)
                        .as(o.get("id") + " panel " + panel.get("panelIndex").asText())
                        .contains(panel.get("panelIndex").asText() + ":indexpattern-datasource-layer-" + layer));
                for (JsonNode ref : attrs.path("references")) {
                    assertThat(ids).contains(ref.get("type").asText() + "/" + ref.get("id").asText());
                }
            }
            // a saved search embedded in a dashboard: its panel names its reference
            for (JsonNode panel : o.at("/attributes/panelsJSON")) {
                if (panel.path("type").asText().equals("search")) assertThat(names).contains(panel.get("panelRefName").asText());
            }
            if (o.get("type").asText().equals("search")) {
                assertThat(names).contains(o.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON/indexRefName").asText());
            }
        }
    }

    /** Every field a Lens panel or the saved search uses is mapped, aggregatable where a panel aggregates it. */
    @Test
    void everyPanelFieldIsMappedAndAggregatable() throws IOException {
        Kit kit = KitFiles.kit();
        Map<String, String> mapped = KitFiles.mappedFields(kit);
        Set<String> runtime = new HashSet<>();
        kit.savedObjects().get(0).at("/attributes/runtimeFieldMap").fieldNames().forEachRemaining(runtime::add);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Boolean> f : dashboardFields(kit).entrySet()) {
            String type = mapped.get(f.getKey());
            if (runtime.contains(f.getKey())) continue;
            if (type == null) problems.add(f.getKey() + " is not mapped");
            else if (f.getValue() && !KitFiles.aggregatable(type)) problems.add(f.getKey() + " (" + type + ") is not aggregatable");
        }
        assertThat(problems).isEmpty();
    }

    /** Fields the dashboards use: Lens source fields (aggregated: true), KQL and saved-search columns (false). */
    static Map<String, Boolean> dashboardFields(Kit kit) {
        Map<String, Boolean> fields = new java.util.TreeMap<>();
        for (ObjectNode o : kit.savedObjects()) {
            o.at("/attributes/columns").forEach(c -> fields.putIfAbsent(c.asText(), false));
            for (JsonNode panel : o.at("/attributes/panelsJSON")) {
                JsonNode state = panel.at("/embeddableConfig/attributes/state");
                state.at("/datasourceStates/formBased/layers").forEach(layer -> layer.path("columns").forEach(c -> {
                    String f = c.path("sourceField").asText();
                    if (!f.isEmpty() && !f.equals("___records___")) fields.put(f, true);
                }));
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("([a-z_@][a-z0-9_.@]*) :")
                        .matcher(state.at("/query/query").asText());
                while (m.find()) fields.putIfAbsent(m.group(1), false);
            }
        }
        return fields;
    }
}
