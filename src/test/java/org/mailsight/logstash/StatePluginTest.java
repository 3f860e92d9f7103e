package org.mailsight.logstash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.logstash.api.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsight.TestParsers;
import org.mailsight.engine.Pipeline;
import org.mailsight.engine.PipelineConfig;
import org.mailsight.logstash.harness.FilterRunner;
import org.mailsight.logstash.harness.Plugins;
import org.mailsight.logstash.harness.TestEvent;

/**
 * Nothing lost across a restart or reload: the real corpora split in two runs, the filter closed after the
 * first and a new one started for the second, give the same summaries as one run, because close() writes the
 * messages and sessions in flight to state_path and the next start loads them.
 */
class StatePluginTest {
    @TempDir
    Path dir;

    static Map<String, Object> settings(Path state) {
        Map<String, Object> s = new HashMap<>(Map.of("timezone", "UTC", "correlate", true,
                "local_domains", List.of("mail.example.test", "example.test")));
        if (state != null) s.put("state_path", state.toString());
        return s;
    }

    /** Runs lines through a new filter in batches of 125, as a pipeline worker does; summaries of flush too. */
    static List<Event> run(Map<String, Object> settings, List<String> lines, boolean end) {
        Mailsight filter = Plugins.create(Mailsight.class, settings);
        FilterRunner runner = new FilterRunner(filter, settings);
        List<Event> summaries = new ArrayList<>();
        for (int from = 0; from < lines.size(); from += 125) {
            List<Event> batch = new ArrayList<>();
            for (String l : lines.subList(from, Math.min(from + 125, lines.size()))) batch.add(TestEvent.line(l));
            runner.run(batch);
            summaries.addAll(runner.flush());
        }
        if (end) summaries.addAll(filter.drainAll(e -> { }));
        filter.close();
        return summaries;
    }

    static List<Map<String, Object>> java(List<Event> events) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Event e : events) out.add(TestEvent.javaMap(e));
        out.sort(java.util.Comparator.comparing(Object::toString));
        return out;
    }

    @Test
    void theCorpusInTwoRunsGivesTheSummariesOfOneRun() throws Exception {
        for (String corpus : List.of("corpus/postfix/maillog", "corpus/exim/maillog", "corpus/stack/maillog")) {
            List<String> lines = TestParsers.lines(TestParsers.RESOURCES.resolve(corpus));
            List<Map<String, Object>> once = java(run(settings(null), lines, true));
            assertThat(once).as(corpus).hasSizeGreaterThanOrEqualTo(20);
            if (corpus.contains("stack")) assertThat(once.toString()).as("filter verdicts in summaries").contains("verdict");

            Path state = dir.resolve(corpus.replace('/', '_') + "/main.state");
            int half = lines.size() / 2;
            List<Event> split = new ArrayList<>(run(settings(state), lines.subList(0, half), false));
            assertThat(state).as("written at close").exists();
            split.addAll(run(settings(state), lines.subList(half, lines.size()), true));
            assertThat(java(split)).as(corpus).isEqualTo(once);

            // without the state, the messages that span the restart are cut in two
            List<Event> cut = new ArrayList<>(run(settings(null), lines.subList(0, half), true));
            cut.addAll(run(settings(null), lines.subList(half, lines.size()), true));
            assertThat(java(cut)).as(corpus).isNotEqualTo(once);
        }
    }

    @Test
    void keepStateFalseWritesNothing() throws Exception {
        Path state = dir.resolve("off.state");
        Map<String, Object> s = settings(state);
        s.put("keep_state", false);
        List<String> lines = TestParsers.lines(TestParsers.RESOURCES.resolve("corpus/postfix/maillog"));
        run(s, lines.subList(0, 500), false);
        assertThat(state).doesNotExist();
    }

    @Test
    void aForeignOrOldFileIsRefusedInOneSentenceAndTheFilterStartsEmpty() throws Exception {
        Pipeline p = Pipeline.of(PipelineConfig.builder().correlate(true).build());
        assertThatThrownBy(() -> p.restore(new ByteArrayInputStream("hello".getBytes())))
                .hasMessageStartingWith("not a mailsight state file");
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(old);
        d.writeUTF("mailsight-state");
        d.writeInt(Pipeline.STATE_VERSION + 1);
        assertThatThrownBy(() -> p.restore(new ByteArrayInputStream(old.toByteArray())))
                .hasMessageContaining("format version " + (Pipeline.STATE_VERSION + 1));
        ByteArrayOutputStream good = new ByteArrayOutputStream();
        p.snapshot(good);
        byte[] cut = java.util.Arrays.copyOf(good.toByteArray(), good.size() - 3);
        assertThatThrownBy(() -> p.restore(new ByteArrayInputStream(cut))).hasMessageContaining("damaged");

        Path state = dir.resolve("foreign.state");
        Files.writeString(state, "not ours");
        Mailsight filter = Plugins.create(Mailsight.class, settings(state));
        assertThat(filter.requiresFlush()).isTrue(); // started
        Event e = new FilterRunner(filter, Map.of()).run(TestEvent.line(
                "Nov 22 03:19:29 mail postfix/postsuper[5069]: Deleted: 0 messages"));
        assertThat(e.getField("[event][action]")).isEqualTo("removed");
    }
}
