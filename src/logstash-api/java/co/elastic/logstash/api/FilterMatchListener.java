package co.elastic.logstash.api;

/** Receives the events a filter matched; Logstash applies add_field, add_tag, remove_* to them. */
public interface FilterMatchListener {
    void filterMatched(Event e);
}
