package co.elastic.logstash.api;

/** A counter. */
public interface CounterMetric {
    void increment();

    void increment(long delta);

    long getValue();

    void reset();
}
