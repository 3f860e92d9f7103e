package org.mailsight.logstash;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.logstash.api.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsight.enrich.GeoTestDatabases;
import org.mailsight.logstash.harness.TestEvent;

/** pseudonymize_key, pseudonymize_ip, drop and privacy_profile in the Logstash filter. */
class PrivacyPluginTest {
    @TempDir
    Path dir;

    Path key() throws IOException {
        Path key = dir.resolve("mailsight.key");
        Files.writeString(key, "a key of at least sixteen bytes\n");
        return key;
    }

    @Test
    void noRealValueInAnyFieldTheEventCarries() throws IOException {
        Map<String, Object> settings = Map.of("pseudonymize_key", key().toString(), "pseudonymize_ip", true,
                "geoip_database", GeoTestDatabases.city().toString());
        TestEvent shipped = TestEvent.line(GeoPluginTest.LOGIN);
        shipped.setField("[event][original]", "<22>" + GeoPluginTest.LOGIN);
        Event e = MailsightTest.run(settings, shipped);
        assertThat(e.getField("[event][action]")).isEqualTo("mailbox-login");
        assertThat(e.getField("[user][name]").toString()).matches("h:[0-9a-f]{16}@example\\.test");
        assertThat(e.getField("[source][ip]").toString()).startsWith("128.101.101.").isNotEqualTo("128.101.101.101");
        assertThat(e.getField("[source][geo][city_name]")).isEqualTo("Minneapolis"); // placed before, from the real one
        String all = e.getData().toString();
        assertThat(all).doesNotContain("alice", "128.101.101.101");
        assertThat(e.getField("[event][original]").toString()).startsWith("<22>").contains("user=<h:");
    }

    @Test
    void minimalAndDropRemoveTheShippersTextToo() {
        Event e = MailsightTest.run(Map.of("privacy_profile", "minimal", "drop", List.of("user.name")),
                TestEvent.line(GeoPluginTest.LOGIN));
        assertThat(e.includes("message")).isFalse();
        assertThat(e.includes("[user][name]")).isFalse();
        assertThat(e.getField("[source][ip]")).isEqualTo("128.101.101.101");
        assertThat(e.getField("[event][action]")).isEqualTo("mailbox-login");
    }

    @Test
    void integrityChainsEventsPerHostAndFile() {
        Map<String, Object> settings = Map.of("integrity", true);
        var runner = new org.mailsight.logstash.harness.FilterRunner(
                org.mailsight.logstash.harness.Plugins.create(Mailsight.class, settings), settings);
        List<Event> out = new java.util.ArrayList<>();
        for (String file : List.of("/var/log/mail.log", "/var/log/mail.log", "/var/log/dovecot.log")) {
            TestEvent e = TestEvent.line(GeoPluginTest.LOGIN);
            e.setField("[log][file][path]", file);
            out.add(runner.run(e));
        }
        assertThat(out).extracting(e -> e.getField("[mail][integrity][sequence]")).containsExactly(1L, 2L, 1L);
        assertThat(out.get(2).getField("[mail][integrity][source]")).isEqualTo("mail:/var/log/dovecot.log");
        assertThat(out.get(1).getField("[mail][integrity][hash]").toString()).hasSize(64)
                .isNotEqualTo(out.get(0).getField("[mail][integrity][hash]"));
    }

    @Test
    void badSettingsStopTheStart() {
        assertThat(MailsightTest.startupError(Map.of("pseudonymize_key", dir.resolve("none").toString())))
                .contains("pseudonymize_key => ").contains("cannot be read");
        assertThat(MailsightTest.startupError(Map.of("privacy_profile", "tiny")))
                .contains("privacy_profile => tiny").contains("minimal");
        assertThat(MailsightTest.startupError(Map.of("drop", List.of("a..b")))).contains("drop => a..b");
    }
}
