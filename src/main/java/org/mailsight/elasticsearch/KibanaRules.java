package org.mailsight.elasticsearch;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Kibana alerting, which works on a Basic license where Watcher does not: the connectors and Elasticsearch query
 * rules of {@code kibana-rules/}, each created under its own id or, when it exists, updated in place (setup stays
 * idempotent). Rules keep their query DSL decoded in the kit; Kibana wants {@code params.esQuery} as a string.
 */
public final class KibanaRules {
    private KibanaRules() {}

    static final String CONNECTORS = "/api/actions/connector/";
    static final String RULES = "/api/alerting/rule/";

    /** The body of a create request: the rule as the kit keeps it, its query DSL encoded. */
    public static ObjectNode createBody(ObjectNode rule) {
        ObjectNode copy = rule.deepCopy();
        if (copy.path("params").get("esQuery") instanceof ObjectNode query) {
            try {
                copy.withObject("/params").put("esQuery", Kit.JSON.writeValueAsString(query));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return copy;
    }

    /** The body of an update: what may change (Kibana refuses the rule type, consumer and enabled there). */
    public static ObjectNode updateBody(ObjectNode rule) {
        ObjectNode copy = createBody(rule);
        copy.remove("rule_type_id");
        copy.remove("consumer");
        copy.remove("enabled");
        return copy;
    }

    static void install(Connection kibana, Map<String, ObjectNode> connectors, Map<String, ObjectNode> rules,
            PrintWriter out) {
        for (Map.Entry<String, ObjectNode> c : connectors.entrySet()) {
            ObjectNode update = c.getValue().deepCopy();
            update.remove("connector_type_id");
            put(kibana, CONNECTORS, c.getKey(), c.getValue(), update, "Kibana connector", out);
        }
        for (Map.Entry<String, ObjectNode> r : rules.entrySet()) {
            put(kibana, RULES, r.getKey(), createBody(r.getValue()), updateBody(r.getValue()), "Kibana rule", out);
        }
    }

    private static void put(Connection kibana, String api, String id, ObjectNode create, ObjectNode update,
            String what, PrintWriter out) {
        KibanaHttp.Answer existing = KibanaHttp.send(kibana, "GET", api + id, null, null);
        boolean exists = existing.ok();
        if (!exists && existing.status() != 404) throw refused(kibana, what, id, existing);
        KibanaHttp.Answer a = KibanaHttp.send(kibana, exists ? "PUT" : "POST", api + id, "application/json",
                (exists ? update : create).toString());
        if (!a.ok()) throw refused(kibana, what, id, a);
        out.println((exists ? "updated " : "created ") + what + " " + id);
    }

    private static IllegalStateException refused(Connection kibana, String what, String id, KibanaHttp.Answer a) {
        String hint = a.status() == 403 ? " (the user needs the Kibana privilege All on Stack Rules and Connectors)" : "";
        return new IllegalStateException("Kibana at " + kibana + " refused " + what + " " + id + " (HTTP " + a.status()
                + "): " + Cluster.withoutTrailing(a.reason(), ". \t\n\r\f\u000B") + hint + ".");
    }
}
