package org.mailsight.elasticsearch;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Installs the kit: ILM policies, then templates, then the alert script and the watches, then the Kibana
 * objects. Idempotent (every asset is PUT whole; existing ones are replaced), and it says what it did.
 */
public final class Installer {
    public enum Part { templates, ilm, watches, dashboards, rules }

    private final Kit kit;
    private final PrintWriter out;

    public Installer(Kit kit, PrintWriter out) {
        this.kit = kit;
        this.out = out;
    }

    /** Prints what {@link #install} would do, without talking to any server. */
    public void plan(Set<Part> parts, boolean kibana) {
        out.println("dry run: nothing is sent");
        if (parts.contains(Part.ilm)) kit.ilmPolicies().keySet().forEach(n -> out.println("would put ILM policy " + n));
        if (parts.contains(Part.templates)) {
            kit.componentTemplates().keySet().forEach(n -> out.println("would put component template " + n));
            kit.indexTemplates().keySet().forEach(n -> out.println("would put index template " + n));
        }
        if (parts.contains(Part.watches)) {
            out.println("would put stored script " + Kit.ALERT_SCRIPT_ID);
            kit.watches().keySet().forEach(n -> out.println("would put watch " + n));
        }
        if (parts.contains(Part.dashboards)) {
            out.println(kibana
                    ? "would import " + kit.savedObjects().size() + " Kibana saved objects"
                    : "would skip dashboards: no --kibana URL");
        }
        if (parts.contains(Part.rules)) {
            if (kibana) {
                kit.kibanaConnectors().keySet().forEach(n -> out.println("would put Kibana connector " + n));
                kit.kibanaRules().keySet().forEach(n -> out.println("would put Kibana rule " + n));
            } else {
                out.println("would skip Kibana rules: no --kibana URL");
            }
        }
    }

    public void install(Cluster cluster, Connection kibana, Set<Part> parts, boolean explicitParts) {
        Cluster.Capabilities caps = cluster.capabilities();
        out.println("Elasticsearch " + caps.version() + " at " + cluster.connectionUrl() + ", license " + caps.license());
        if (caps.major() > 0 && (caps.major() < 8 || caps.major() > 9)) {
            throw new IllegalStateException("Elasticsearch " + caps.version() + " is not supported; mailsight needs 8.x or 9.x.");
        }
        Kit k = kit;
        Set<Part> todo = EnumSet.copyOf(parts);
        if (!caps.ilm()) {
            if (todo.contains(Part.ilm) || todo.contains(Part.templates)) {
                out.println("ILM is not available on this cluster: the data streams use the data stream lifecycle instead ("
                        + k.lifecycles().get("logs-mail").path("data_retention").asText() + ", alerts "
                        + k.lifecycles().get("logs-mail-alerts").path("data_retention").asText() + ")");
            }
            todo.remove(Part.ilm);
            k = k.withDataStreamLifecycle();
        }
        if (todo.contains(Part.ilm)) {
            for (Map.Entry<String, ObjectNode> e : k.ilmPolicies().entrySet()) {
                put(cluster, "/_ilm/policy/" + e.getKey(), e.getValue(), "ILM policy " + e.getKey());
            }
        }
        if (todo.contains(Part.templates)) {
            for (Map.Entry<String, ObjectNode> e : k.componentTemplates().entrySet()) {
                put(cluster, "/_component_template/" + e.getKey(), e.getValue(), "component template " + e.getKey());
            }
            for (Map.Entry<String, ObjectNode> e : k.indexTemplates().entrySet()) {
                put(cluster, "/_index_template/" + e.getKey(), e.getValue(), "index template " + e.getKey());
            }
        }
        if (todo.contains(Part.watches)) {
            if (!caps.watcher()) {
                String why = "Watcher is not available with the " + caps.license() + " license (it needs Gold, Platinum, "
                        + "Enterprise or a trial); " + k.watches().size() + " watches not installed, see docs/elasticsearch.md for the alternatives";
                if (explicitParts && parts.size() == 1) throw new IllegalStateException(why + ".");
                out.println("skipped: " + why);
            } else {
                ObjectNode script = Kit.JSON.createObjectNode();
                script.putObject("script").put("lang", "painless").put("source", k.alertScript());
                put(cluster, "/_scripts/" + Kit.ALERT_SCRIPT_ID, script, "stored script " + Kit.ALERT_SCRIPT_ID);
                for (Map.Entry<String, ObjectNode> e : k.watches().entrySet()) {
                    put(cluster, "/_watcher/watch/" + e.getKey() + "?active=true", e.getValue(), "watch " + e.getKey());
                }
            }
        }
        if (todo.contains(Part.dashboards)) {
            if (kibana == null) {
                if (explicitParts) throw new IllegalStateException("--only dashboards needs --kibana URL.");
                out.println("skipped: dashboards (no --kibana URL)");
            } else {
                dashboards(k, kibana);
            }
        }
        if (todo.contains(Part.rules)) rules(k, caps, kibana, parts, explicitParts);
        out.flush();
    }

    /** Imports the saved objects (data view, saved searches, dashboards) into Kibana; needs no Elasticsearch. */
    public void dashboards(Kit k, Connection kibana) {
        KibanaImport.Result r = KibanaImport.importObjects(kibana, k.kibanaNdjson());
        if (r.firstError() != null) {
            throw new IllegalStateException("Kibana imported " + r.successCount() + " of " + k.savedObjects().size()
                    + " saved objects; the first error: " + r.firstError() + ".");
        }
        long dashboards = k.savedObjects().stream().filter(o -> o.path("type").asText().equals("dashboard")).count();
        out.println("imported " + r.successCount() + " Kibana saved objects (data view, saved searches, "
                + dashboards + " dashboards) into " + kibana);
    }

    /**
     * Kibana rules: on a cluster without Watcher, one per watch plus the notification rule; with Watcher only the
     * notification rule (the watches already write the alerts), unless asked for with --only rules.
     */
    private void rules(Kit k, Cluster.Capabilities caps, Connection kibana, Set<Part> parts, boolean explicitParts) {
        if (kibana == null) {
            if (explicitParts && parts.contains(Part.rules)) throw new IllegalStateException("--only rules needs --kibana URL.");
            out.println("skipped: Kibana rules (no --kibana URL)");
            return;
        }
        Map<String, ObjectNode> rules = k.kibanaRules();
        if (caps.watcher() && !explicitParts) {
            rules = new java.util.LinkedHashMap<>(rules);
            int before = rules.size();
            rules.keySet().removeIf(id -> !id.startsWith(Kit.NOTIFY_RULE_ID));
            out.println("Watcher is available: " + (before - rules.size()) + " Kibana rules that stand in for the watches"
                    + " left out (install them with --only rules)");
        }
        KibanaRules.install(kibana, k.kibanaConnectors(), rules, out);
    }

    private void put(Cluster cluster, String path, ObjectNode body, String what) {
        String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        boolean existed = cluster.exists(plain);
        cluster.send("PUT", path, body.toString(), what);
        out.println((existed ? "updated " : "created ") + what);
    }
}
