package co.elastic.logstash.api;

import java.util.function.Supplier;

/**
 * Metrics under a namespace. {@code timer(String)} and {@code register(String, UserMetric.Factory)} of the real
 * interface are not declared: the plugin uses neither, and their types are not needed to compile it.
 */
public interface NamespacedMetric extends Metric {
    void gauge(String metric, Object value);

    CounterMetric counter(String metric);

    void increment(String metric);

    void increment(String metric, int delta);

    <T> T time(String metric, Supplier<T> callable);

    void reportTime(String metric, long duration);

    String[] namespaceName();

    Metric root();
}
