package org.mailsight.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mailsight.elasticsearch.Cluster;
import org.mailsight.event.MailEvent;

/**
 * The events of a time range read back from Elasticsearch ({@code logs-mail.*}: lines, message summaries and
 * alerts of every mail host), for the same {@link ReportBuilder} the files go through: the same definitions give
 * the same numbers. Read in pages with a scroll, only the fields the report uses.
 */
public final class ElasticSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 2000;
    /** What the report reads of each document. */
    private static final List<String> FIELDS = List.of("@timestamp", "event.*", "email.*", "mail.*", "source.*",
            "user.name", "tls.*", "postfix.tls.trust", "process.name", "service.type", "log.syslog.appname",
            "network.protocol", "rule.name", "error.message", "message");

    private ElasticSource() {}

    /** Sends every event of [{@code since}, {@code until}) in {@code index} to {@code out}; returns how many. */
    public static long read(Cluster cluster, String index, Instant since, Instant until, Consumer<MailEvent> out) {
        ObjectNode body = JSON.createObjectNode().put("size", PAGE);
        body.putArray("sort").add("_doc");
        FIELDS.forEach(body.putArray("_source")::add);
        ObjectNode range = body.putObject("query").putObject("range").putObject("@timestamp");
        if (since != null) range.put("gte", since.toString());
        if (until != null) range.put("lt", until.toString());
        if (since == null && until == null) body.set("query", JSON.createObjectNode().set("match_all", JSON.createObjectNode()));
        JsonNode page = cluster.send("POST", "/" + index + "/_search?scroll=2m&ignore_unavailable=true&allow_no_indices=true",
                body.toString(), "the report's search of " + index);
        long n = 0;
        String scroll = page.path("_scroll_id").asText(null);
        try {
            while (page.path("hits").path("hits").size() > 0) {
                for (JsonNode hit : page.path("hits").path("hits")) {
                    MailEvent e = event(hit.path("_source"));
                    if (e != null) {
                        out.accept(e);
                        n++;
                    }
                }
                if (scroll == null) break;
                page = cluster.send("POST", "/_search/scroll",
                        JSON.createObjectNode().put("scroll", "2m").put("scroll_id", scroll).toString(), "the next page of the report's search");
                scroll = page.path("_scroll_id").asText(scroll);
            }
        } finally {
            if (scroll != null) {
                try {
                    cluster.send("DELETE", "/_search/scroll", JSON.createObjectNode().put("scroll_id", scroll).toString(), "the end of the search");
                } catch (IllegalStateException ignored) {
                    // the scroll expires by itself
                }
            }
        }
        return n;
    }

    /** A document as the engine's event: dotted field names, whole numbers as Long; null without a time. */
    static MailEvent event(JsonNode source) {
        JsonNode time = source.get("@timestamp");
        if (time == null || !time.isTextual()) return null;
        Instant t;
        try {
            t = Instant.parse(time.asText());
        } catch (java.time.format.DateTimeParseException ex) {
            return null;
        }
        MailEvent e = new MailEvent();
        e.timestamp(t.getEpochSecond(), t.getNano());
        flatten(source, "", e);
        e.remove("@timestamp");
        return e;
    }

    private static void flatten(JsonNode node, String prefix, MailEvent e) {
        node.fields().forEachRemaining(f -> {
            String key = (prefix + f.getKey()).intern(); // the event compares keys by identity
            if (f.getValue().isObject()) flatten(f.getValue(), key + ".", e);
            else e.put(key, value(f.getValue()));
        });
    }

    private static Object value(JsonNode v) {
        if (v.isTextual()) return v.asText();
        if (v.isIntegralNumber()) return v.asLong();
        if (v.isNumber()) return v.asDouble();
        if (v.isBoolean()) return v.asBoolean();
        if (v.isArray()) {
            List<Object> list = new ArrayList<>(v.size());
            v.forEach(x -> list.add(value(x)));
            return list;
        }
        if (v.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            v.fields().forEachRemaining(f -> m.put(f.getKey(), value(f.getValue())));
            return m;
        }
        return null;
    }

}
