package org.mailsight.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a number of the JSON report by the path a view gives it ({@code hourly[3].delivered}). */
final class JsonPaths {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonPaths() {}

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("the JSON report does not parse", e);
        }
    }

    static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            n = n.path(name);
            if (bracket >= 0) n = n.path(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
        }
        if (!n.isNumber()) throw new AssertionError("no number at " + path + " in the JSON report");
        return n;
    }
}
