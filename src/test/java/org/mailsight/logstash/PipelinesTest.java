package org.mailsight.logstash;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.logstash.api.PluginConfigSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mailsight.logstash.harness.Plugins;

/**
 * Every Logstash pipeline in pipelines/ parses (a reader for the pipeline syntax: sections, plugins,
 * conditionals, strings, arrays, hashes, comments), has input, filter and output sections, names the mailsight
 * filter in its filter section, and gives it only settings that exist, with values the filter accepts at
 * start-up. Values are handed over as Logstash's config compiler does: barewords as strings.
 */
class PipelinesTest {
    static final Path PIPELINES = Path.of("pipelines");

    record Plugin(String section, String name, Map<String, Object> settings) {}

    static List<Path> confs() throws IOException {
        try (Stream<Path> s = Files.list(PIPELINES)) {
            return s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> eachPipelineUsesTheFilterWithRealOptions() throws IOException {
        List<Path> confs = confs();
        assertThat(confs).hasSizeGreaterThanOrEqualTo(3);
        List<String> schema = Plugins.create(Mailsight.class, Map.of()).configSchema().stream()
                .map(PluginConfigSpec::name).toList();
        return confs.stream().map(conf -> DynamicTest.dynamicTest(conf.getFileName().toString(), () -> {
            List<Plugin> plugins = new Reader(Files.readString(conf, StandardCharsets.UTF_8)).config();
            assertThat(plugins).extracting(Plugin::section).contains("input", "filter", "output");
            List<Plugin> ours = plugins.stream().filter(p -> p.name().equals("mailsight")).toList();
            assertThat(ours).as("mailsight filters in " + conf).isNotEmpty();
            for (Plugin p : ours) {
                assertThat(p.section()).isEqualTo("filter");
                assertThat(schema).as("settings of mailsight in " + conf).containsAll(p.settings().keySet());
                assertThat(Plugins.create(Mailsight.class, withTestDatabases(p.settings()))).isNotNull();
            }
        }));
    }

    /** The examples' GeoIP databases (/var/lib/GeoIP/...) are the real ones the build fetched, of the same names. */
    static Map<String, Object> withTestDatabases(Map<String, Object> settings) {
        Map<String, Object> out = new LinkedHashMap<>(settings);
        out.replaceAll((k, v) -> v instanceof String path && path.startsWith("/var/lib/GeoIP/")
                ? org.mailsight.enrich.GeoTestDatabases.city().getParent().resolve(path.substring("/var/lib/GeoIP/".length())).toString()
                : v);
        return out;
    }

    @Test
    void readerSeesUnknownSettings() {
        String conf = "input { stdin {} }\nfilter {\n  # a comment { with braces }\n"
                + "  if [x] =~ /a{2}|b/ { mailsight { sorce => \"message\" tags => [\"a\", 'b'] h => { \"k\" => 1 } } }\n"
                + "  else { drop {} }\n}\noutput { stdout { codec => rubydebug } }\n";
        List<Plugin> plugins = new Reader(conf).config();
        assertThat(plugins).extracting(Plugin::name).containsExactly("stdin", "mailsight", "drop", "stdout");
        Map<String, Object> settings = plugins.get(1).settings();
        assertThat(settings).containsEntry("sorce", "message").containsEntry("tags", List.of("a", "b"))
                .containsEntry("h", Map.of("k", 1L));
        assertThat(plugins.get(3).settings()).containsEntry("codec", "rubydebug");
    }

    /** The alert routing example sends alerts to Logstash's http and email outputs and to the alert data stream. */
    @Test
    void alertsAreRoutedToWebhookMailAndTheirDataStream() throws IOException {
        String conf = Files.readString(PIPELINES.resolve("alerts-mailsight-routing.conf"), StandardCharsets.UTF_8);
        List<Plugin> plugins = new Reader(conf).config();
        List<String> outputs = plugins.stream().filter(p -> p.section().equals("output")).map(Plugin::name).toList();
        assertThat(outputs).containsExactly("elasticsearch", "http", "email", "elasticsearch");
        assertThat(conf).contains("if [event][kind] == \"alert\" {");
        Plugin alerts = plugins.stream().filter(p -> p.section().equals("output")).findFirst().orElseThrow();
        assertThat(alerts.settings()).containsEntry("data_stream_dataset", "mail.alert").containsEntry("data_stream_type", "logs")
                .containsEntry("data_stream_auto_routing", "false");
        Plugin http = plugins.stream().filter(p -> p.name().equals("http")).findFirst().orElseThrow();
        assertThat(http.settings()).containsEntry("format", "json").containsEntry("http_method", "post");
        Plugin email = plugins.stream().filter(p -> p.name().equals("email")).findFirst().orElseThrow();
        assertThat(email.settings()).containsKeys("to", "from", "subject", "body", "address");
    }

    /** A reader for Logstash's pipeline syntax, enough to list plugins and their settings. */
    static final class Reader {
        private final String s;
        private int i;
        private final List<Plugin> plugins = new ArrayList<>();

        Reader(String s) {
            this.s = s;
        }

        List<Plugin> config() {
            while (skip()) {
                String section = word();
                expect('{');
                body(section);
            }
            return plugins;
        }

        /** Plugins and conditionals up to the closing brace. */
        private void body(String section) {
            while (true) {
                skip();
                if (peek() == '}') {
                    i++;
                    return;
                }
                String name = word();
                if (name.equals("if") || name.equals("else")) {
                    skipCondition();
                    body(section);
                } else {
                    expect('{');
                    plugins.add(new Plugin(section, name, attributes()));
                }
            }
        }

        /** Skips an if / else if condition up to its block's brace (a /regex/ may contain braces). */
        private void skipCondition() {
            while (true) {
                skip();
                char c = peek();
                if (c == '{') {
                    i++;
                    return;
                }
                if (c == '"' || c == '\'') string();
                else if (c == '/') regex();
                else i++;
            }
        }

        private Map<String, Object> attributes() {
            Map<String, Object> attrs = new LinkedHashMap<>();
            while (true) {
                skip();
                if (peek() == '}') {
                    i++;
                    return attrs;
                }
                String key = peek() == '"' || peek() == '\'' ? string() : word();
                skip();
                if (!s.startsWith("=>", i)) throw error("'=>' after " + key);
                i += 2;
                attrs.put(key, value());
            }
        }

        private Object value() {
            skip();
            char c = peek();
            if (c == '"' || c == '\'') return string();
            if (c == '[') {
                i++;
                List<Object> list = new ArrayList<>();
                while (true) {
                    skip();
                    if (peek() == ']') {
                        i++;
                        return list;
                    }
                    list.add(value());
                    skip();
                    if (peek() == ',') i++;
                }
            }
            if (c == '{') {
                i++;
                return attributes();
            }
            String w = word();
            if (w.matches("-?\\d+")) return Long.parseLong(w);
            if (w.matches("-?\\d+\\.\\d+")) return Double.parseDouble(w);
            return w; // barewords stay strings, as in Logstash's config compiler
        }

        private String string() {
            char quote = s.charAt(i++);
            StringBuilder b = new StringBuilder();
            while (s.charAt(i) != quote) {
                if (s.charAt(i) == '\\') i++;
                b.append(s.charAt(i++));
            }
            i++;
            return b.toString();
        }

        private void regex() {
            i++;
            while (s.charAt(i) != '/') {
                if (s.charAt(i) == '\\') i++;
                i++;
            }
            i++;
        }

        private String word() {
            skip();
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "_-.@$:".indexOf(s.charAt(i)) >= 0)) i++;
            if (start == i) throw error("a name");
            return s.substring(start, i);
        }

        private void expect(char c) {
            skip();
            if (peek() != c) throw error("'" + c + "'");
            i++;
        }

        /** Skips blanks and comments; false at the end. */
        private boolean skip() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) i++;
                else if (c == '#') while (i < s.length() && s.charAt(i) != '\n') i++;
                else return true;
            }
            return false;
        }

        private char peek() {
            if (i >= s.length()) throw error("more input");
            return s.charAt(i);
        }

        private IllegalStateException error(String expected) {
            int line = 1;
            for (int k = 0; k < Math.min(i, s.length()); k++) if (s.charAt(k) == '\n') line++;
            return new IllegalStateException("expected " + expected + " at line " + line);
        }
    }
}
