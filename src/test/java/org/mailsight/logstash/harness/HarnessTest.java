package org.mailsight.logstash.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.FilterMatchListener;
import co.elastic.logstash.api.LogstashPlugin;
import co.elastic.logstash.api.PluginConfigSpec;
import co.elastic.logstash.api.PluginHelper;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The harness refuses what Logstash refuses, so plugin tests passing here means something. */
class HarnessTest {
    @Test
    void fieldReferences() {
        TestEvent e = new TestEvent();
        e.setField("[source][ip]", "192.0.2.1");
        e.setField("message", "hi");
        e.setField("source.ip", "top-level key with a dot");
        assertThat(e.getField("[source][ip]")).isEqualTo("192.0.2.1");
        assertThat(e.getField("[message]")).isEqualTo("hi");
        assertThat(e.getField("source.ip")).isEqualTo("top-level key with a dot");
        assertThat(e.getField("source")).isEqualTo(Map.of("ip", "192.0.2.1"));
        assertThat(e.includes("[source][ip]")).isTrue();
        assertThat(e.includes("[source][port]")).isFalse();
        for (String bad : List.of("a[b]", "[a]b", "[]", "[a", "a]", "[a]b[c]")) {
            assertThatThrownBy(() -> e.getField(bad)).as(bad).isInstanceOf(FieldRef.IllegalSyntaxException.class)
                    .hasMessage("Invalid FieldReference: `" + bad + "`");
        }
        e.setField("", "the empty name is a top-level key");
        assertThat(e.getField("")).isEqualTo("the empty name is a top-level key");
        e.setField("[[log][file]]", "embedded references are flattened");
        assertThat(e.getField("[log][file]")).isEqualTo("embedded references are flattened");
        e.setField("[@metadata][seen]", true);
        assertThat(e.getField("[@metadata][seen]")).isEqualTo(true);
        assertThat(e.getMetadata().get("seen")).isEqualTo(Values.convert(true));
        assertThat(e.toMap()).doesNotContainKey("@metadata");
        assertThat(e.remove("[source][ip]")).isEqualTo(Values.convert("192.0.2.1")); // unconverted, as in Logstash
        assertThat(e.getField("source")).isEqualTo(Map.of());
    }

    @Test
    void theDataMapIsKeyedByIdentityAndHoldsRubyValues() {
        TestEvent e = new TestEvent();
        e.setField("[log][syslog][appname]", "postfix/smtpd");
        e.setField("n", 7L);
        Map<String, Object> data = e.getData();
        assertThat(data.containsKey("log")).isTrue(); // literals are interned
        assertThat(data.containsKey(new String("log"))).isFalse();
        assertThat(data.get("n")).isInstanceOf(Ruby.Int.class).isNotEqualTo(7L);
        @SuppressWarnings("unchecked")
        Map<String, Object> log = (Map<String, Object>) data.get("log");
        assertThat(log).isInstanceOf(ConvertedMap.class);
        @SuppressWarnings("unchecked")
        Object appname = ((Map<String, Object>) log.get("syslog")).get("appname");
        assertThat(appname).isInstanceOf(Ruby.Str.class).isNotEqualTo("postfix/smtpd");
        assertThat(appname.toString()).isEqualTo("postfix/smtpd");
        assertThat(e.getField("[log][syslog][appname]")).isEqualTo("postfix/smtpd");
        assertThat(e.getField("@version")).isEqualTo("1");
        e.setField("gone", null);
        assertThat(e.includes("gone")).isTrue();
        assertThat(e.getField("gone")).isNull();
        // an event from a map (what inputs and EventFactory make) is converted the same way
        TestEvent fromMap = new TestEvent(Map.of("host", Map.of("name", "mx1")));
        assertThat(fromMap.getData().get("host")).isInstanceOf(ConvertedMap.class);
        assertThat(fromMap.getField("[host][name]")).isEqualTo("mx1");
    }

    @Test
    void valueConversionLikeValuefier() {
        TestEvent e = new TestEvent();
        e.setField("i", 5);
        e.setField("f", 1.5f);
        e.setField("l", List.of(1, "a"));
        e.setField("z", ZonedDateTime.parse("2026-11-22T03:00:00+01:00"));
        e.setField("d", LocalDate.parse("2026-11-22"));
        assertThat(e.getField("i")).isEqualTo(5L);
        assertThat(e.getField("f")).isEqualTo(1.5d);
        assertThat(e.getField("l")).isEqualTo(List.of(1L, "a"));
        assertThat(e.getField("z")).isEqualTo(new Timestamp(Instant.parse("2026-11-22T02:00:00Z")));
        assertThat(e.getField("d")).isEqualTo(new Timestamp(Instant.parse("2026-11-22T00:00:00Z")));
        for (Object bad : List.of(Instant.now(), OffsetDateTime.now(), Set.of("a"), new String[] {"a"}, 'c',
                UUID.randomUUID(), Thread.State.NEW, List.of(Set.of("nested")))) {
            assertThatThrownBy(() -> e.setField("x", bad)).as(bad.getClass().getName())
                    .isInstanceOf(Values.MissingConverterException.class)
                    .hasMessageContaining("Missing Converter handling for full class name=");
        }
        assertThatThrownBy(() -> e.setField("m", Map.of(1, "a"))).isInstanceOf(ClassCastException.class);
        // getField hands out copies
        @SuppressWarnings("unchecked")
        List<Object> copy = (List<Object>) e.getField("l");
        copy.add("more");
        assertThat(e.getField("l")).isEqualTo(List.of(1L, "a"));
    }

    @Test
    void tags() {
        TestEvent e = new TestEvent();
        e.setField("tags", "one");
        e.tag("one");
        assertThat(e.getField("tags")).isEqualTo("one");
        e.tag("two");
        e.tag("two");
        assertThat(e.getField("tags")).isEqualTo(List.of("one", "two"));
        assertThatThrownBy(() -> e.setField("tags", 3L)).isInstanceOf(Values.InvalidTagsTypeException.class);
        assertThatThrownBy(() -> e.setField("tags", List.of("a", 1L))).isInstanceOf(Values.InvalidTagsTypeException.class);
        TestEvent bad = new TestEvent(Map.of("tags", Map.of("a", "b")));
        assertThat(bad.getField("tags")).isEqualTo(List.of("_tagsparsefailure"));
        assertThat(bad.getField("_tags")).isEqualTo(Map.of("a", "b"));
    }

    @Test
    void timestamps() {
        TestEvent e = new TestEvent(Map.of("@timestamp", "2026-11-22T02:00:00.123456Z"));
        assertThat(e.getEventTimestamp()).isEqualTo(Instant.parse("2026-11-22T02:00:00.123456Z"));
        e.setEventTimestamp(Instant.parse("2026-11-22T02:00:00.987654321Z"));
        assertThat(e.getEventTimestamp()).isEqualTo(Instant.parse("2026-11-22T02:00:00.987Z"));
        assertThat(e.getField("@timestamp")).isInstanceOf(Timestamp.class);
        assertThatThrownBy(() -> e.setField("@timestamp", "2026-11-22T02:00:00Z"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingThroughAScalarFails() {
        TestEvent e = new TestEvent();
        e.setField("host", "192.0.2.1");
        assertThat(e.getField("[host][hostname]")).isNull();
        assertThat(e.includes("[host][hostname]")).isFalse();
        assertThatThrownBy(() -> e.setField("[host][hostname]", "mx1"))
                .isInstanceOf(TestEvent.InvalidFieldSetException.class);
        assertThatThrownBy(() -> e.setField("[host][a][b]", "x")).isInstanceOf(ClassCastException.class);
    }

    @Test
    void cancellationCloneAndSprintf() throws Exception {
        TestEvent e = TestEvent.line("hello");
        e.setField("[process][name]", "smtpd");
        assertThat(e.sprintf("%{message} from %{[process][name]} %{missing}")).isEqualTo("hello from smtpd %{missing}");
        Event c = e.clone();
        c.setField("message", "changed");
        assertThat(e.getField("message")).isEqualTo("hello");
        e.cancel();
        assertThat(e.isCancelled()).isTrue();
        e.uncancel();
        assertThat(e.isCancelled()).isFalse();
        assertThat(new TestContext().getEventFactory().newEvent(Map.of("a", 1)).getField("a")).isEqualTo(1L);
    }

    @LogstashPlugin(name = "strict_filter")
    public static final class StrictFilter implements Filter {
        static final PluginConfigSpec<String> MUST = PluginConfigSpec.requiredStringSetting("must");
        static final PluginConfigSpec<Double> RATIO = PluginConfigSpec.floatSetting("ratio", 0.5);
        final double ratio;

        public StrictFilter(String id, Configuration config, Context context) {
            ratio = config.get(RATIO);
        }

        @Override
        public Collection<Event> filter(Collection<Event> events, FilterMatchListener matchListener) {
            return events;
        }

        @Override
        public Collection<PluginConfigSpec<?>> configSchema() {
            return PluginHelper.commonFilterSettings(List.of(MUST, RATIO));
        }

        @Override
        public String getId() {
            return "strict";
        }
    }

    @LogstashPlugin(name = "other")
    public static final class Misnamed extends Filterless {
        public Misnamed(String id, Configuration config, Context context) {}
    }

    public abstract static class Filterless implements Filter {
        @Override
        public Collection<Event> filter(Collection<Event> events, FilterMatchListener matchListener) {
            return events;
        }

        @Override
        public Collection<PluginConfigSpec<?>> configSchema() {
            return List.of();
        }

        @Override
        public String getId() {
            return "x";
        }
    }

    @Test
    void configurationLikeLogstash() {
        assertThat(Plugins.create(StrictFilter.class, Map.of("must", "x", "ratio", 2L)).ratio).isEqualTo(2.0);
        assertThatThrownBy(() -> Plugins.create(StrictFilter.class, Map.of("ratio", 1.0, "bogus", 1L)))
                .isInstanceOf(Plugins.ConfigErrors.class)
                .hasMessageContaining("Unknown setting 'bogus' specified for plugin 'strict_filter'")
                .hasMessageContaining("Required setting 'must' not specified for plugin 'strict_filter'");
        assertThatThrownBy(() -> Plugins.create(StrictFilter.class, Map.of("must", "x", "ratio", "high")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Setting value for 'ratio' of type 'class java.lang.String' incompatible");
        assertThatThrownBy(() -> Plugins.create(Misnamed.class, Map.of()))
                .hasMessageContaining("does not match class name");
    }
}
