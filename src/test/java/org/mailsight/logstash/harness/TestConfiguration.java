package org.mailsight.logstash.harness;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.PluginConfigSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plugin's settings as Logstash hands them over (org.logstash.plugins.ConfigurationImpl): the raw values the
 * user wrote (String, Long, Double, Boolean, List, Map); {@code get} returns a value of the spec's type, turns a
 * Long into a Double for float settings, and throws IllegalStateException for any other mismatch.
 */
public final class TestConfiguration implements Configuration {
    private final Map<String, Object> raw;

    public TestConfiguration(Map<String, Object> raw) {
        this.raw = new LinkedHashMap<>(raw);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(PluginConfigSpec<T> spec) {
        if (!raw.containsKey(spec.name())) return spec.defaultValue();
        Object o = raw.get(spec.name());
        if (spec.type().isAssignableFrom(o.getClass())) return (T) o;
        if (spec.type() == Double.class && o instanceof Long l) return spec.type().cast(l.doubleValue());
        throw new IllegalStateException(String.format(
                "Setting value for '%s' of type '%s' incompatible with defined type of '%s'",
                spec.name(), o.getClass(), spec.type()));
    }

    @Override
    public Object getRawValue(PluginConfigSpec<?> spec) {
        return raw.get(spec.name());
    }

    @Override
    public boolean contains(PluginConfigSpec<?> spec) {
        return raw.containsKey(spec.name());
    }

    @Override
    public Collection<String> allKeys() {
        return raw.keySet();
    }
}
