package org.mailsight.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a rules file (YAML, docs/alerts.md): the built-in rules' tuning, allow-lists and limits. Every mistake is
 * found at start-up and named in one sentence; {@link #read} throws them all at once.
 *
 * <pre>
 * profile: relay              # the burst rules at 400 messages in 2 minutes
 * throttle: 15m               # every rule's default
 * max_entities: 100000
 * reorder_tolerance: 5m
 * allow:
 *   accounts: [monitor@example.com]
 *   senders: [newsletter@example.com]
 *   networks: [192.0.2.0/24]
 * rules:
 *   mail-auth-failures-account: {threshold: 10, window: 10m}
 *   mail-dnsbl-listed-client: {enabled: false}
 * </pre>
 */
public final class RulesFile {
    private RulesFile() {}

    private static final Set<String> TOP = Set.of("profile", "throttle", "max_entities", "reorder_tolerance", "allow", "rules");
    private static final Set<String> ALLOW = Set.of("accounts", "senders", "networks");
    private static final Set<String> RULE_KEYS = Set.of("enabled", "threshold", "window", "throttle", "minimum",
            "min_messages", "min_failures", "learning", "min_km");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)?");

    public static Rules read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file.");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read it (" + e.getMessage() + ").");
        }
        return parse(text);
    }

    public static Rules parse(String yaml) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("it is not valid YAML (" + m.strip() + ").");
        }
        List<String> problems = new ArrayList<>();
        Rules rules = Rules.defaults();
        if (root == null || root.isNull() || root.isMissingNode()) return rules;
        if (!root.isObject()) throw new IllegalArgumentException("it must be a mapping of settings (profile, allow, rules, ...).");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP.contains(k)) problems.add("'" + k + "' is not a setting; use " + String.join(", ", sorted(TOP)) + ".");
        }
        JsonNode profile = root.get("profile");
        if (profile != null) {
            if ("relay".equals(profile.asText())) rules = rules.relayProfile();
            else if (!"default".equals(profile.asText())) problems.add("profile '" + profile.asText() + "' is not a profile; use default or relay.");
        }
        Long throttle = root.has("throttle") ? duration("throttle", root.get("throttle"), problems) : null;
        if (throttle != null) {
            for (Rule r : Rule.ALL) rules = rules.with(r.id(), rules.of(r).withThrottle(throttle));
        }
        if (root.has("max_entities")) {
            JsonNode n = root.get("max_entities");
            if (!n.canConvertToInt() || n.asInt() < 1 || n.asInt() > 10_000_000) {
                problems.add("max_entities " + n.asText() + " is not valid: give a whole number from 1 to 10000000.");
            } else {
                rules = rules.withMaxEntities(n.asInt());
            }
        }
        if (root.has("reorder_tolerance")) {
            Long d = duration("reorder_tolerance", root.get("reorder_tolerance"), problems);
            if (d != null) rules = rules.withReorderSeconds(d);
        }
        JsonNode allow = root.get("allow");
        Set<String> accounts = Set.of(), senders = Set.of();
        List<String> networks = List.of();
        if (allow != null) {
            if (!allow.isObject()) {
                problems.add("allow must be a mapping with accounts, senders and networks lists.");
            } else {
                for (Iterator<String> it = allow.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!ALLOW.contains(k)) problems.add("allow." + k + " is not an allow-list; use accounts, senders or networks.");
                }
                accounts = Set.copyOf(list("allow.accounts", allow.get("accounts"), problems));
                senders = Set.copyOf(list("allow.senders", allow.get("senders"), problems));
                networks = list("allow.networks", allow.get("networks"), problems);
                for (String n : networks) {
                    try {
                        Allow.cidr(n);
                    } catch (IllegalArgumentException e) {
                        problems.add("allow.networks: " + e.getMessage());
                    }
                }
            }
        }
        rules = rules.withAllow(accounts, senders, networks);
        JsonNode list = root.get("rules");
        if (list != null && !list.isObject()) problems.add("rules must be a mapping of rule id to settings.");
        if (list != null && list.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                Rule r = Rule.BY_ID.get(f.getKey());
                if (r == null) {
                    problems.add("'" + f.getKey() + "' is not a rule; the rules are " + String.join(", ", Rule.BY_ID.keySet()) + ".");
                    continue;
                }
                rules = rules.with(r.id(), rule(r, rules.of(r), f.getValue(), problems));
            }
        }
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join(" ", problems));
        return rules;
    }

    private static Rule.Settings rule(Rule r, Rule.Settings s, JsonNode n, List<String> problems) {
        String at = "rules." + r.id();
        if (n == null || n.isNull()) return s;
        if (!n.isObject()) {
            problems.add(at + " must be a mapping (enabled, threshold, window, throttle).");
            return s;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String k = f.getKey();
            JsonNode v = f.getValue();
            switch (k) {
                case "enabled" -> {
                    if (v.isBoolean()) s = s.withEnabled(v.asBoolean());
                    else problems.add(at + ".enabled " + v.asText() + " is not valid: give true or false.");
                }
                case "threshold", "minimum", "min_messages", "min_failures", "min_km" -> {
                    if (!v.isNumber() || v.asDouble() < 0 || (k.equals("threshold") && v.asDouble() == 0)) {
                        problems.add(at + "." + k + " " + v.asText() + " is not valid: give a positive number.");
                    } else if (k.equals("threshold")) {
                        s = s.withThreshold(v.asDouble());
                    } else {
                        s = s.withMinimum(v.asDouble());
                    }
                }
                case "window", "throttle", "learning" -> {
                    Long d = duration(at + "." + k, v, problems);
                    if (d == null) continue;
                    if (k.equals("window")) {
                        if (d == 0) problems.add(at + ".window must be longer than 0 seconds.");
                        else s = s.withWindow(d);
                    } else if (k.equals("throttle")) {
                        s = s.withThrottle(d);
                    } else {
                        s = s.withMinimum(d);
                    }
                }
                default -> problems.add(at + "." + k + " is not a rule setting; use " + String.join(", ", sorted(RULE_KEYS)) + ".");
            }
        }
        return s;
    }

    /** Seconds of "90s", "5m", "1h", "7d" or a bare number of seconds; null (and a problem) when bad. */
    static Long duration(String at, JsonNode v, List<String> problems) {
        Matcher m = DURATION.matcher(v.asText().strip());
        if (!v.isValueNode() || !m.matches()) {
            problems.add(at + " '" + v.asText() + "' is not a duration: write it like 90s, 5m, 1h or 7d.");
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "m" -> n * 60;
            case "h" -> n * 3600;
            case "d" -> n * 86400;
            default -> n;
        };
    }

    private static List<String> list(String at, JsonNode n, List<String> problems) {
        if (n == null || n.isNull()) return List.of();
        if (!n.isArray()) {
            problems.add(at + " must be a list, like [a, b].");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : n) out.add(v.asText());
        return out;
    }

    private static List<String> sorted(Set<String> s) {
        return new ArrayList<>(new java.util.TreeSet<>(s));
    }

}
