package co.elastic.logstash.api;

/** Logs deprecation warnings. */
public interface DeprecationLogger {
    void deprecated(String message, Object... params);
}
