import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elasticsearch.grok.Grok;
import org.elasticsearch.grok.GrokBuiltinPatterns;
import org.elasticsearch.grok.MatcherWatchdog;
import org.elasticsearch.grok.PatternBank;

/**
 * The whole-process baseline: Elasticsearch's grok library with Postfix patterns (postfix.grok), one event per line
 * written as JSON to stdout, the way a grok pipeline handles these logs: the syslog header first, then the message
 * patterns in order until one matches. Usage: GrokBaseline PATTERNS LOGFILE.
 */
public final class GrokBaseline {
    public static void main(String[] args) throws Exception {
        Map<String, String> own = new LinkedHashMap<>();
        for (String l : Files.readAllLines(Path.of(args[0]))) {
            if (l.isBlank() || l.startsWith("#")) continue;
            int sp = l.indexOf(' ');
            own.put(l.substring(0, sp), l.substring(sp + 1));
        }
        PatternBank bank = GrokBuiltinPatterns.legacyPatterns().extendWith(own);
        MatcherWatchdog watchdog = MatcherWatchdog.noop();
        Grok header = new Grok(bank, "%{POSTFIX_HEADER}", watchdog, m -> { });
        List<Grok> messages = new ArrayList<>();
        for (String name : own.keySet()) {
            if (name.equals("POSTFIX_HEADER") || name.equals("POSTFIX_QUEUEID") || name.equals("POSTFIX_CLIENT")
                    || name.equals("POSTFIX_RELAY") || name.equals("POSTFIX_KEYVALUES")) continue;
            messages.add(new Grok(bank, "^%{" + name + "}$", watchdog, m -> { }));
        }
        JsonGenerator json = new JsonFactory().createGenerator(
                new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16));
        json.setRootValueSeparator(null);
        try (BufferedReader in = Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("event.original", line);
                Map<String, Object> head = header.captures(line);
                if (head == null) {
                    event.put("tags", List.of("_grokparsefailure"));
                } else {
                    event.putAll(head);
                    String message = (String) head.get("message");
                    for (Grok g : messages) {
                        Map<String, Object> fields = g.captures(message);
                        if (fields != null) {
                            event.putAll(fields);
                            break;
                        }
                    }
                }
                json.writeStartObject();
                for (Map.Entry<String, Object> en : event.entrySet()) {
                    if (en.getValue() == null) continue;
                    json.writeFieldName(en.getKey());
                    if (en.getValue() instanceof List<?> list) {
                        json.writeStartArray();
                        for (Object o : list) json.writeString(o.toString());
                        json.writeEndArray();
                    } else {
                        json.writeString(en.getValue().toString());
                    }
                }
                json.writeEndObject();
                json.writeRaw('\n');
            }
        }
        json.flush();
    }
}
