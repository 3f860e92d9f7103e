package co.elastic.logstash.api;

/** The root of Logstash's metrics. */
public interface Metric {
    NamespacedMetric namespace(String... key);
}
