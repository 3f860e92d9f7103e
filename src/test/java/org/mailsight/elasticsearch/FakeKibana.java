package org.mailsight.elasticsearch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server that answers like Kibana's saved-object import, connector and alerting rule APIs, and
 * checks requests the way Kibana does (written from Kibana's API docs and its es-query parameter schema, not
 * copied): {@code kbn-xsrf}, JSON bodies, no unknown keys, the rule type's parameters, actions that name an
 * existing connector, connector types a Basic license allows, create-then-update by id.
 */
final class FakeKibana {
    final HttpServer server;
    final List<JsonNode> imported = new ArrayList<>();
    final Map<String, ObjectNode> connectors = new ConcurrentHashMap<>();
    final Map<String, ObjectNode> rules = new ConcurrentHashMap<>();
    final List<String> requests = new ArrayList<>();
    volatile String authorization;
    volatile int refuseWith;

    static final Set<String> BASIC_CONNECTORS = Set.of(".index", ".server-log");

    private FakeKibana(HttpServer server) {
        this.server = server;
    }

    static FakeKibana start() throws IOException {
        FakeKibana k = new FakeKibana(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        k.server.createContext("/", k::handle);
        k.server.start();
        return k;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    private record Reply(int status, String body) {
        static Reply ok(JsonNode body) {
            return new Reply(200, body.toString());
        }

        static Reply error(int status, String message) {
            ObjectNode o = Kit.JSON.createObjectNode().put("statusCode", status).put("error", status == 404 ? "Not Found" : "Bad Request")
                    .put("message", message);
            return new Reply(status, o.toString());
        }
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        requests.add(method + " " + path);
        authorization = ex.getRequestHeaders().getFirst("Authorization");
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Reply reply;
        if (refuseWith != 0) reply = Reply.error(refuseWith, "refused");
        else if (ex.getRequestHeaders().getFirst("kbn-xsrf") == null && !method.equals("GET")) reply = Reply.error(400, "Request must contain a kbn-xsrf header.");
        else if (path.equals("/api/saved_objects/_import")) reply = importObjects(ex, method, body);
        else if (path.startsWith(KibanaRules.CONNECTORS)) reply = connector(ex, method, path.substring(KibanaRules.CONNECTORS.length()), body);
        else if (path.startsWith(KibanaRules.RULES)) reply = rule(ex, method, path.substring(KibanaRules.RULES.length()), body);
        else reply = Reply.error(404, "Not Found");
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(reply.status(), bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private Reply importObjects(HttpExchange ex, String method, String body) throws IOException {
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        if (!method.equals("POST")) return Reply.error(400, "method " + method);
        if (!"overwrite=true".equals(ex.getRequestURI().getQuery())) return Reply.error(400, "query " + ex.getRequestURI().getQuery());
        if (contentType == null || !contentType.startsWith("multipart/form-data; boundary=")) return Reply.error(400, "content type " + contentType);
        String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + 9);
        String file = null;
        for (String part : body.split(java.util.regex.Pattern.quote(boundary))) {
            int end = part.indexOf("\r\n\r\n");
            if (end > 0 && part.substring(0, end).contains("Content-Disposition: form-data; name=\"file\"; filename=")) {
                file = part.substring(end + 4, part.length() - 2);
            }
        }
        if (file == null) return Reply.error(400, "no multipart field 'file'");
        int n = 0;
        for (String line : file.split("\n")) {
            if (line.isBlank()) continue;
            imported.add(Kit.JSON.readTree(line));
            n++;
        }
        return new Reply(200, "{\"success\":true,\"successCount\":" + n + ",\"successResults\":[]}");
    }

    private static ObjectNode json(HttpExchange ex, String body) {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) return null;
        try {
            return (ObjectNode) Kit.JSON.readTree(body);
        } catch (IOException | ClassCastException e) {
            return null;
        }
    }

    /** Kibana's request validation: a key the schema does not define is an error. */
    private static String unknownKey(JsonNode body, Set<String> allowed) {
        Iterator<String> it = body.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!allowed.contains(k)) return "[request body." + k + "]: definition for this key is missing";
        }
        return null;
    }

    private Reply connector(HttpExchange ex, String method, String id, String text) {
        ObjectNode existing = connectors.get(id);
        if (method.equals("GET")) return existing == null ? Reply.error(404, "Saved object [action/" + id + "] not found") : Reply.ok(existing);
        ObjectNode body = json(ex, text);
        if (body == null) return Reply.error(400, "the body is not JSON");
        if (method.equals("POST")) {
            if (existing != null) return Reply.error(409, "Saved object [action/" + id + "] conflict");
            String bad = unknownKey(body, Set.of("name", "connector_type_id", "config", "secrets"));
            if (bad != null) return Reply.error(400, bad);
            String type = body.path("connector_type_id").asText(null);
            if (type == null || !body.path("name").isTextual()) return Reply.error(400, "[request body.connector_type_id]: expected value of type [string]");
            if (!BASIC_CONNECTORS.contains(type)) {
                return Reply.error(403, "Action type " + type + " is disabled because your basic license does not support it. Please upgrade your license.");
            }
            String problem = connectorConfig(type, body.path("config"));
            if (problem != null) return Reply.error(400, problem);
            ObjectNode stored = body.deepCopy().put("id", id);
            stored.remove("secrets");
            connectors.put(id, stored);
            return Reply.ok(stored);
        }
        if (method.equals("PUT")) {
            if (existing == null) return Reply.error(404, "Saved object [action/" + id + "] not found");
            String bad = unknownKey(body, Set.of("name", "config", "secrets"));
            if (bad != null) return Reply.error(400, bad);
            String problem = connectorConfig(existing.get("connector_type_id").asText(), body.path("config"));
            if (problem != null) return Reply.error(400, problem);
            ObjectNode stored = existing.deepCopy();
            stored.set("name", body.get("name"));
            stored.set("config", body.get("config"));
            connectors.put(id, stored);
            return Reply.ok(stored);
        }
        return Reply.error(404, "Not Found");
    }

    private static String connectorConfig(String type, JsonNode config) {
        if (type.equals(".index")) {
            if (!config.path("index").isTextual()) return "error validating action type config: [index]: expected value of type [string]";
            String bad = unknownKey(config, Set.of("index", "refresh", "executionTimeField"));
            if (bad != null) return "error validating action type config: " + bad;
        } else if (!config.isMissingNode() && !config.isEmpty()) {
            return "error validating action type config: the server log connector takes none";
        }
        return null;
    }

    private Reply rule(HttpExchange ex, String method, String id, String text) {
        ObjectNode existing = rules.get(id);
        if (method.equals("GET")) return existing == null ? Reply.error(404, "Saved object [alert/" + id + "] not found") : Reply.ok(existing);
        ObjectNode body = json(ex, text);
        if (body == null) return Reply.error(400, "the body is not JSON");
        boolean create = method.equals("POST");
        if (create && existing != null) return Reply.error(409, "Saved object [alert/" + id + "] conflict");
        if (!create && existing == null) return Reply.error(404, "Saved object [alert/" + id + "] not found");
        String bad = unknownKey(body, create
                ? Set.of("name", "rule_type_id", "consumer", "schedule", "params", "actions", "tags", "enabled", "throttle", "notify_when")
                : Set.of("name", "schedule", "params", "actions", "tags", "throttle", "notify_when"));
        if (bad != null) return Reply.error(400, bad);
        if (!body.path("name").isTextual()) return Reply.error(400, "[request body.name]: expected value of type [string]");
        if (!body.path("schedule").path("interval").asText("").matches("[1-9][0-9]*[smhd]")) return Reply.error(400, "[request body.schedule.interval]: invalid");
        String type = create ? body.path("rule_type_id").asText() : existing.path("rule_type_id").asText();
        if (create && !body.path("consumer").isTextual()) return Reply.error(400, "[request body.consumer]: expected value of type [string]");
        if (!type.equals(".es-query")) return Reply.error(400, "Rule type \"" + type + "\" is not registered.");
        List<String> problems = EsQueryParams.problems(body.path("params"));
        if (!problems.isEmpty()) return Reply.error(400, "params invalid: " + problems.get(0));
        for (JsonNode a : body.path("actions")) {
            String group = a.path("group").asText();
            if (!group.equals("query matched") && !group.equals("recovered")) return Reply.error(400, "Invalid action groups: " + group);
            if (!connectors.containsKey(a.path("id").asText())) return Reply.error(400, "Failed to load action " + a.path("id").asText());
            JsonNode f = a.path("frequency");
            if (!f.path("summary").isBoolean() || !Set.of("onActionGroupChange", "onActiveAlert", "onThrottleInterval").contains(f.path("notify_when").asText())) {
                return Reply.error(400, "[request body.actions]: invalid frequency " + f);
            }
            if (f.path("notify_when").asText().equals("onThrottleInterval") && !f.path("throttle").asText("").matches("[1-9][0-9]*[smhd]")) {
                return Reply.error(400, "Action frequency cannot be onThrottleInterval without a throttle");
            }
        }
        ObjectNode stored = create ? body.deepCopy() : existing.deepCopy();
        if (!create) body.fields().forEachRemaining(e -> stored.set(e.getKey(), e.getValue()));
        stored.put("id", id);
        rules.put(id, stored);
        return Reply.ok(stored);
    }

    /** The stored rules' parameter objects by id, for tests. */
    Map<String, JsonNode> ruleParams() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        rules.forEach((id, r) -> out.put(id, r.get("params")));
        return out;
    }
}
