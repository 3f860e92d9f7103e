package co.elastic.logstash.api;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One setting of a plugin: name, type, default, deprecated and required flags. */
public final class PluginConfigSpec<T> {
    private final String name;
    private final Class<T> type;
    private final boolean deprecated;
    private final boolean required;
    private final T defaultValue;

    private PluginConfigSpec(String name, Class<T> type, T defaultValue, boolean deprecated, boolean required) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.deprecated = deprecated;
        this.required = required;
    }

    public static PluginConfigSpec<String> stringSetting(final String name) {
        return new PluginConfigSpec<>(name, String.class, null, false, false);
    }

    public static PluginConfigSpec<String> stringSetting(final String name, final String defaultValue) {
        return new PluginConfigSpec<>(name, String.class, defaultValue, false, false);
    }

    public static PluginConfigSpec<String> requiredStringSetting(final String name) {
        return new PluginConfigSpec<>(name, String.class, null, false, true);
    }

    public static PluginConfigSpec<String> stringSetting(final String name, final String defaultValue,
                                                         boolean deprecated, boolean required) {
        return new PluginConfigSpec<>(name, String.class, defaultValue, deprecated, required);
    }

    public static PluginConfigSpec<Long> numSetting(final String name) {
        return new PluginConfigSpec<>(name, Long.class, null, false, false);
    }

    public static PluginConfigSpec<Long> numSetting(final String name, final long defaultValue) {
        return new PluginConfigSpec<>(name, Long.class, defaultValue, false, false);
    }

    public static PluginConfigSpec<Long> numSetting(final String name, final long defaultValue,
                                                    boolean deprecated, boolean required) {
        return new PluginConfigSpec<>(name, Long.class, defaultValue, deprecated, required);
    }

    public static PluginConfigSpec<Double> floatSetting(final String name, final double defaultValue) {
        return new PluginConfigSpec<>(name, Double.class, defaultValue, false, false);
    }

    public static PluginConfigSpec<Double> floatSetting(final String name, final double defaultValue,
                                                        boolean deprecated, boolean required) {
        return new PluginConfigSpec<>(name, Double.class, defaultValue, deprecated, required);
    }

    public static PluginConfigSpec<Boolean> booleanSetting(final String name) {
        return new PluginConfigSpec<>(name, Boolean.class, null, false, false);
    }

    public static PluginConfigSpec<Boolean> booleanSetting(final String name, final boolean defaultValue) {
        return new PluginConfigSpec<>(name, Boolean.class, defaultValue, false, false);
    }

    public static PluginConfigSpec<Boolean> requiredBooleanSetting(final String name) {
        return new PluginConfigSpec<>(name, Boolean.class, null, false, true);
    }

    public static PluginConfigSpec<Boolean> booleanSetting(final String name, final boolean defaultValue,
                                                           boolean deprecated, boolean required) {
        return new PluginConfigSpec<>(name, Boolean.class, defaultValue, deprecated, required);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static PluginConfigSpec<Map<String, Object>> hashSetting(final String name) {
        return new PluginConfigSpec(name, Map.class, null, false, false);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static PluginConfigSpec<Map<String, Object>> hashSetting(final String name, Map<String, Object> defaultValue,
                                                                   boolean deprecated, boolean required) {
        return new PluginConfigSpec(name, Map.class, defaultValue, deprecated, required);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static PluginConfigSpec<List<Object>> arraySetting(final String name) {
        return new PluginConfigSpec(name, List.class, null, false, false);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static PluginConfigSpec<List<Object>> arraySetting(final String name, List<Object> defaultValue,
                                                             boolean deprecated, boolean required) {
        return new PluginConfigSpec(name, List.class, defaultValue, deprecated, required);
    }

    public Collection<PluginConfigSpec<?>> children() {
        return Collections.emptyList();
    }

    public boolean deprecated() {
        return deprecated;
    }

    public boolean required() {
        return required;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    public String getRawDefaultValue() {
        return null;
    }
}
