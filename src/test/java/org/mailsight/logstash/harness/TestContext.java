package org.mailsight.logstash.harness;

import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.DeadLetterQueueWriter;
import co.elastic.logstash.api.DeprecationLogger;
import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.EventFactory;
import co.elastic.logstash.api.NamespacedMetric;
import co.elastic.logstash.api.Plugin;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.simple.SimpleLoggerContext;

/**
 * What Logstash hands a plugin: an {@link EventFactory} making {@link TestEvent}s, a log4j logger (log4j-api's
 * simple logger, so no logging backend is needed), a dead letter queue and a deprecation logger that record
 * what they get. There are no metrics: {@code getMetric} returns null (the filter does not use metrics).
 */
public final class TestContext implements Context {
    private static final SimpleLoggerContext LOGGERS = new SimpleLoggerContext();

    public final List<String> deadLetters = new CopyOnWriteArrayList<>();
    public final List<String> deprecations = new CopyOnWriteArrayList<>();

    @Override
    public DeadLetterQueueWriter getDlqWriter() {
        return new DeadLetterQueueWriter() {
            @Override
            public void writeEntry(Event event, Plugin plugin, String reason) {
                deadLetters.add(plugin.getId() + ": " + reason);
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public long getCurrentQueueSize() {
                return deadLetters.size();
            }
        };
    }

    @Override
    public NamespacedMetric getMetric(Plugin plugin) {
        return null;
    }

    private final java.io.PrintStream logTo;

    public TestContext() {
        this(null);
    }

    /** A context whose logger writes to {@code logTo} (at INFO and above), so a test can read what was logged. */
    public TestContext(java.io.PrintStream logTo) {
        this.logTo = logTo;
    }

    @Override
    public Logger getLogger(Plugin plugin) {
        if (logTo == null) return LOGGERS.getLogger(plugin.getClass().getName());
        return new org.apache.logging.log4j.simple.SimpleLogger(plugin.getClass().getName(),
                org.apache.logging.log4j.Level.INFO, false, true, false, false, null, null,
                new org.apache.logging.log4j.util.PropertiesUtil(new java.util.Properties()), logTo);
    }

    @Override
    public DeprecationLogger getDeprecationLogger(Plugin plugin) {
        return (message, params) -> deprecations.add(message);
    }

    @Override
    public EventFactory getEventFactory() {
        return TestEvent::new;
    }
}
