package org.mailsight.logstash.harness;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.LogstashPlugin;
import co.elastic.logstash.api.Plugin;
import co.elastic.logstash.api.PluginConfigSpec;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Creates a Java plugin the way Logstash does: checks the class the way Logstash's plugin build and registry do
 * ({@code @LogstashPlugin} present, its name equal to the class name ignoring case and underscores, not in
 * Logstash's own packages), finds {@code (String id, Configuration, Context)} by reflection, constructs it
 * (an exception from the constructor fails the start, unwrapped), then validates the settings against
 * {@code configSchema()} like org.logstash.plugins.PluginUtil: unknown and missing required settings.
 */
public final class Plugins {
    private Plugins() {}

    /** Startup failure for bad settings: Logstash logs each error, then fails with the summary line. */
    public static final class ConfigErrors extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        public final List<String> errors;

        ConfigErrors(String pluginName, List<String> errors) {
            super("Config errors found for plugin '" + pluginName + "': " + String.join("; ", errors));
            this.errors = List.copyOf(errors);
        }
    }

    public static <P extends Plugin> P create(Class<P> cls, Map<String, Object> settings) {
        return create(cls, settings, new TestContext());
    }

    public static <P extends Plugin> P create(Class<P> cls, Map<String, Object> settings, Context context) {
        checkClass(cls);
        Object id = settings.getOrDefault("id", cls.getSimpleName().toLowerCase(Locale.ROOT) + "_test");
        Configuration config = new TestConfiguration(settings);
        P plugin;
        try {
            Constructor<P> constructor = cls.getConstructor(String.class, Configuration.class, Context.class);
            plugin = constructor.newInstance(String.valueOf(id), config, context);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Logstash cannot construct " + cls.getName() + ": " + e, e);
        }
        List<String> errors = validate(plugin, config);
        if (!errors.isEmpty()) throw new ConfigErrors(plugin.getName(), errors);
        return plugin;
    }

    /** org.logstash.plugins.PluginUtil#doValidateConfig. */
    public static List<String> validate(Plugin plugin, Configuration config) {
        List<String> errors = new ArrayList<>();
        Collection<PluginConfigSpec<?>> schema = plugin.configSchema();
        List<String> names = schema.stream().map(PluginConfigSpec::name).toList();
        for (String key : config.allKeys()) {
            if (!names.contains(key)) {
                errors.add(String.format("Unknown setting '%s' specified for plugin '%s'", key, plugin.getName()));
            }
        }
        for (PluginConfigSpec<?> spec : schema) {
            if (spec.required() && !config.allKeys().contains(spec.name())) {
                errors.add(String.format("Required setting '%s' not specified for plugin '%s'", spec.name(),
                        plugin.getName()));
            }
        }
        return errors;
    }

    static void checkClass(Class<?> cls) {
        LogstashPlugin annotation = cls.getAnnotation(LogstashPlugin.class);
        if (annotation == null) throw new IllegalStateException(cls.getName() + " has no @LogstashPlugin annotation");
        String name = annotation.name().replace("_", "").toLowerCase(Locale.ROOT);
        String className = cls.getSimpleName().replace("_", "").toLowerCase(Locale.ROOT);
        if (!name.equals(className)) {
            throw new IllegalStateException("plugin name '" + annotation.name() + "' does not match class name '"
                    + cls.getSimpleName() + "' (ignoring case and underscores)");
        }
        String pkg = cls.getPackageName();
        if (pkg.startsWith("org.logstash") || pkg.startsWith("co.elastic.logstash")) {
            throw new IllegalStateException("plugins may not live in package " + pkg);
        }
    }
}
