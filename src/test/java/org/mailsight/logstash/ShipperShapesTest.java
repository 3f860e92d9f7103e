package org.mailsight.logstash;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.logstash.api.Event;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailsight.TestParsers;
import org.mailsight.logstash.harness.FilterRunner;
import org.mailsight.logstash.harness.Plugins;
import org.mailsight.logstash.harness.TestEvent;
import org.mailsight.record.Clock;
import org.mailsight.record.Framer;
import org.mailsight.record.LogRecord;

/**
 * Every way a shipper hands a mail log line to Logstash, on the real Postfix, Exim and Dovecot corpora: each line
 * is split the way that shipper splits it (the header fields it sets, the message it leaves), filtered through
 * the Logstash-like harness, and must give the same parse as the raw line (same event.action, process.name =
 * the daemon, log.syslog.appname = the program, same email/source/mail fields...), while every field the shipper
 * set stays (except the ones the filter owns: message, process.name, tags, data_stream).
 */
class ShipperShapesTest {
    static final Map<String, Object> SETTINGS = Map.of("timezone", "UTC");
    static final String SHIPPER_HOST = "collector-7";

    /** The fields a shipper sets for one line, as field reference to value (insertion order kept). */
    enum Shape {
        /** Filebeat filestream or log input: the whole line, the file, the shipper's host as a map. */
        FILEBEAT_FILESTREAM((r, line) -> fields("message", line, "[log][file][path]", "/var/log/mail.log",
                "[log][offset]", 1234L, "[input][type]", "filestream", "[agent][type]", "filebeat",
                "[host][name]", SHIPPER_HOST, "[host][hostname]", SHIPPER_HOST, "[ecs][version]", "8.0.0")),
        /** The same through an older pipeline that left host a string (Logstash's beats input, legacy). */
        FILEBEAT_HOST_STRING((r, line) -> fields("message", line, "[log][file][path]", "/var/log/mail.log",
                "host", SHIPPER_HOST)),
        /** Filebeat or Elastic Agent with the syslog processor: header in log.syslog.*, procid a string. */
        FILEBEAT_SYSLOG_PROCESSOR((r, line) -> fields("message", r.message(),
                "[log][syslog][appname]", r.program(), "[log][syslog][procid]", pid(r) == null ? null : pid(r).toString(),
                "[log][syslog][hostname]", r.host(), "[log][file][path]", "/var/log/mail.log",
                "[host][name]", SHIPPER_HOST)),
        /** Filebeat 7 journald input: syslog.identifier, syslog.pid, journald.* from the trusted fields. */
        FILEBEAT_JOURNALD_7((r, line) -> fields("message", r.message(), "[syslog][identifier]", r.program(),
                "[syslog][pid]", pid(r), "[syslog][facility]", 2L, "[syslog][priority]", 6L,
                "[journald][pid]", pid(r), "[journald][process][name]", daemon(r),
                "[host][hostname]", r.host(), "[systemd][unit]", "postfix@-.service")),
        /** Filebeat 8 and Elastic Agent journald input: log.syslog.identifier, log.syslog.pid, process.pid. */
        AGENT_JOURNALD((r, line) -> fields("message", r.message(), "[log][syslog][identifier]", r.program(),
                "[log][syslog][pid]", pid(r), "[log][syslog][priority]", 6L, "[journald][pid]", pid(r),
                "[journald][process][name]", daemon(r), "[process][pid]", pid(r),
                "[process][command_line]", "smtpd -n smtp -t inet", "[host][hostname]", r.host(),
                "[input][type]", "journald")),
        /** Logstash syslog input, ecs_compatibility v1/v8: process.name is the whole tag (postfix/smtpd). */
        LOGSTASH_SYSLOG_ECS((r, line) -> fields("message", r.message(), "[process][name]", r.program(),
                "[process][pid]", pid(r), "[host][hostname]", r.host(), "[host][ip]", "192.0.2.25",
                "[log][syslog][priority]", 22L, "[log][syslog][facility][name]", "mail",
                "[log][syslog][severity][name]", "informational", "[event][original]", line)),
        /** Logstash syslog input, ecs_compatibility disabled: program, pid (a string), logsource, host the sender. */
        LOGSTASH_SYSLOG_LEGACY((r, line) -> fields("message", r.message(), "program", r.program(),
                "pid", pid(r) == null ? null : pid(r).toString(), "logsource", r.host(), "host", "192.0.2.25",
                "priority", 22L, "facility_label", "mail")),
        /** logstash-input-journald: the journal's own field names at the top level. */
        LOGSTASH_JOURNALD((r, line) -> fields("MESSAGE", r.message(), "SYSLOG_IDENTIFIER", r.program(),
                "SYSLOG_PID", pid(r) == null ? null : pid(r).toString(), "_PID", pid(r) == null ? null : pid(r).toString(),
                "_COMM", daemon(r), "_HOSTNAME", r.host(), "PRIORITY", "6")),
        /** Elastic Agent custom logs integration (filestream): the whole line, agent and data_stream fields. */
        AGENT_CUSTOM_LOGS((r, line) -> fields("message", line, "[log][file][path]", "/var/log/mail.log",
                "[log][offset]", 99L, "[input][type]", "filestream", "[agent][type]", "filebeat",
                "[elastic_agent][version]", "8.19.0", "[data_stream][type]", "logs",
                "[data_stream][dataset]", "generic", "[data_stream][namespace]", "default",
                "[event][dataset]", "generic", "[host][name]", SHIPPER_HOST));

        final BiFunction<LogRecord, String, Map<String, Object>> fields;

        Shape(BiFunction<LogRecord, String, Map<String, Object>> fields) {
            this.fields = fields;
        }

        /** True when the shipper splits the header off (else the whole line is the message). */
        boolean splits() {
            return this != FILEBEAT_FILESTREAM && this != FILEBEAT_HOST_STRING && this != AGENT_CUSTOM_LOGS;
        }
    }

    /** Fields a shipper sets that the filter writes over: its parse of the shipper's own values. */
    static final Set<String> OWNED = Set.of("message", "[process][name]", "[log][syslog][appname]", "tags", "[data_stream][dataset]",
            "[event][dataset]");

    static Long pid(LogRecord r) {
        return r.pid() < 0 ? null : r.pid();
    }

    static String daemon(LogRecord r) {
        return r.program().substring(r.program().lastIndexOf('/') + 1);
    }

    static Object appname(Map<String, Object> event) {
        return event.get("log") instanceof Map<?, ?> log && log.get("syslog") instanceof Map<?, ?> syslog
                ? syslog.get("appname") : null;
    }

    static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static List<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String corpus : List.of("corpus/postfix/maillog", "corpus/exim/maillog", "corpus/dovecot/maillog")) {
            for (Shape s : Shape.values()) all.add(Arguments.of(corpus, s));
        }
        return all;
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void sameParseAsTheRawLineAndShipperFieldsStay(String corpus, Shape shape) throws Exception {
        List<String> lines = TestParsers.lines(TestParsers.RESOURCES.resolve(corpus));
        Framer framer = new Framer(Clock.fixedYear(ZoneOffset.UTC, 2026));
        FilterRunner raw = new FilterRunner(Plugins.create(Mailsight.class, SETTINGS), SETTINGS);
        Map<String, Object> settings = shape == Shape.LOGSTASH_JOURNALD
                ? Map.of("timezone", "UTC", "source", "MESSAGE") : SETTINGS; // as docs/logstash.md says
        FilterRunner shipped = new FilterRunner(Plugins.create(Mailsight.class, settings), settings);
        int checked = 0;
        for (String line : lines) {
            LogRecord r = framer.frame(line);
            if (r.program() == null || r.host() == null) continue; // no syslog header: only the raw shape exists
            Map<String, Object> want = TestEvent.javaMap(raw.run(TestEvent.line(line)));
            Instant shippedAt = Instant.ofEpochSecond(r.epochSecond(), r.nanos());
            Map<String, Object> sent = shape.fields.apply(r, line);
            TestEvent in = new TestEvent();
            sent.forEach(in::setField);
            in.setEventTimestamp(shippedAt);
            Event out = shipped.run(in);
            String what = shape + ": " + line;

            for (String group : List.of("event", "email", "source", "destination", "user", "mail", "service",
                    "related", "tags", "url", "tls", "network", "error")) {
                Object expected = want.get(group);
                Object got = out.getField(group);
                if (group.equals("event") && got instanceof Map<?, ?> g && shape == Shape.LOGSTASH_SYSLOG_ECS) {
                    Map<Object, Object> copy = new LinkedHashMap<>(g);
                    copy.remove("original"); // the syslog input's, kept
                    got = copy;
                }
                assertThat(got).as(group + " of " + what).isEqualTo(expected);
            }
            assertThat(out.getField("[process][name]")).as("process.name of " + what)
                    .isEqualTo(want.get("process") instanceof Map<?, ?> p ? p.get("name") : null);
            assertThat(out.getField("[log][syslog][appname]")).as("appname of " + what)
                    .isEqualTo(appname(want)).isNotNull();
            if (r.pid() >= 0) assertThat(out.getField("[process][pid]")).as("pid of " + what).isIn(r.pid(), r.pid() + "");
            if (shape.splits()) {
                assertThat(out.getField("message")).as("message of " + what).isEqualTo(want.get("message"));
                assertThat(out.getEventTimestamp()).as(what).isEqualTo(shippedAt);
            }
            for (Map.Entry<String, Object> f : sent.entrySet()) {
                if (OWNED.contains(f.getKey())) continue;
                assertThat(out.getField(f.getKey())).as(f.getKey() + " the shipper set, " + what).isEqualTo(f.getValue());
            }
            checked++;
        }
        assertThat(checked).as("lines checked").isGreaterThan(lines.size() * 9 / 10);
    }
}
