package co.elastic.logstash.api;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;

/** Creates events, for plugins that emit their own. */
public interface EventFactory {
    default Event newEvent() {
        return newEvent(Collections.emptyMap());
    }

    Event newEvent(final Map<? extends Serializable, Object> data);
}
