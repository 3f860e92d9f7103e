package org.mailsight.elasticsearch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test helpers over the kit's files: the repository's copy, formatting, the merged mapping. */
final class KitFiles {
    private KitFiles() {}

    static final Path ROOT = Path.of(".");
    static final List<String> FOLDERS = List.of("ecs-mappings", "ilm-policies", "watcher-rules", "kibana-dashboards",
            "kibana-rules");

    static Kit kit() throws IOException {
        return Kit.load(ROOT);
    }

    static List<Path> jsonFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : FOLDERS) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(folder))) {
                s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    /** The kit's formatting: 2 spaces, one member or element per line, {@code "key": value}, {@code {}} and {@code []} when empty. */
    static String pretty(JsonNode node) throws IOException {
        StringBuilder out = new StringBuilder();
        pretty(node, "", out);
        return out.append('\n').toString();
    }

    private static void pretty(JsonNode node, String indent, StringBuilder out) throws IOException {
        String inner = indent + "  ";
        if (node.isObject() && !node.isEmpty()) {
            out.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.append(inner).append(Kit.JSON.writeValueAsString(e.getKey())).append(": ");
                pretty(e.getValue(), inner, out);
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (node.isArray() && !node.isEmpty()) {
            out.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                out.append(inner);
                pretty(node.get(i), inner, out);
                out.append(i + 1 < node.size() ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        } else if (node.isObject()) {
            out.append("{}");
        } else if (node.isArray()) {
            out.append("[]");
        } else {
            out.append(Kit.JSON.writeValueAsString(node));
        }
    }

    /** Every mapped leaf field of the main index template, with its type (sub-fields as {@code a.b.text}). */
    static Map<String, String> mappedFields(Kit kit) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (JsonNode name : kit.indexTemplates().get("logs-mail").path("composed_of")) {
            ObjectNode t = kit.componentTemplates().get(name.asText());
            if (t == null) continue; // the optional @custom hooks
            collect(t.path("template").path("mappings").path("properties"), "", fields);
        }
        return fields;
    }

    private static void collect(JsonNode properties, String prefix, Map<String, String> out) {
        properties.fields().forEachRemaining(e -> {
            String path = prefix + e.getKey();
            JsonNode m = e.getValue();
            String type = m.path("type").asText("object");
            if (m.has("properties")) {
                if (type.equals("nested")) out.put(path, "nested");
                collect(m.get("properties"), path + ".", out);
            } else {
                out.put(path, type);
            }
            m.path("fields").fields().forEachRemaining(f -> out.put(path + "." + f.getKey(), f.getValue().path("type").asText()));
        });
    }

    /** Field types that a terms, cardinality or percentile aggregation can use. */
    static boolean aggregatable(String type) {
        return !List.of("text", "match_only_text", "nested", "object", "flattened").contains(type);
    }
}
