package co.elastic.logstash.api;

import java.util.Collection;

/** Base of all Logstash Java plugins. */
public interface Plugin {
    Collection<PluginConfigSpec<?>> configSchema();

    /** The {@link LogstashPlugin} name if the class has one, else the class name. */
    default String getName() {
        LogstashPlugin plugin = getClass().getDeclaredAnnotation(LogstashPlugin.class);
        return plugin != null && !plugin.name().isEmpty() ? plugin.name() : getClass().getName();
    }

    String getId();
}
