package org.mailsight.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsight.TestParsers;
import org.mailsight.engine.ConfigException;
import org.mailsight.engine.MailParser;
import org.mailsight.engine.PipelineConfig;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/** Pseudonyms, drop lists and the minimal profile, on real lines of the corpora. */
@SuppressWarnings("unchecked")
class PrivacyTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    static final String SUBMISSION = "Nov 22 03:19:46 mail postfix/submission/smtpd[5481]: AAB3A160675:"
            + " client=localhost[127.0.0.1], sasl_method=PLAIN, sasl_username=alice@example.test";
    static final String IMAP = "Nov 22 03:54:41 mail dovecot: imap-login: Login: user=<bob>, method=PLAIN,"
            + " rip=192.0.2.17, lip=192.0.2.1, mpid=5021, TLS, session=<5HPEb9VgSrd/AAAB>";

    @TempDir
    Path dir;

    private final MailParser parser = new MailParser(
            new org.mailsight.record.Framer(org.mailsight.record.Clock.fixedYear(java.time.ZoneOffset.UTC, 2026)), true);

    static Privacy privacy(byte[] key, boolean ip, List<String> drop, Privacy.Profile profile) {
        return new Privacy(new Privacy.Options(key, ip, drop, profile));
    }

    @Test
    void addressesKeepTheirDomainAndAreTheSameEverywhere() {
        MailEvent e = parser.parse(SUBMISSION);
        privacy(KEY, false, List.of(), Privacy.Profile.full).accept(e);
        String user = e.getString(Fields.USER_NAME);
        assertThat(user).matches("h:[0-9a-f]{16}@example\\.test");
        assertThat((List<Object>) e.get(Fields.RELATED_USER)).containsExactly(user);
        assertThat(e.getString(Fields.MESSAGE)).endsWith("sasl_username=" + user).doesNotContain("alice");
        assertThat(e.getString(Fields.EVENT_ORIGINAL)).endsWith("sasl_username=" + user);
        assertThat(e.get(Fields.SOURCE_IP)).isEqualTo("127.0.0.1"); // IPs only with pseudonymize_ip

        // the same key gives the same pseudonym in another run; case does not matter; another key another one
        MailEvent again = parser.parse(SUBMISSION.replace("alice@example.test", "Alice@Example.test"));
        privacy(KEY, false, List.of(), Privacy.Profile.full).accept(again);
        assertThat(again.getString(Fields.USER_NAME)).startsWith(user.substring(0, 18));
        MailEvent other = parser.parse(SUBMISSION);
        privacy("another key of 16+ bytes".getBytes(), false, List.of(), Privacy.Profile.full).accept(other);
        assertThat(other.getString(Fields.USER_NAME)).isNotEqualTo(user).endsWith("@example.test");
    }

    @Test
    void userNamesAndClientAddressesGetPseudonymsInFieldsAndText() {
        MailEvent e = parser.parse(IMAP);
        assertThat(e.get(Fields.USER_NAME)).isEqualTo("bob");
        privacy(KEY, true, List.of(), Privacy.Profile.full).accept(e);
        String user = e.getString(Fields.USER_NAME);
        assertThat(user).matches("h:[0-9a-f]{16}");
        String ip = e.getString(Fields.SOURCE_IP);
        assertThat(ip).startsWith("192.0.2.").isNotEqualTo("192.0.2.17");
        assertThat(e.getString(Fields.MESSAGE)).contains("user=<" + user + ">", "rip=" + ip + ",")
                .doesNotContain("bob", "192.0.2.17");
        assertThat(e.get(Fields.EVENT_ACTION)).isEqualTo("mailbox-login");
        assertThat(e.get("dovecot.session")).isEqualTo("5HPEb9VgSrd/AAAB");
    }

    @Test
    void ipv6KeepsItsSlash48() {
        Pseudonyms p = new Pseudonyms(KEY);
        String v6 = p.ip("2001:db8:1234:5678::42");
        assertThat(v6).startsWith("2001:db8:1234:").isNotEqualTo("2001:db8:1234:5678::42");
        assertThat(p.ip("2001:DB8:1234:5678::42")).isEqualTo(v6);
        assertThat(p.ip("not an address")).isNull();
        assertThat(Pseudonyms.v6(new byte[16])).isEqualTo("::");
    }

    @Test
    void dropListRemovesFieldsAndWhatIsUnderThem() {
        MailEvent e = parser.parse(IMAP);
        privacy(null, false, List.of("message", "event.original", "dovecot"), Privacy.Profile.full).accept(e);
        assertThat(e.has(Fields.MESSAGE)).isFalse();
        assertThat(e.has(Fields.EVENT_ORIGINAL)).isFalse();
        assertThat(e.has("dovecot.session")).isFalse();
        assertThat(e.get(Fields.USER_NAME)).isEqualTo("bob");
    }

    @Test
    void minimalKeepsOnlyWhatDetectionAndDashboardsRead() {
        MailEvent e = parser.parse(IMAP);
        Privacy p = privacy(null, false, List.of(), Privacy.Profile.minimal);
        p.accept(e);
        e.forEach((k, v) -> assertThat(Privacy.under(k, Privacy.MINIMAL)).as(k).isTrue());
        assertThat(e.has(Fields.MESSAGE)).isFalse();
        assertThat(e.get(Fields.EVENT_ACTION)).isEqualTo("mailbox-login");
        assertThat(e.get(Fields.SOURCE_IP)).isEqualTo("192.0.2.17");
        assertThat(p.counters()).containsEntry("events", 1L);
        assertThat(p.counters().get("dropped")).isGreaterThan(3L);
    }

    @Test
    void systemAccountsStayReadable() {
        MailEvent e = parser.parse("Nov 22 03:19:40 mail postfix/qmgr[5300]: 4282D1607F2: from=<root@mail.example.test>,"
                + " size=412, nrcpt=1 (queue active)");
        privacy(KEY, false, List.of(), Privacy.Profile.full).accept(e);
        assertThat((List<Object>) e.get(Fields.EMAIL_FROM)).containsExactly("root@mail.example.test");
    }

    @Test
    void configurationIsCheckedAtStartUp() throws IOException {
        Path key = dir.resolve("key");
        Files.writeString(key, "short\n");
        assertThatThrownBy(() -> PipelineConfig.builder().pseudonymizeKey(key).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("fewer than 16 bytes")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> PipelineConfig.builder().pseudonymizeKey(dir.resolve("none")).build())
                .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> PipelineConfig.builder().pseudonymizeIp(true).build())
                .hasMessageContaining("give pseudonymize_key too");
        assertThatThrownBy(() -> PipelineConfig.builder().privacyProfile("tiny").build())
                .hasMessageContaining("full (the default) or minimal");
        assertThatThrownBy(() -> PipelineConfig.builder().drop(List.of("email..subject")).build())
                .hasMessageContaining("field name");
        Files.writeString(key, "  0123456789abcdef  \n");
        PipelineConfig c = PipelineConfig.builder().pseudonymizeKey(key).build();
        assertThat(c.privacy()).isTrue();
        assertThat(c.privacyOptions().key()).isEqualTo("0123456789abcdef".getBytes());
        assertThat(c.privacyOptions().toString()).doesNotContain("0123456789abcdef");
        assertThat(PipelineConfig.defaults().privacy()).isFalse();
    }
}
