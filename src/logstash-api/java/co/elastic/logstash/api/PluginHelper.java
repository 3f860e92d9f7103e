package co.elastic.logstash.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The settings Logstash passes to every filter whether the plugin declares them or not. */
public final class PluginHelper {
    private PluginHelper() {}

    private static final PluginConfigSpec<Map<String, Object>> ADD_FIELD_CONFIG = PluginConfigSpec.hashSetting("add_field");
    private static final PluginConfigSpec<List<Object>> ADD_TAG_CONFIG = PluginConfigSpec.arraySetting("add_tag");
    private static final PluginConfigSpec<Boolean> ENABLE_METRIC_CONFIG = PluginConfigSpec.booleanSetting("enable_metric");
    private static final PluginConfigSpec<String> ID_CONFIG = PluginConfigSpec.stringSetting("id");
    private static final PluginConfigSpec<Boolean> PERIODIC_FLUSH_CONFIG = PluginConfigSpec.booleanSetting("periodic_flush");
    private static final PluginConfigSpec<List<Object>> REMOVE_FIELD_CONFIG = PluginConfigSpec.arraySetting("remove_field");
    private static final PluginConfigSpec<List<Object>> REMOVE_TAG_CONFIG = PluginConfigSpec.arraySetting("remove_tag");

    /** The common filter settings followed by {@code settings}. */
    public static Collection<PluginConfigSpec<?>> commonFilterSettings(Collection<PluginConfigSpec<?>> settings) {
        List<PluginConfigSpec<?>> all = new ArrayList<>(List.of(ADD_FIELD_CONFIG, ADD_TAG_CONFIG,
                ENABLE_METRIC_CONFIG, ID_CONFIG, PERIODIC_FLUSH_CONFIG, REMOVE_FIELD_CONFIG, REMOVE_TAG_CONFIG));
        all.addAll(settings);
        return all;
    }
}
