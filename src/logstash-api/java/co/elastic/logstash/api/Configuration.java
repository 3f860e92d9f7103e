package co.elastic.logstash.api;

import java.util.Collection;

/** A plugin's settings as written in the pipeline. */
public interface Configuration {
    <T> T get(PluginConfigSpec<T> configSpec);

    Object getRawValue(PluginConfigSpec<?> configSpec);

    boolean contains(PluginConfigSpec<?> configSpec);

    Collection<String> allKeys();
}
