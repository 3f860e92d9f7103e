package org.mailsight.logstash;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.PluginConfigSpec;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mailsight.correlate.Correlator;
import org.mailsight.engine.ConfigException;
import org.mailsight.engine.MailParser;
import org.mailsight.engine.PipelineConfig;

/**
 * The filter's options, read once and validated at start-up. A bad value fails the pipeline's start with one
 * sentence that names the option, the bad value and what is allowed. Values are read raw and coerced here, so
 * {@code keep_original => "true"} works as well as {@code keep_original => true}.
 */
record Settings(
        String source,
        ZoneId timezone,
        List<String> tagOnFailure,
        String ecsCompatibility,
        boolean dataStream,
        String namespace,
        PipelineConfig pipeline) {

    static final PluginConfigSpec<String> SOURCE = PluginConfigSpec.stringSetting("source", "message");
    static final PluginConfigSpec<String> TIMEZONE = PluginConfigSpec.stringSetting("timezone");
    static final PluginConfigSpec<Boolean> KEEP_ORIGINAL = PluginConfigSpec.booleanSetting("keep_original", false);
    static final PluginConfigSpec<List<Object>> TAG_ON_FAILURE = PluginConfigSpec.arraySetting(
            "tag_on_failure", List.of(MailParser.UNPARSED_TAG), false, false);
    static final PluginConfigSpec<String> ECS_COMPATIBILITY = PluginConfigSpec.stringSetting("ecs_compatibility", "v8");
    static final PluginConfigSpec<Boolean> DATA_STREAM = PluginConfigSpec.booleanSetting("data_stream", true);
    static final PluginConfigSpec<String> NAMESPACE = PluginConfigSpec.stringSetting("namespace", "default");
    static final PluginConfigSpec<Boolean> CORRELATE = PluginConfigSpec.booleanSetting("correlate", false);
    static final PluginConfigSpec<List<Object>> LOCAL_DOMAINS = PluginConfigSpec.arraySetting(
            "local_domains", List.of(), false, false);
    static final PluginConfigSpec<List<Object>> LOCAL_NETWORKS = PluginConfigSpec.arraySetting(
            "local_networks", List.of(), false, false);
    static final PluginConfigSpec<Long> MAX_IN_FLIGHT = PluginConfigSpec.numSetting("max_in_flight", 100_000);
    static final PluginConfigSpec<String> GEOIP_DATABASE = PluginConfigSpec.stringSetting("geoip_database");
    static final PluginConfigSpec<String> ASN_DATABASE = PluginConfigSpec.stringSetting("asn_database");
    static final PluginConfigSpec<Long> GEOIP_CACHE_SIZE = PluginConfigSpec.numSetting("geoip_cache_size", 50_000);
    static final PluginConfigSpec<Boolean> DETECT = PluginConfigSpec.booleanSetting("detect", false);
    static final PluginConfigSpec<String> RULES = PluginConfigSpec.stringSetting("rules");
    static final PluginConfigSpec<String> STATE_PATH = PluginConfigSpec.stringSetting("state_path");
    static final PluginConfigSpec<Boolean> KEEP_STATE = PluginConfigSpec.booleanSetting("keep_state", true);

    static final PluginConfigSpec<String> PSEUDONYMIZE_KEY = PluginConfigSpec.stringSetting("pseudonymize_key");
    static final PluginConfigSpec<Boolean> PSEUDONYMIZE_IP = PluginConfigSpec.booleanSetting("pseudonymize_ip", false);
    static final PluginConfigSpec<List<Object>> DROP = PluginConfigSpec.arraySetting("drop", List.of(), false, false);
    static final PluginConfigSpec<String> PRIVACY_PROFILE = PluginConfigSpec.stringSetting("privacy_profile", "full");
    static final PluginConfigSpec<Boolean> INTEGRITY = PluginConfigSpec.booleanSetting("integrity", false);

    /** Our own settings, in the order docs/logstash.md lists them. */
    static final List<PluginConfigSpec<?>> OWN = List.of(
            SOURCE, TIMEZONE, KEEP_ORIGINAL, TAG_ON_FAILURE, ECS_COMPATIBILITY, DATA_STREAM, NAMESPACE, CORRELATE,
            LOCAL_DOMAINS, LOCAL_NETWORKS, MAX_IN_FLIGHT, GEOIP_DATABASE, ASN_DATABASE, GEOIP_CACHE_SIZE,
            STATE_PATH, KEEP_STATE, DETECT, RULES, PSEUDONYMIZE_KEY, PSEUDONYMIZE_IP, DROP, PRIVACY_PROFILE, INTEGRITY);

    private static final String NAMESPACE_FORBIDDEN = "\\/*?\"<>|,#: -";

    static Settings from(Configuration config) {
        return new Settings(
                source(config),
                timezone(config),
                tagOnFailure(config),
                ecsCompatibility(config),
                bool(config, DATA_STREAM),
                namespace(config),
                pipeline(config));
    }

    /**
     * The engine's settings: types are coerced here, values checked by {@link PipelineConfig}; its sentence is
     * given in Logstash's spelling of the option.
     */
    private static PipelineConfig pipeline(Configuration config) {
        Correlator.Options d = Correlator.Options.defaults();
        try {
            return PipelineConfig.builder()
                    .keepOriginal(bool(config, KEEP_ORIGINAL))
                    .correlate(bool(config, CORRELATE))
                    .localDomains(strings(config, LOCAL_DOMAINS, "a list of mail domains such as [\"example.com\"]"))
                    .localNetworks(strings(config, LOCAL_NETWORKS, "a list of networks such as [\"192.0.2.0/24\"]"))
                    .maxInFlight(number(config, MAX_IN_FLIGHT))
                    .geoipDatabase(path(config, GEOIP_DATABASE))
                    .asnDatabase(path(config, ASN_DATABASE))
                    .geoipCacheSize(number(config, GEOIP_CACHE_SIZE))
                    .detect(bool(config, DETECT) || path(config, RULES) != null)
                    .rules(rules(path(config, RULES)))
                    .pseudonymizeKey(keyPath(config))
                    .pseudonymizeIp(bool(config, PSEUDONYMIZE_IP))
                    .drop(strings(config, DROP, "a list of field names such as [\"email.subject\"]"))
                    .privacyProfile(string(config, PRIVACY_PROFILE))
                    .integrity(bool(config, INTEGRITY))
                    // Logstash workers reorder lines: a finished message waits for events and wall time
                    .closeGrace(d.closeGrace(), d.closeGraceSeconds())
                    .build();
        } catch (ConfigException e) {
            String option = e.option().equals("local_domain") ? "local_domains"
                    : e.option().equals("local_network") ? "local_networks" : e.option();
            throw new IllegalArgumentException("mailsight: " + option + " => " + e.value() + " is not valid: "
                    + e.problem());
        }
    }

    /** The rules file's rules (defaults without one); its mistakes in one sentence each. */
    private static org.mailsight.detect.Rules rules(java.nio.file.Path file) {
        if (file == null) return org.mailsight.detect.Rules.defaults();
        try {
            return org.mailsight.detect.RulesFile.read(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mailsight: rules => " + file + ": " + e.getMessage());
        }
    }

    private static List<String> strings(Configuration config, PluginConfigSpec<List<Object>> spec, String allowed) {
        Object v = raw(config, spec);
        if (v == null) return List.of();
        List<?> given = v instanceof List<?> l ? l : List.of(v);
        List<String> out = new ArrayList<>();
        for (Object x : given) {
            if (!(x instanceof String s) || s.isBlank()) throw invalid(spec, v, allowed);
            out.add(s);
        }
        return List.copyOf(out);
    }

    private static java.nio.file.Path path(Configuration config, PluginConfigSpec<String> spec) {
        String s = string(config, spec);
        if (s == null) return null;
        if (s.isBlank()) throw invalid(spec, s, "the path of a .mmdb file");
        try {
            return java.nio.file.Path.of(s);
        } catch (java.nio.file.InvalidPathException e) {
            throw invalid(spec, s, "the path of a .mmdb file");
        }
    }

    /**
     * Where correlation state is kept across restarts and reloads: {@code state_path}, unless {@code keep_state} is
     * false; null when not kept. The file's directory is created when the state is written.
     */
    static java.nio.file.Path statePath(Configuration config) {
        if (!bool(config, KEEP_STATE)) return null;
        String s = string(config, STATE_PATH);
        if (s == null) return null;
        if (s.isBlank()) throw invalid(STATE_PATH, s, "the path of a file, e.g. \"/var/lib/logstash/mailsight/main.state\"");
        try {
            return java.nio.file.Path.of(s);
        } catch (java.nio.file.InvalidPathException e) {
            throw invalid(STATE_PATH, s, "the path of a file, e.g. \"/var/lib/logstash/mailsight/main.state\"");
        }
    }

    private static java.nio.file.Path keyPath(Configuration config) {
        String s = string(config, PSEUDONYMIZE_KEY);
        if (s == null) return null;
        try {
            if (!s.isBlank()) return java.nio.file.Path.of(s);
        } catch (java.nio.file.InvalidPathException e) {
            // falls through to the sentence below
        }
        throw invalid(PSEUDONYMIZE_KEY, s, "the path of a file holding the key");
    }

    private static long number(Configuration config, PluginConfigSpec<Long> spec) {
        Object v = raw(config, spec);
        if (v == null) return spec.defaultValue();
        if (v instanceof Number num) return num.longValue();
        try {
            return Long.parseLong(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw invalid(spec, v, "a whole number");
        }
    }

    private static Object raw(Configuration config, PluginConfigSpec<?> spec) {
        return config.contains(spec) ? config.getRawValue(spec) : null;
    }

    private static String string(Configuration config, PluginConfigSpec<String> spec) {
        Object v = raw(config, spec);
        if (v == null) return spec.defaultValue();
        if (v instanceof String s) return s;
        throw invalid(spec, v, "a string");
    }

    private static boolean bool(Configuration config, PluginConfigSpec<Boolean> spec) {
        Object v = raw(config, spec);
        if (v == null) return spec.defaultValue();
        if (v instanceof Boolean b) return b;
        if (v instanceof String s && (s.equals("true") || s.equals("false"))) return Boolean.parseBoolean(s);
        throw invalid(spec, v, "true or false");
    }

    private static String source(Configuration config) {
        String s = string(config, SOURCE);
        if (!fieldReference(s)) {
            throw invalid(SOURCE, s, "a field reference such as message or [event][original]");
        }
        return s;
    }

    /**
     * A Logstash field reference: a bare name, or one or more {@code [segments]}, none empty, no ',' (checked by
     * hand: the regex for it recursed once per segment and overflowed the stack on a long reference).
     */
    static boolean fieldReference(String s) {
        if (s.isEmpty()) return false;
        if (s.charAt(0) != '[') return s.indexOf('[') < 0 && s.indexOf(']') < 0 && s.indexOf(',') < 0;
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) != '[') return false;
            int close = s.indexOf(']', i + 1);
            if (close <= i + 1) return false;
            for (int k = i + 1; k < close; k++) {
                char c = s.charAt(k);
                if (c == '[' || c == ',') return false;
            }
            i = close + 1;
        }
        return true;
    }

    private static ZoneId timezone(Configuration config) {
        String s = string(config, TIMEZONE);
        if (s == null) return ZoneId.systemDefault();
        try {
            return ZoneId.of(s);
        } catch (DateTimeException e) {
            throw invalid(TIMEZONE, s, "a time zone ID such as Europe/Berlin, UTC or +01:00 (the default is the"
                    + " zone of the machine Logstash runs on)");
        }
    }

    private static List<String> tagOnFailure(Configuration config) {
        Object v = raw(config, TAG_ON_FAILURE);
        if (v == null) return List.of(MailParser.UNPARSED_TAG);
        List<?> given = v instanceof List<?> l ? l : List.of(v);
        List<String> tags = new ArrayList<>();
        for (Object t : given) {
            if (!(t instanceof String s) || s.isBlank()) {
                throw invalid(TAG_ON_FAILURE, v, "a list of non-empty strings such as [\"_mailsight_unparsed\"]");
            }
            if (!tags.contains(s)) tags.add(s);
        }
        return List.copyOf(tags);
    }

    private static String ecsCompatibility(Configuration config) {
        String s = string(config, ECS_COMPATIBILITY);
        return switch (s) {
            case "v1", "v8" -> s;
            case "disabled" -> throw new IllegalArgumentException("mailsight: ecs_compatibility => \"disabled\" is"
                    + " not supported, because the filter's whole output is Elastic Common Schema fields and it has"
                    + " no legacy field names to fall back to; use v8 (the default) or v1.");
            default -> throw invalid(ECS_COMPATIBILITY, s, "v8 (the default) or v1");
        };
    }

    private static String namespace(Configuration config) {
        String s = string(config, NAMESPACE);
        String problem = namespaceProblem(s);
        if (problem != null) {
            throw new IllegalArgumentException("mailsight: namespace => \"" + s + "\" is not a valid data stream"
                    + " namespace (" + problem + "); use lowercase letters, digits, '_' and '.', up to 100 bytes,"
                    + " not starting with '_' or '+', such as \"default\" or \"production\".");
        }
        return s;
    }

    /** Why a namespace breaks Elasticsearch's data stream naming rules, or null if it does not. */
    static String namespaceProblem(String s) {
        if (s.isEmpty()) return "it is empty";
        if (!s.equals(s.toLowerCase(Locale.ROOT))) return "it has uppercase letters";
        if (s.getBytes(StandardCharsets.UTF_8).length > 100) return "it is longer than 100 bytes";
        if (s.equals(".") || s.equals("..")) return "it cannot be '.' or '..'";
        char first = s.charAt(0);
        if (first == '_' || first == '+' || first == '-') return "it cannot start with '" + first + "'";
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (NAMESPACE_FORBIDDEN.indexOf(c) >= 0) {
                return c == ' ' ? "it contains a space" : "it contains '" + c + "'";
            }
        }
        return null;
    }

    private static IllegalArgumentException invalid(PluginConfigSpec<?> spec, Object value, String allowed) {
        String shown = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
        return new IllegalArgumentException(
                "mailsight: " + spec.name() + " => " + shown + " is not valid; expected " + allowed + ".");
    }
}
