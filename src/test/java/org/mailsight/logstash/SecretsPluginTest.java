package org.mailsight.logstash;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.logstash.api.Event;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailsight.logstash.harness.FilterRunner;
import org.mailsight.logstash.harness.Plugins;
import org.mailsight.logstash.harness.TestEvent;

/** The filter removes logged secrets from the fields the shipper sent too, not only from what it writes. */
class SecretsPluginTest {
    static final String LINE = "Nov 22 10:01:05 mail dovecot: auth: passwd-file(alice@example.test,192.0.2.10):"
            + " Password mismatch (given password: S3cr3t-Pa55)";

    static Event run(Map<String, Object> settings, Event e) {
        return new FilterRunner(Plugins.create(Mailsight.class, settings), settings).run(e);
    }

    @Test
    void messageAndTheShippersEventOriginalAreScrubbed() {
        TestEvent shipped = TestEvent.line(LINE);
        shipped.setField("[event][original]", "<22>" + LINE);
        Event e = run(Map.of(), shipped);
        assertThat(e.getField("[event][action]")).isEqualTo("auth-failed");
        assertThat(e.getField("message").toString()).contains("given password").contains("redacted")
                .doesNotContain("S3cr3t");
        assertThat(e.getField("[event][original]")).isEqualTo("<22>" + LINE.replace("S3cr3t-Pa55", "<redacted>"));
        assertThat(e.getField("[event][reason]").toString()).doesNotContain("S3cr3t");
    }

    @Test
    void aLongFieldReferenceIsCheckedWithoutRecursion() {
        assertThat(Settings.fieldReference("[a]".repeat(100_000))).isTrue();
        assertThat(Settings.fieldReference("[a]".repeat(100_000) + "[a")).isFalse();
        for (String ok : new String[] {"message", "[event][original]", "MESSAGE", "[a b]"}) {
            assertThat(Settings.fieldReference(ok)).as(ok).isTrue();
        }
        for (String bad : new String[] {"", "[event]original", "[]", "a[b]", "[a,b]", "[a][", "[[a]]", "a,b"}) {
            assertThat(Settings.fieldReference(bad)).as(bad).isFalse();
        }
    }

    @Test
    void aSourceFieldOtherThanMessageIsScrubbed() {
        TestEvent shipped = new TestEvent();
        shipped.setField("[log][line]", LINE);
        Event e = run(Map.of("source", "[log][line]"), shipped);
        assertThat(e.getField("[log][line]")).isEqualTo(LINE.replace("S3cr3t-Pa55", "<redacted>"));
    }
}
