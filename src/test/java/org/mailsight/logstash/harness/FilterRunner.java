package org.mailsight.logstash.harness;

import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.FilterMatchListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a filter the way a pipeline worker does, with Logstash's common actions (org.logstash.config.ir.compiler
 * .CommonActions): add_field, add_tag, remove_field and remove_tag are applied only to the events the filter
 * passes to {@link FilterMatchListener#filterMatched}.
 */
public final class FilterRunner {
    private final Filter filter;
    private final Map<String, Object> settings;
    public final AtomicInteger matched = new AtomicInteger();

    public FilterRunner(Filter filter, Map<String, Object> settings) {
        this.filter = filter;
        this.settings = settings;
    }

    /** Filters one batch; returns the events that leave the filter (cancelled ones dropped, as Logstash does). */
    public List<Event> run(Collection<Event> batch) {
        Collection<Event> out = filter.filter(batch, this::matched);
        List<Event> kept = new ArrayList<>();
        for (Event e : out) if (!e.isCancelled()) kept.add(e);
        return kept;
    }

    public Event run(Event e) {
        List<Event> out = run(List.of(e));
        return out.isEmpty() ? null : out.get(0);
    }

    private void matched(Event e) {
        matched.incrementAndGet();
        if (settings.get("add_field") instanceof Map<?, ?> fields) {
            fields.forEach((k, v) -> {
                String ref = sprintf(e, String.valueOf(k));
                String value = sprintf(e, String.valueOf(v));
                Object old = e.getField(ref);
                if (old == null) {
                    e.setField(ref, value);
                } else {
                    List<Object> list = old instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(List.of(old));
                    if (!list.contains(value)) list.add(value);
                    e.setField(ref, list);
                }
            });
        }
        for (Object t : list("add_tag")) e.tag(sprintf(e, String.valueOf(t)));
        for (Object f : list("remove_field")) e.remove(sprintf(e, String.valueOf(f)));
        List<Object> removeTags = list("remove_tag");
        if (!removeTags.isEmpty() && e.getField("tags") instanceof List<?> tags) {
            List<Object> left = new ArrayList<>(tags);
            for (Object t : removeTags) left.remove(sprintf(e, String.valueOf(t)));
            e.setField("tags", left);
        }
    }

    private static String sprintf(Event e, String s) {
        try {
            return e.sprintf(s);
        } catch (java.io.IOException impossible) {
            throw new java.io.UncheckedIOException(impossible);
        }
    }

    private List<Object> list(String name) {
        Object v = settings.get(name);
        if (v == null) return List.of();
        if (v instanceof List<?> l) return new ArrayList<>(l);
        return List.of(v);
    }
}
