package org.mailsight.logstash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.PluginConfigSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mailsight.logstash.harness.FilterRunner;
import org.mailsight.logstash.harness.Plugins;
import org.mailsight.logstash.harness.TestEvent;
import org.mailsight.logstash.harness.Timestamp;

/** The filter through the Logstash-like harness: options, input shapes, what it writes. */
class MailsightTest {
    static final String RAW = "2026-11-22T03:01:45.123456+01:00 mail postfix/smtpd[17890]: connect from localhost[127.0.0.1]";
    static final String CONNECT = "connect from localhost[127.0.0.1]";
    static final Instant SHIPPED_AT = Instant.parse("2026-11-22T02:01:45.987Z");

    static Mailsight plugin(Map<String, Object> settings) {
        return Plugins.create(Mailsight.class, settings);
    }

    static Event run(Map<String, Object> settings, Event e) {
        return new FilterRunner(plugin(settings), settings).run(e);
    }

    static Event run(Event e) {
        return run(Map.of(), e);
    }

    static TestEvent event(Map<String, Object> fields) {
        TestEvent e = new TestEvent();
        fields.forEach(e::setField);
        e.setEventTimestamp(SHIPPED_AT);
        return e;
    }

    static String startupError(Map<String, Object> settings) {
        try {
            plugin(settings);
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a start-up failure for " + settings);
    }

    @Nested
    class Plugin {
        @Test
        void nameIdAndSchema() {
            Mailsight p = plugin(Map.of("id", "mail_parse"));
            assertThat(p.getName()).isEqualTo("mailsight");
            assertThat(p.getId()).isEqualTo("mail_parse");
            assertThat(p.configSchema()).extracting(PluginConfigSpec::name).containsExactlyInAnyOrder(
                    "add_field", "add_tag", "enable_metric", "id", "periodic_flush", "remove_field", "remove_tag",
                    "source", "timezone", "keep_original", "tag_on_failure", "ecs_compatibility", "data_stream",
                    "namespace", "correlate", "local_domains", "local_networks", "max_in_flight",
                    "geoip_database", "asn_database", "geoip_cache_size", "state_path", "keep_state", "detect", "rules",
                    "pseudonymize_key", "pseudonymize_ip", "drop", "privacy_profile", "integrity");
        }

        @Test
        void commonSettingsAreAccepted() {
            Map<String, Object> all = new HashMap<>();
            all.put("id", "x");
            all.put("add_field", Map.of("[labels][env]", "prod"));
            all.put("add_tag", List.of("mail"));
            all.put("remove_field", List.of("program"));
            all.put("remove_tag", List.of("beats_input_codec_plain_applied"));
            all.put("enable_metric", false);
            all.put("periodic_flush", false);
            assertThat(plugin(all)).isNotNull();
        }

        @Test
        void unknownSettingIsRefusedLikeLogstash() {
            assertThat(startupError(Map.of("sorce", "message")))
                    .contains("Unknown setting 'sorce' specified for plugin 'mailsight'");
        }

        @Test
        void noFlushYet() {
            Mailsight p = plugin(Map.of());
            assertThat(p.flush(e -> {})).isEmpty();
            assertThat(p.requiresFlush()).isFalse();
            assertThat(p.requiresPeriodicFlush()).isFalse();
            p.close();
        }
    }

    @Nested
    class Options {
        @Test
        void defaults() {
            Settings s = plugin(Map.of()).settings();
            assertThat(s.source()).isEqualTo("message");
            assertThat(s.pipeline().keepOriginal()).isFalse();
            assertThat(s.pipeline().correlate()).isFalse();
            assertThat(s.tagOnFailure()).containsExactly("_mailsight_unparsed");
            assertThat(s.ecsCompatibility()).isEqualTo("v8");
            assertThat(s.dataStream()).isTrue();
            assertThat(s.namespace()).isEqualTo("default");
            assertThat(s.timezone()).isEqualTo(java.time.ZoneId.systemDefault());
        }

        @Test
        void source() {
            Event e = run(Map.of("source", "[event][original]"), event(Map.of("[event][original]", RAW)));
            assertThat(e.getField("[event][action]")).isEqualTo("connect");
            assertThat(e.getField("message")).isEqualTo(CONNECT);
            assertThat(e.getField("[event][original]")).isEqualTo(RAW);
            assertThat(startupError(Map.of("source", "[event]original")))
                    .contains("source => \"[event]original\"").contains("field reference");
            assertThat(startupError(Map.of("source", ""))).contains("source => \"\"");
        }

        @Test
        void timezone() {
            String bsd = "Nov 22 03:01:45 mail postfix/smtpd[17890]: " + CONNECT;
            Event berlin = run(Map.of("timezone", "Europe/Berlin"), TestEvent.line(bsd));
            Event utc = run(Map.of("timezone", "UTC"), TestEvent.line(bsd));
            assertThat(utc.getEventTimestamp().toString()).endsWith("-11-22T03:01:45Z");
            assertThat(berlin.getEventTimestamp()).isEqualTo(utc.getEventTimestamp().minusSeconds(3600));
            assertThat(run(Map.of("timezone", "+05:30"), TestEvent.line(bsd)).getEventTimestamp())
                    .isEqualTo(utc.getEventTimestamp().minusSeconds(5 * 3600 + 1800));
            assertThat(startupError(Map.of("timezone", "Mars/Olympus")))
                    .contains("timezone => \"Mars/Olympus\"").contains("Europe/Berlin");
        }

        @Test
        void keepOriginal() {
            assertThat(run(TestEvent.line(RAW)).includes("[event][original]")).isFalse();
            assertThat(run(Map.of("keep_original", true), TestEvent.line(RAW)).getField("[event][original]"))
                    .isEqualTo(RAW);
            assertThat(run(Map.of("keep_original", "true"), TestEvent.line(RAW)).getField("[event][original]"))
                    .isEqualTo(RAW);
            // an input in ECS mode already keeps the line: never overwritten
            TestEvent shipped = TestEvent.line(RAW);
            shipped.setField("[event][original]", "<22>" + RAW);
            assertThat(run(Map.of("keep_original", true), shipped).getField("[event][original]"))
                    .isEqualTo("<22>" + RAW);
            assertThat(startupError(Map.of("keep_original", "maybe")))
                    .contains("keep_original => \"maybe\"").contains("true or false");
        }

        @Test
        void tagOnFailure() {
            Event e = run(Map.of("tag_on_failure", List.of("_mail_failure", "mail")), TestEvent.line("garbage"));
            assertThat(e.getField("tags")).isEqualTo(List.of("_mail_failure", "mail"));
            assertThat(run(Map.of("tag_on_failure", "_one"), TestEvent.line("garbage")).getField("tags"))
                    .isEqualTo(List.of("_one"));
            assertThat(run(Map.of("tag_on_failure", List.of()), TestEvent.line("garbage")).includes("tags")).isFalse();
            assertThat(startupError(Map.of("tag_on_failure", List.of("ok", "")))).contains("tag_on_failure =>");
            assertThat(startupError(Map.of("tag_on_failure", List.of(1L)))).contains("tag_on_failure => [1]")
                    .contains("non-empty strings");
        }

        @Test
        void ecsCompatibility() {
            assertThat(plugin(Map.of("ecs_compatibility", "v8")).settings().ecsCompatibility()).isEqualTo("v8");
            assertThat(plugin(Map.of("ecs_compatibility", "v1")).settings().ecsCompatibility()).isEqualTo("v1");
            assertThat(TestEvent.javaMap(run(Map.of("ecs_compatibility", "v1"), TestEvent.line(RAW))))
                    .isEqualTo(TestEvent.javaMap(run(Map.of("ecs_compatibility", "v8"), TestEvent.line(RAW))));
            assertThat(startupError(Map.of("ecs_compatibility", "disabled")))
                    .contains("ecs_compatibility => \"disabled\" is not supported")
                    .contains("Elastic Common Schema").contains("v8").contains("v1");
            assertThat(startupError(Map.of("ecs_compatibility", "v9")))
                    .contains("ecs_compatibility => \"v9\"").contains("v8 (the default) or v1");
        }

        @Test
        void dataStream() {
            Event on = run(TestEvent.line(RAW));
            assertThat(on.getField("[data_stream][type]")).isEqualTo("logs");
            assertThat(on.getField("[data_stream][dataset]")).isEqualTo("mail.postfix");
            assertThat(on.getField("[data_stream][dataset]")).isEqualTo(on.getField("[event][dataset]"));
            assertThat(on.getField("[data_stream][namespace]")).isEqualTo("default");
            Event unparsed = run(TestEvent.line("not a mail log line"));
            assertThat(unparsed.getField("[data_stream][dataset]")).isEqualTo("mail.unknown");
            Event off = run(Map.of("data_stream", false), TestEvent.line(RAW));
            assertThat(off.includes("data_stream")).isFalse();
            assertThat(off.getField("[event][action]")).isEqualTo("connect");
            assertThat(startupError(Map.of("data_stream", "yes"))).contains("data_stream => \"yes\"");
        }

        @Test
        void namespace() {
            Event e = run(Map.of("namespace", "production.eu_1"), TestEvent.line(RAW));
            assertThat(e.getField("[data_stream][namespace]")).isEqualTo("production.eu_1");
            assertThat(startupError(Map.of("namespace", "Prod"))).contains("namespace => \"Prod\"")
                    .contains("uppercase");
            assertThat(startupError(Map.of("namespace", "prod-eu"))).contains("'-'");
            assertThat(startupError(Map.of("namespace", "_prod"))).contains("start with '_'");
            assertThat(startupError(Map.of("namespace", "a b"))).contains("space");
            assertThat(startupError(Map.of("namespace", ".."))).contains("'..'");
            assertThat(startupError(Map.of("namespace", "x".repeat(101)))).contains("100 bytes");
            assertThat(startupError(Map.of("namespace", ""))).contains("empty");
            for (char c : "\\/*?\"<>|,#:".toCharArray()) {
                assertThat(startupError(Map.of("namespace", "a" + c))).as("namespace with " + c).contains("'" + c + "'");
            }
        }
    }

    @Nested
    class Inputs {
        @Test
        void rawLine() {
            Event e = run(TestEvent.line(RAW));
            assertThat(e.getEventTimestamp()).isEqualTo(Instant.parse("2026-11-22T02:01:45.123Z"));
            assertThat(e.getField("@timestamp")).isEqualTo(new Timestamp(Instant.parse("2026-11-22T02:01:45.123Z")));
            assertThat(e.getField("message")).isEqualTo(CONNECT);
            assertThat(e.getField("[host][hostname]")).isEqualTo("mail");
            assertThat(e.getField("[process][name]")).isEqualTo("smtpd");
            assertThat(e.getField("[process][pid]")).isEqualTo(17890L);
            assertThat(e.getField("[log][syslog][appname]")).isEqualTo("postfix/smtpd");
            assertThat(e.getField("[source][ip]")).isEqualTo("127.0.0.1");
            assertThat(e.getField("[source][domain]")).isEqualTo("localhost");
            assertThat(e.getField("[event][action]")).isEqualTo("connect");
            assertThat(e.getField("[event][category]")).isEqualTo(List.of("network"));
            assertThat(e.includes("tags")).isFalse();
        }

        @Test
        void logstashSyslogInputEcs() {
            TestEvent in = event(Map.of(
                    "message", CONNECT,
                    "[process][name]", "postfix/submission/smtpd",
                    "[process][pid]", 17890L,
                    "[host][hostname]", "mx1",
                    "[host][ip]", "192.0.2.10",
                    "[log][syslog][priority]", 22L,
                    "[log][syslog][facility][name]", "mail",
                    "[event][original]", "<22>Nov 22 03:01:45 mx1 postfix/submission/smtpd[17890]: " + CONNECT));
            Event e = run(in);
            assertThat(e.getEventTimestamp()).isEqualTo(SHIPPED_AT); // the input's date filter set it
            assertThat(e.getField("[event][action]")).isEqualTo("connect");
            assertThat(e.getField("[process][name]")).isEqualTo("smtpd");
            assertThat(e.getField("[process][pid]")).isEqualTo(17890L);
            assertThat(e.getField("[log][syslog][appname]")).isEqualTo("postfix/submission/smtpd");
            assertThat(e.getField("[service][name]")).isEqualTo("postfix");
            assertThat(e.getField("[host][hostname]")).isEqualTo("mx1");
            assertThat(e.getField("[host][ip]")).isEqualTo("192.0.2.10");
            assertThat(e.getField("[log][syslog][priority]")).isEqualTo(22L);
            assertThat(e.getField("[log][syslog][facility][name]")).isEqualTo("mail");
            assertThat(e.getField("[event][original]")).asString().startsWith("<22>");
            assertThat(e.getField("message")).isEqualTo(CONNECT);
            assertThat(e.getField("[source][ip]")).isEqualTo("127.0.0.1");
        }

        @Test
        void logstashSyslogInputLegacy() {
            TestEvent in = event(Map.of(
                    "message", CONNECT, "program", "postfix/smtpd", "pid", "17890", "logsource", "mx1",
                    "timestamp", "Nov 22 03:01:45", "host", "192.0.2.10", "priority", 22L));
            Event e = run(in);
            assertThat(e.getField("[event][action]")).isEqualTo("connect");
            assertThat(e.getField("[process][pid]")).isEqualTo(17890L);
            assertThat(e.getField("[process][name]")).isEqualTo("smtpd");
            // the legacy input's host is the sender's address, a string: kept, the syslog host goes beside it
            assertThat(e.getField("host")).isEqualTo("192.0.2.10");
            assertThat(e.getField("[log][syslog][hostname]")).isEqualTo("mx1");
            assertThat(e.getField("program")).isEqualTo("postfix/smtpd");
            assertThat(e.getField("timestamp")).isEqualTo("Nov 22 03:01:45");
            assertThat(e.getEventTimestamp()).isEqualTo(SHIPPED_AT);
        }

        @Test
        void filebeatSyslogProcessor() {
            TestEvent in = event(Map.of(
                    "message", CONNECT,
                    "[log][syslog][appname]", "postfix/smtpd",
                    "[log][syslog][procid]", "17890",
                    "[log][syslog][hostname]", "mx1"));
            Event e = run(in);
            assertThat(e.getField("[event][action]")).isEqualTo("connect");
            assertThat(e.getField("[process][pid]")).isEqualTo(17890L);
            assertThat(e.getField("[host][hostname]")).isEqualTo("mx1");
            assertThat(e.getField("[log][syslog][procid]")).isEqualTo("17890");
        }

        @Test
        void filebeatFilestreamRawLineKeepsShipperFields() {
            TestEvent in = event(Map.of(
                    "message", RAW,
                    "[host][name]", "logs01",
                    "[host][hostname]", "logs01",
                    "[host][os][family]", "debian",
                    "[log][file][path]", "/var/log/mail.log",
                    "[log][offset]", 1234L,
                    "[agent][type]", "filebeat",
                    "[agent][version]", "8.19.0",
                    "[input][type]", "filestream",
                    "[ecs][version]", "8.0.0"));
            Event e = run(in);
            assertThat(e.getField("[event][action]")).isEqualTo("connect");
            assertThat(e.getField("[host][name]")).isEqualTo("logs01");
            assertThat(e.getField("[host][hostname]")).isEqualTo("logs01");
            assertThat(e.getField("[host][os][family]")).isEqualTo("debian");
            assertThat(e.getField("[log][syslog][hostname]")).isEqualTo("mail");
            assertThat(e.getField("[log][file][path]")).isEqualTo("/var/log/mail.log");
            assertThat(e.getField("[log][offset]")).isEqualTo(1234L);
            assertThat(e.getField("[agent][type]")).isEqualTo("filebeat");
            assertThat(e.getField("[agent][version]")).isEqualTo("8.19.0");
            assertThat(e.getField("[input][type]")).isEqualTo("filestream");
            assertThat(e.getField("[ecs][version]")).isEqualTo("8.0.0");
            assertThat(e.getEventTimestamp()).isEqualTo(Instant.parse("2026-11-22T02:01:45.123Z"));
        }

        @Test
        void filebeatJournald() {
            TestEvent in = event(Map.of(
                    "message", CONNECT,
                    "[syslog][identifier]", "postfix/smtpd",
                    "[syslog][pid]", 17890L,
                    "[syslog][priority]", 6L,
                    "[journald][pid]", 17890L,
                    "[journald][process][name]", "smtpd",
                    "[systemd][unit]", "postfix@-.service",
                    "[host][hostname]", "mx1",
                    "[host][id]", "8f2c7a4e1d"));
            Event e = run(in);
            assertThat(e.getField("[event][action]")).isEqualTo("connect");
            assertThat(e.getField("[log][syslog][appname]")).isEqualTo("postfix/smtpd");
            assertThat(e.getField("[process][pid]")).isEqualTo(17890L);
            assertThat(e.getField("[host][hostname]")).isEqualTo("mx1");
            assertThat(e.getField("[systemd][unit]")).isEqualTo("postfix@-.service");
            assertThat(e.getField("[journald][process][name]")).isEqualTo("smtpd");
            assertThat(e.getEventTimestamp()).isEqualTo(SHIPPED_AT);
        }

        @Test
        void filebeatJournaldPidFromProcessOnly() {
            TestEvent in = event(Map.of("message", CONNECT, "[syslog][identifier]", "postfix/smtpd",
                    "[journald][pid]", 4242L));
            assertThat(run(in).getField("[process][pid]")).isEqualTo(4242L);
        }

        @Test
        void logstashJournaldInput() {
            TestEvent in = event(Map.of("MESSAGE", CONNECT, "SYSLOG_IDENTIFIER", "postfix/smtpd",
                    "_PID", "17890", "_HOSTNAME", "mx1"));
            Event e = run(Map.of("source", "MESSAGE"), in);
            assertThat(e.getField("[event][action]")).isEqualTo("connect");
            assertThat(e.getField("[process][pid]")).isEqualTo(17890L);
            assertThat(e.getField("[host][hostname]")).isEqualTo("mx1");
            assertThat(e.getField("message")).isEqualTo(CONNECT);
            assertThat(e.getField("MESSAGE")).isEqualTo(CONNECT);
        }

        @Test
        void rfc5424PidDashIsNoPid() {
            TestEvent in = event(Map.of("message", CONNECT, "[log][syslog][appname]", "postfix/smtpd",
                    "[log][syslog][procid]", "-"));
            Event e = run(in);
            assertThat(e.getField("[event][action]")).isEqualTo("connect");
            assertThat(e.includes("[process][pid]")).isFalse();
        }
    }

    @Nested
    class Outcomes {
        @Test
        void addTagAndAddFieldOnlyOnParsedEvents() {
            Map<String, Object> settings = Map.of("add_tag", List.of("mail"),
                    "add_field", Map.of("[labels][pipeline]", "mail-%{[process][name]}"));
            Mailsight p = plugin(settings);
            FilterRunner runner = new FilterRunner(p, settings);
            Event parsed = runner.run(TestEvent.line(RAW));
            assertThat(parsed.getField("tags")).isEqualTo(List.of("mail"));
            assertThat(parsed.getField("[labels][pipeline]")).isEqualTo("mail-smtpd");
            Event unparsed = runner.run(TestEvent.line("kernel: something else entirely"));
            assertThat(unparsed.getField("tags")).isEqualTo(List.of("_mailsight_unparsed"));
            assertThat(unparsed.includes("[labels][pipeline]")).isFalse();
            assertThat(runner.matched.get()).isEqualTo(1);
        }

        @Test
        void unparsedLine() {
            TestEvent in = TestEvent.line("this is no mail log");
            in.tag("beats_input_codec_plain_applied");
            Event e = run(in);
            assertThat(e.getField("[event][action]")).isEqualTo("unparsed");
            assertThat(e.getField("message")).isEqualTo("this is no mail log");
            assertThat(e.getField("tags")).isEqualTo(List.of("beats_input_codec_plain_applied", "_mailsight_unparsed"));
        }

        @Test
        void missingOrNonTextSourceIsTaggedAndOtherwiseUntouched() {
            TestEvent noMessage = event(Map.of("[host][name]", "x"));
            Map<String, Object> before = TestEvent.javaMap(noMessage);
            Event e = run(noMessage);
            Map<String, Object> after = TestEvent.javaMap(e);
            assertThat(after.remove("tags")).isEqualTo(List.of("_mailsight_unparsed"));
            assertThat(after).isEqualTo(before);
            assertThat(run(event(Map.of("message", List.of("a", "b")))).getField("tags"))
                    .isEqualTo(List.of("_mailsight_unparsed"));
        }

        @Test
        void shipperValueInTheWayIsKeptAndTagged() {
            // Filebeat 6 sent the file path as a string "source": [source][ip] cannot be set below it
            TestEvent in = TestEvent.line(RAW);
            in.setField("source", "/var/log/mail.log");
            Event e = run(Map.of("add_tag", List.of("mail")), in);
            assertThat(e.getField("source")).isEqualTo("/var/log/mail.log");
            assertThat(e.getField("[event][action]")).isEqualTo("connect");
            assertThat(e.getField("tags")).isEqualTo(List.of("_mailsight_field_conflict", "mail"));
        }

        @Test
        void cancelledEventsAreLeftAlone() {
            TestEvent e = TestEvent.line(RAW);
            e.cancel();
            Mailsight p = plugin(Map.of());
            p.filter(List.of(e), x -> {});
            assertThat(e.includes("event")).isFalse();
            assertThat(e.getField("message")).isEqualTo(RAW);
        }

        @Test
        void batchKeepsOrderAndSize() {
            List<co.elastic.logstash.api.Event> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) batch.add(TestEvent.line(i % 2 == 0 ? RAW : "junk " + i));
            List<co.elastic.logstash.api.Event> out = new FilterRunner(plugin(Map.of()), Map.of()).run(batch);
            assertThat(out).containsExactlyElementsOf(batch);
            assertThat(out.get(1).getField("message")).isEqualTo("junk 1");
        }
    }
}
