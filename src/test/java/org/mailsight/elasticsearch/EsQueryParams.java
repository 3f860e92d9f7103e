package org.mailsight.elasticsearch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The checks Kibana's Elasticsearch query rule type ({@code .es-query}) makes on its parameters, re-implemented
 * from its parameter schema and validation function (Kibana's stack_alerts / response-ops rule params): types,
 * ranges, conditional keys per search type, grouping, thresholds, and no unknown keys.
 */
final class EsQueryParams {
    private EsQueryParams() {}

    static final int MAX_HITS = 10_000;
    static final int MAX_GROUPS = 1000;
    static final Set<String> KEYS = Set.of("size", "timeWindowSize", "excludeHitsFromPreviousRun", "timeWindowUnit",
            "threshold", "thresholdComparator", "aggType", "aggField", "groupBy", "termField", "termSize", "searchType",
            "timeField", "searchConfiguration", "esQuery", "index", "esqlQuery", "sourceFields");

    static List<String> problems(JsonNode p) {
        List<String> out = new ArrayList<>();
        if (!p.isObject()) return List.of("params: expected an object");
        Iterator<String> keys = p.fieldNames();
        while (keys.hasNext()) {
            String k = keys.next();
            if (!KEYS.contains(k)) out.add("[" + k + "]: definition for this key is missing");
        }
        if (!p.path("size").canConvertToInt() || p.get("size").asInt() < 0 || p.get("size").asInt() > MAX_HITS) out.add("[size]: 0 to 10000");
        if (!p.path("timeWindowSize").canConvertToInt() || p.get("timeWindowSize").asInt() < 1) out.add("[timeWindowSize]: at least 1");
        if (!Set.of("s", "m", "h", "d").contains(p.path("timeWindowUnit").asText())) out.add("[timeWindowUnit]: s, m, h or d");
        JsonNode threshold = p.path("threshold");
        if (!threshold.isArray() || threshold.size() < 1 || threshold.size() > 2 || !threshold.get(0).isNumber()) out.add("[threshold]: 1 or 2 numbers");
        String comparator = p.path("thresholdComparator").asText();
        if (!Set.of(">", ">=", "<", "<=", "between", "notBetween").contains(comparator)) out.add("[thresholdComparator]: invalid");
        if ((comparator.equals("between") || comparator.equals("notBetween")) && threshold.size() != 2) out.add("[threshold]: two for between");
        if (p.has("excludeHitsFromPreviousRun") && !p.get("excludeHitsFromPreviousRun").isBoolean()) out.add("[excludeHitsFromPreviousRun]: boolean");
        String aggType = p.path("aggType").asText("count");
        if (!Set.of("count", "avg", "min", "max", "sum").contains(aggType)) out.add("[aggType]: invalid");
        if (!aggType.equals("count") && !p.path("aggField").isTextual()) out.add("[aggField]: required for " + aggType);
        String searchType = p.path("searchType").asText("esQuery");
        String groupBy = p.path("groupBy").asText("all");
        boolean esql = searchType.equals("esqlQuery");
        if (!Set.of("all", "top", "row").contains(groupBy)) out.add("[groupBy]: invalid");
        if (groupBy.equals("top")) {
            if (esql) out.add("[groupBy]: all or row for esqlQuery");
            JsonNode term = p.path("termField");
            boolean termOk = term.isTextual() && !term.asText().isEmpty()
                    || term.isArray() && term.size() >= 2 && term.size() <= 4;
            if (!termOk) out.add("[termField]: required when [groupBy] is top");
            if (!p.path("termSize").canConvertToInt() || p.get("termSize").asInt() < 1) out.add("[termSize]: required when [groupBy] is top");
            else if (p.get("termSize").asInt() > MAX_GROUPS) out.add("[termSize]: at most 1000");
        }
        if (groupBy.equals("row") && !esql) out.add("[groupBy]: all or top unless esqlQuery");
        switch (searchType) {
            case "esQuery" -> {
                if (!p.path("timeField").isTextual() || p.get("timeField").asText().isEmpty()) out.add("[timeField]: required");
                JsonNode index = p.path("index");
                if (!index.isArray() || index.isEmpty()) out.add("[index]: at least one");
                if (!p.path("esQuery").isTextual()) {
                    out.add("[esQuery]: expected value of type [string]");
                } else {
                    try {
                        JsonNode q = Kit.JSON.readTree(p.get("esQuery").asText());
                        if (q == null || !q.has("query")) out.add("[esQuery]: must contain \"query\"");
                    } catch (IOException e) {
                        out.add("[esQuery]: must be valid JSON");
                    }
                }
                if (p.has("esqlQuery") || p.has("searchConfiguration")) out.add("[esqlQuery]/[searchConfiguration]: not for esQuery");
            }
            case "esqlQuery" -> {
                if (!p.path("esqlQuery").path("esql").isTextual() || p.get("esqlQuery").get("esql").asText().isBlank()) out.add("[esqlQuery.esql]: required");
                if (!p.path("timeField").isTextual()) out.add("[timeField]: is required");
                if (!comparator.equals(">")) out.add("[thresholdComparator]: is required to be greater than");
                if (threshold.size() != 1 || threshold.get(0).asDouble() != 0) out.add("[threshold]: is required to be 0");
                if (p.has("esQuery") || p.has("index")) out.add("[esQuery]/[index]: not for esqlQuery");
            }
            case "searchSource" -> {
                if (!p.path("searchConfiguration").isObject()) out.add("[searchConfiguration]: required");
            }
            default -> out.add("[searchType]: invalid");
        }
        return out;
    }
}
