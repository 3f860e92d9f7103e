package org.mailsight.elasticsearch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates a watch's {@code array_compare} condition the way Watcher does (path walking, {@code {{path}}} and
 * {@code <{now-10m}>} values, lenient comparison), and builds the alert documents the watch's index action
 * writes (the Java twin of watcher-rules/scripts/mailsight-alert-documents.painless, which needs Painless and
 * so a full cluster). Written from Watcher's documented behaviour, not copied.
 */
final class WatchEmulator {
    private WatchEmulator() {}

    static final Pattern DATE_MATH = Pattern.compile("<\\{now-(\\d+)([smhd])\\}>");
    static final Pattern PATH = Pattern.compile("\\{\\{(.+)\\}\\}");

    /** Watcher's ObjectPath: maps by key, lists by index (an index past the end throws, as in Watcher). */
    static Object eval(String path, Object root) {
        Object ctx = root;
        if (path.isEmpty()) return ctx;
        for (String part : path.split("\\.")) {
            if (ctx == null) return null;
            if (ctx instanceof Map<?, ?> m) ctx = m.get(part);
            else if (ctx instanceof List<?> l) {
                int i;
                try {
                    i = Integer.parseInt(part);
                } catch (NumberFormatException ex) {
                    return null;
                }
                ctx = l.get(i);
            } else return null;
        }
        return ctx;
    }

    /** Watcher's lenient comparison: the configured value's type decides; null when incomparable. */
    static Integer compare(Object v1, Object v2) {
        if (java.util.Objects.equals(v1, v2)) return 0;
        if (v1 == null || v2 == null) return null;
        if (v2 instanceof Number n2) {
            double d1;
            if (v1 instanceof Number n1) d1 = n1.doubleValue();
            else {
                try {
                    d1 = Double.parseDouble(String.valueOf(v1));
                } catch (NumberFormatException ex) {
                    return null;
                }
            }
            if (Double.isNaN(d1) || Double.isNaN(n2.doubleValue())) return null;
            return Double.compare(d1, n2.doubleValue()) > 0 ? 1 : d1 < n2.doubleValue() ? -1 : 0;
        }
        if (v2 instanceof String s2) return Integer.signum(String.valueOf(v1).compareTo(s2));
        if (v2 instanceof ZonedDateTime z2) {
            ZonedDateTime z1;
            if (v1 instanceof Number n) z1 = Instant.ofEpochMilli(n.longValue()).atZone(ZoneOffset.UTC);
            else if (v1 instanceof String s) z1 = ZonedDateTime.parse(s);
            else return null;
            return z1.compareTo(z2);
        }
        return null;
    }

    static Object resolve(Object configured, Map<String, Object> model, Instant now) {
        if (configured instanceof String s) {
            Matcher d = DATE_MATH.matcher(s);
            if (d.matches()) return now.minusSeconds(seconds(d.group(1) + d.group(2))).atZone(ZoneOffset.UTC);
            Matcher p = PATH.matcher(s);
            if (p.matches()) return eval(p.group(1), model);
        }
        return configured;
    }

    static long seconds(String window) {
        long n = Long.parseLong(window.substring(0, window.length() - 1));
        return switch (window.charAt(window.length() - 1)) {
            case 's' -> n;
            case 'm' -> n * 60;
            case 'h' -> n * 3600;
            case 'd' -> n * 86400;
            default -> throw new IllegalArgumentException(window);
        };
    }

    static boolean op(String op, Integer c) {
        if (c == null) return false;
        return switch (op) {
            case "eq" -> c == 0;
            case "not_eq" -> c != 0;
            case "gt" -> c > 0;
            case "gte" -> c >= 0;
            case "lt" -> c < 0;
            case "lte" -> c <= 0;
            default -> throw new IllegalArgumentException(op);
        };
    }

    static Map<String, Object> model(Map<String, Object> payload, Map<String, Object> metadata, Instant now, String watchId) {
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("payload", payload);
        ctx.put("metadata", metadata);
        ctx.put("execution_time", now.atZone(ZoneOffset.UTC));
        ctx.put("watch_id", watchId);
        return Map.of("ctx", ctx);
    }

    /** The watch's array_compare condition on a search response. */
    @SuppressWarnings("unchecked")
    static boolean condition(Map<String, Object> watch, Map<String, Object> payload, Instant now, String watchId) {
        Map<String, Object> cond = (Map<String, Object>) ((Map<String, Object>) watch.get("condition")).get("array_compare");
        Map<String, Object> model = model(payload, (Map<String, Object>) watch.get("metadata"), now, watchId);
        Map.Entry<String, Object> e = cond.entrySet().iterator().next();
        Map<String, Object> spec = (Map<String, Object>) e.getValue();
        String path = (String) spec.getOrDefault("path", "");
        for (Map.Entry<String, Object> o : spec.entrySet()) {
            if (o.getKey().equals("path")) continue;
            Map<String, Object> v = (Map<String, Object>) o.getValue();
            Object configured = resolve(v.get("value"), model, now);
            Object array = eval(e.getKey(), model);
            boolean all = "all".equals(v.getOrDefault("quantifier", "some"));
            boolean any = false;
            boolean every = true;
            for (Object item : array == null ? List.of() : (List<Object>) array) {
                boolean hit = op(o.getKey(), compare(eval(path, item), configured));
                any |= hit;
                every &= hit;
            }
            return all ? every : any;
        }
        throw new IllegalStateException("no operator in " + spec);
    }

    /** The alert documents of the index action: one per bucket that meets the condition (the Painless twin). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alertDocuments(Map<String, Object> watch, Map<String, Object> payload, Instant now, String watchId) {
        Map<String, Object> m = (Map<String, Object>) watch.get("metadata");
        Map<String, Object> rule = (Map<String, Object>) m.get("rule");
        String window = (String) m.get("window");
        Object threshold = m.get("threshold");
        double limit = threshold instanceof String t
                ? now.toEpochMilli() - seconds(t.substring(4)) * 1000.0
                : ((Number) threshold).doubleValue();
        List<Map<String, Object>> docs = new ArrayList<>();
        List<Map<String, Object>> buckets = (List<Map<String, Object>>) eval("aggregations.keys.buckets", payload);
        for (Map<String, Object> b : buckets) {
            Object v;
            try {
                v = eval((String) m.get("value_path"), b);
            } catch (IndexOutOfBoundsException ex) {
                v = null;
            }
            if (!(v instanceof Number n)) continue;
            double x = n.doubleValue();
            boolean hit = switch ((String) m.get("comparison")) {
                case "gt" -> x > limit;
                case "gte" -> x >= limit;
                case "lt" -> x < limit;
                case "lte" -> x <= limit;
                default -> x == limit;
            };
            if (!hit) continue;
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("@timestamp", now.toString());
            doc.put("message", rule.get("name") + ": " + b.get("key") + " (" + b.get("doc_count") + " events in " + window + ")");
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("kind", "alert");
            event.put("category", List.of(rule.get("category")));
            event.put("type", List.of("info"));
            event.put("action", "alert");
            event.put("module", "mailsight");
            event.put("dataset", "mail.alert");
            event.put("severity", m.get("severity"));
            event.put("risk_score", ((Number) m.get("severity")).doubleValue());
            event.put("start", now.minusSeconds(seconds(window)).toString());
            event.put("end", now.toString());
            doc.put("event", event);
            doc.put("rule", Map.of("id", rule.get("id"), "name", rule.get("name"), "description", rule.get("description"),
                    "category", rule.get("category"), "ruleset", "mailsight"));
            Map<String, Object> alert = new LinkedHashMap<>();
            alert.put("entity", m.get("key_field"));
            alert.put("entity_value", String.valueOf(b.get("key")));
            alert.put("observed", x);
            alert.put("window_seconds", seconds(window));
            alert.put("key", String.valueOf(b.get("key")));
            alert.put("count", b.get("doc_count"));
            alert.put("value", x);
            alert.put("window", window);
            alert.put("watch_id", watchId);
            if (!(threshold instanceof String)) alert.put("threshold", limit);
            doc.put("mail", Map.of("alert", alert));
            Map<String, Object> target = doc;
            String[] path = ((String) m.get("key_field")).split("\\.");
            for (int i = 0; i < path.length - 1; i++) target = (Map<String, Object>) target.computeIfAbsent(path[i], k -> new LinkedHashMap<>());
            target.put(path[path.length - 1], b.get("key"));
            docs.add(doc);
        }
        return docs;
    }
}
