package org.mailsight.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one place where the kit is adapted to the test node, which lacks three x-pack mapping types: a copy of the
 * kit with {@code match_only_text} → {@code text}, {@code wildcard} and {@code constant_keyword} → {@code keyword}.
 * (The node also lacks ILM: {@code mailsight setup} itself switches to the data stream lifecycle there.)
 * After adapting, the copy is checked to differ from the kit in nothing else.
 */
final class TestNodeKit {
    private TestNodeKit() {}

    static final Map<String, String> SWAPS = Map.of("match_only_text", "text", "wildcard", "keyword", "constant_keyword", "keyword");

    static String onTestNode(String type) {
        return SWAPS.getOrDefault(type, type);
    }

    static void adapt(Path kit, Path to) throws IOException {
        for (String folder : KitFiles.FOLDERS) {
            Path from = kit.resolve(folder);
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : s.toList()) {
                    Path target = to.resolve(folder).resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(target);
                    else Files.copy(p, target);
                }
            }
        }
        int swapped = 0;
        try (Stream<Path> s = Files.list(to.resolve("ecs-mappings/component-templates"))) {
            for (Path f : s.toList()) {
                ObjectNode original = (ObjectNode) Kit.JSON.readTree(f.toFile());
                ObjectNode adapted = original.deepCopy();
                swapped += swap(adapted);
                Files.writeString(f, adapted.toPrettyString());
                // nothing else differs: undoing the swaps gives the kit's file back
                ObjectNode undone = adapted.deepCopy();
                unswap(undone, original);
                assertThat(undone).as(f.toString()).isEqualTo(original);
            }
        }
        assertThat(swapped).as("types swapped for the test node").isGreaterThan(5);
    }

    private static int swap(JsonNode node) {
        int n = 0;
        if (node instanceof ObjectNode o) {
            JsonNode type = o.get("type");
            if (type != null && type.isTextual() && SWAPS.containsKey(type.asText())) {
                o.put("type", SWAPS.get(type.asText()));
                n++;
            }
            for (JsonNode child : o) n += swap(child);
        } else if (node.isArray()) {
            for (JsonNode child : node) n += swap(child);
        }
        return n;
    }

    /** Puts back the original type wherever the adapted copy holds a swapped one. */
    private static void unswap(JsonNode adapted, JsonNode original) {
        if (adapted instanceof ObjectNode a && original instanceof ObjectNode o) {
            JsonNode type = o.get("type");
            if (type != null && type.isTextual() && SWAPS.containsKey(type.asText())
                    && SWAPS.get(type.asText()).equals(a.path("type").asText())) {
                a.put("type", type.asText());
            }
            a.fields().forEachRemaining(e -> unswap(e.getValue(), o.path(e.getKey())));
        } else if (adapted.isArray()) {
            for (int i = 0; i < adapted.size(); i++) unswap(adapted.get(i), original.path(i));
        }
    }
}
