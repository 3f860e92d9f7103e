package org.mailsight.elasticsearch;

import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The part of Mustache that Kibana's action parameters use here: {@code {{a.b}}} variables and
 * {@code {{#list}}...{{/list}}} sections over lists of maps, rendered into every string of a JSON value (as
 * Kibana renders an index connector's documents). Enough to index what a rule's action would write.
 */
final class Mustache {
    private Mustache() {}

    static JsonNode render(JsonNode node, Map<String, Object> context) {
        if (node.isTextual()) return Kit.JSON.getNodeFactory().textNode(render(node.asText(), context));
        if (node instanceof ObjectNode o) {
            ObjectNode out = Kit.JSON.createObjectNode();
            o.fields().forEachRemaining(e -> out.set(e.getKey(), render(e.getValue(), context)));
            return out;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode out = Kit.JSON.createArrayNode();
            a.forEach(n -> out.add(render(n, context)));
            return out;
        }
        return node;
    }

    static String render(String template, Map<String, Object> context) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int open = template.indexOf("{{", i);
            if (open < 0) return out.append(template.substring(i)).toString();
            out.append(template, i, open);
            int close = template.indexOf("}}", open);
            String tag = template.substring(open + 2, close).strip();
            if (tag.startsWith("#")) {
                String name = tag.substring(1);
                String end = "{{/" + name + "}}";
                int endAt = template.indexOf(end, close);
                String inner = template.substring(close + 2, endAt);
                if (lookup(name, context) instanceof List<?> items) {
                    for (Object item : items) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> scope = item instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                        out.append(render(inner, scope));
                    }
                }
                i = endAt + end.length();
            } else {
                Object v = lookup(tag, context);
                out.append(v == null ? "" : v);
                i = close + 2;
            }
        }
    }

    private static Object lookup(String path, Map<String, Object> context) {
        Object v = context;
        for (String part : path.split("\\.")) {
            if (!(v instanceof Map<?, ?> m)) return null;
            v = m.get(part);
        }
        return v;
    }
}
