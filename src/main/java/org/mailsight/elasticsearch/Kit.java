package org.mailsight.elasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Elasticsearch kit as files: component and index templates, ILM policies and their data stream lifecycle
 * equivalents, watches and their alert transform, Kibana saved objects. Loaded from a folder (the repository,
 * or {@code --kit DIR}) or from the jar ({@code kit/}). Names come from file names; order is file-name order.
 */
public record Kit(
        Map<String, ObjectNode> componentTemplates,
        Map<String, ObjectNode> indexTemplates,
        Map<String, ObjectNode> ilmPolicies,
        Map<String, ObjectNode> lifecycles,
        Map<String, ObjectNode> watches,
        String alertScript,
        List<ObjectNode> savedObjects,
        Map<String, ObjectNode> kibanaConnectors,
        Map<String, ObjectNode> kibanaRules) {

    public static final ObjectMapper JSON = new ObjectMapper();
    /** The stored script every watch's index action transforms its payload with. */
    public static final String ALERT_SCRIPT_ID = "mailsight-alert-documents";
    /** Index template names, by file: the main one and the alert one. */
    static final Map<String, String> INDEX_TEMPLATE_FILES = Map.of(
            "index-template.json", "logs-mail", "index-template-alert.json", "logs-mail.alert");

    /** The kit bundled in the jar (or on the test class path). */
    public static Kit bundled() {
        URL url = Kit.class.getResource("/kit/ecs-mappings/index-template.json");
        if (url == null) throw new IllegalStateException("the kit is not on the class path (kit/ecs-mappings)");
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return load(fs.getPath("/kit"));
                }
            }
            return load(Path.of(uri).getParent().getParent());
        } catch (URISyntaxException | IOException ex) {
            throw new IllegalStateException("cannot read the bundled kit: " + ex.getMessage(), ex);
        }
    }

    /** The Kibana rule that notifies on every new alert document (the others stand in for the watches). */
    public static final String NOTIFY_RULE_ID = "mail-alert-new";

    /**
     * Loads the kit from a folder holding ecs-mappings/, ilm-policies/, watcher-rules/, kibana-dashboards/ and
     * kibana-rules/.
     */
    public static Kit load(Path root) throws IOException {
        Map<String, ObjectNode> index = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(INDEX_TEMPLATE_FILES).entrySet()) {
            index.put(e.getValue(), read(root.resolve("ecs-mappings").resolve(e.getKey())));
        }
        List<ObjectNode> saved = new ArrayList<>();
        // data views first, then saved searches, then dashboards: the order Kibana resolves references in
        for (String type : List.of("index-pattern", "search", "dashboard")) {
            saved.addAll(folder(root.resolve("kibana-dashboards").resolve(type)).values());
        }
        return new Kit(
                folder(root.resolve("ecs-mappings/component-templates")),
                index,
                folder(root.resolve("ilm-policies")),
                folder(root.resolve("ilm-policies/data-stream-lifecycle")),
                folder(root.resolve("watcher-rules")),
                Files.readString(root.resolve("watcher-rules/scripts/" + ALERT_SCRIPT_ID + ".painless")),
                saved,
                folder(root.resolve("kibana-rules/connectors")),
                folder(root.resolve("kibana-rules")));
    }

    private static Map<String, ObjectNode> folder(Path dir) throws IOException {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) throw new IOException("missing kit folder " + dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            out.put(name.substring(0, name.length() - ".json".length()), read(f));
        }
        return Collections.unmodifiableMap(out);
    }

    private static ObjectNode read(Path file) throws IOException {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | ClassCastException ex) {
            throw new IOException("kit file " + file + " is not a JSON object: " + ex.getMessage(), ex);
        }
    }

    /** The saved objects as Kibana imports them: NDJSON, with the JSON-in-a-string attributes encoded. */
    public String kibanaNdjson() {
        StringBuilder out = new StringBuilder();
        for (ObjectNode o : savedObjects) {
            try {
                out.append(JSON.writeValueAsString(KibanaObjects.encode(o))).append('\n');
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return out.toString();
    }

    /**
     * For clusters without ILM (Serverless, or a node without the ILM module): no {@code index.lifecycle.*}
     * settings, and the data stream lifecycle equivalents on the index templates instead.
     */
    public Kit withDataStreamLifecycle() {
        Map<String, ObjectNode> components = new LinkedHashMap<>();
        componentTemplates.forEach((name, t) -> {
            ObjectNode copy = t.deepCopy();
            if (copy.path("template").path("settings").path("index") instanceof ObjectNode index) {
                index.remove("lifecycle");
                if (index.isEmpty()) ((ObjectNode) copy.get("template").get("settings")).remove("index");
                if (copy.get("template").get("settings").isEmpty()) ((ObjectNode) copy.get("template")).remove("settings");
            }
            components.put(name, copy);
        });
        Map<String, ObjectNode> index = new LinkedHashMap<>();
        indexTemplates.forEach((name, t) -> {
            ObjectNode copy = t.deepCopy();
            ObjectNode lifecycle = lifecycles.get(name.equals("logs-mail.alert") ? "logs-mail-alerts" : "logs-mail");
            copy.withObject("/template").set("lifecycle", lifecycle.deepCopy());
            index.put(name, copy);
        });
        return new Kit(components, index, ilmPolicies, lifecycles, watches, alertScript, savedObjects, kibanaConnectors,
                kibanaRules);
    }

    /**
     * Watches for one namespace: they read {@code logs-mail.<dataset>-<ns>} and write alerts to
     * {@code logs-mail.alert-<ns>}; their ids get the suffix {@code -<ns>} (none for {@code default}, whose
     * watches read every namespace).
     */
    public Kit forNamespace(String namespace) {
        if (namespace.equals("default")) return this;
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        watches.forEach((id, w) -> {
            ObjectNode copy = w.deepCopy();
            com.fasterxml.jackson.databind.node.ArrayNode indices = copy.withObject("/input/search/request").withArray("indices");
            for (int i = 0; i < indices.size(); i++) {
                String pattern = indices.get(i).asText();
                indices.set(i, Kit.JSON.getNodeFactory().textNode(pattern.substring(0, pattern.length() - 1) + namespace));
            }
            copy.withObject("/actions/index_alert/index").put("index", "logs-mail.alert-" + namespace);
            out.put(id + "-" + namespace, copy);
        });
        // the Kibana rules and the alert index connector likewise
        Map<String, ObjectNode> rules = new LinkedHashMap<>();
        kibanaRules.forEach((id, r) -> {
            ObjectNode copy = r.deepCopy();
            ObjectNode params = copy.withObject("/params");
            if (params.get("index") instanceof com.fasterxml.jackson.databind.node.ArrayNode indices) {
                for (int i = 0; i < indices.size(); i++) indices.set(i, ofNamespace(indices.get(i).asText(), namespace));
            }
            if (params.path("esqlQuery").get("esql") != null) {
                String esql = params.get("esqlQuery").get("esql").asText();
                params.withObject("/esqlQuery").put("esql", esql.replaceAll("(logs-mail\\.[a-z]+)-\\*", "$1-" + namespace));
            }
            for (com.fasterxml.jackson.databind.JsonNode a : copy.withArray("actions")) {
                if (a instanceof ObjectNode action) action.put("id", action.path("id").asText() + "-" + namespace);
            }
            rules.put(id + "-" + namespace, copy);
        });
        Map<String, ObjectNode> connectors = new LinkedHashMap<>();
        kibanaConnectors.forEach((id, c) -> {
            ObjectNode copy = c.deepCopy();
            if (copy.path("config").has("index")) copy.withObject("/config").put("index", "logs-mail.alert-" + namespace);
            copy.put("name", copy.path("name").asText().replace("-default", "-" + namespace) + " (" + namespace + ")");
            connectors.put(id + "-" + namespace, copy);
        });
        return new Kit(componentTemplates, indexTemplates, ilmPolicies, lifecycles, out, alertScript, savedObjects,
                connectors, rules);
    }

    private static com.fasterxml.jackson.databind.node.TextNode ofNamespace(String pattern, String namespace) {
        return Kit.JSON.getNodeFactory().textNode(pattern.endsWith("-*")
                ? pattern.substring(0, pattern.length() - 1) + namespace : pattern);
    }
}
