package org.mailsight.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.mailsight.engine.MailParser;
import org.mailsight.engine.Pipeline;
import org.mailsight.engine.PipelineConfig;
import org.mailsight.event.MailEvent;
import org.mailsight.output.Documents;
import org.mailsight.record.Clock;

/** The chain links each event to the one before it, and goes on after a restart from saved state. */
class IntegrityTest {
    static final String LINE = "Nov 22 03:19:38 mail postfix/local[5349]: 4282D1607F2: to=<alice@mail.example.test>,"
            + " relay=local, delay=0.06, delays=0.05/0.01/0/0, dsn=2.0.0, status=sent (delivered to mailbox)";

    static MailEvent run(Pipeline p, String line) {
        MailParser parser = p.parser(Clock.fixedYear(ZoneOffset.UTC, 2026));
        MailEvent e = parser.parse(line);
        p.accept(e, m -> { });
        return e;
    }

    @Test
    void eachHashCoversThePreviousOneAndTheEvent() throws Exception {
        Pipeline p = Pipeline.of(PipelineConfig.builder().integrity(true).build());
        assertThat(p.stateful()).isTrue();
        MailEvent first = run(p, LINE);
        MailEvent second = run(p, LINE);
        assertThat(first.get(Integrity.SEQUENCE)).isEqualTo(1L);
        assertThat(second.get(Integrity.SEQUENCE)).isEqualTo(2L);
        assertThat(first.get(Integrity.SOURCE)).isEqualTo("mail");
        String h1 = first.getString(Integrity.HASH);
        assertThat(h1).isEqualTo(Integrity.link("", Integrity.canonical(Documents.nested(first))));
        assertThat(second.getString(Integrity.HASH))
                .isEqualTo(Integrity.link(h1, Integrity.canonical(Documents.nested(second))));
        // the same line again differs only by its sequence, and so does its hash
        assertThat(second.getString(Integrity.HASH)).isNotEqualTo(h1);

        ByteArrayOutputStream state = new ByteArrayOutputStream();
        p.snapshot(state);
        Pipeline restarted = Pipeline.of(PipelineConfig.builder().integrity(true).build());
        restarted.restore(new ByteArrayInputStream(state.toByteArray()));
        MailEvent third = run(restarted, LINE);
        assertThat(third.get(Integrity.SEQUENCE)).isEqualTo(3L);
        assertThat(third.getString(Integrity.HASH)).isEqualTo(
                Integrity.link(second.getString(Integrity.HASH), Integrity.canonical(Documents.nested(third))));
    }

    @Test
    void canonicalFormSortsKeysAndLeavesTheHashOut() {
        var doc = new java.util.LinkedHashMap<String, Object>();
        doc.put("b", 1L);
        doc.put("a", java.util.List.of("x\"y", 0.5, true));
        doc.put("mail", java.util.Map.of("integrity", java.util.Map.of("hash", "h", "sequence", 7L)));
        assertThat(Integrity.canonical(doc))
                .isEqualTo("{\"a\":[\"x\\\"y\",0.5,true],\"b\":1,\"mail\":{\"integrity\":{\"sequence\":7}}}");
    }
}
