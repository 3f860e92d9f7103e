package org.mailsight.logstash.harness;

import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.FilterMatchListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a filter the way Logstash's JavaFilterDelegatorExt does: the filter gets the batch and a listener built
 * once from the plugin's settings, in their order, with CommonActions' add_field, add_tag, remove_field and
 * remove_tag; the plugin itself never applies them, and they touch only the events it passes to
 * {@link FilterMatchListener#filterMatched}. add_field on a field that has a value appends (duplicates too), as
 * CommonActions does. Cancelled events are dropped after the filter, as the pipeline does.
 */
public final class FilterRunner {
    private final Filter filter;
    private final List<Consumer<Event>> actions = new ArrayList<>();
    public final AtomicInteger matched = new AtomicInteger();
    private final FilterMatchListener listener;

    public FilterRunner(Filter filter, Map<String, Object> settings) {
        this.filter = filter;
        settings.forEach((name, value) -> {
            switch (name) {
                case "add_field" -> actions.add(e -> addField(e, (Map<?, ?>) value));
                case "add_tag" -> actions.add(e -> list(value).forEach(t -> e.tag(sprintf(e, String.valueOf(t)))));
                case "remove_field" -> actions.add(e -> list(value).forEach(f -> e.remove(sprintf(e, String.valueOf(f)))));
                case "remove_tag" -> actions.add(e -> removeTags(e, list(value)));
                default -> { }
            }
        });
        listener = e -> {
            matched.incrementAndGet();
            for (Consumer<Event> a : actions) a.accept(e);
        };
    }

    /** Filters one batch; returns the events that leave the filter (cancelled ones dropped, as Logstash does). */
    public List<Event> run(Collection<Event> batch) {
        Collection<Event> out = filter.filter(new ArrayList<>(batch), listener);
        List<Event> kept = new ArrayList<>();
        for (Event e : out) if (!e.isCancelled()) kept.add(e);
        return kept;
    }

    public Event run(Event e) {
        List<Event> out = run(List.of(e));
        return out.isEmpty() ? null : out.get(0);
    }

    /** What the pipeline's periodic flush gets from the filter, through the same listener. */
    public Collection<Event> flush() {
        return filter.requiresFlush() ? filter.flush(listener) : List.of();
    }

    private static void addField(Event e, Map<?, ?> fields) {
        fields.forEach((k, v) -> {
            String ref = sprintf(e, String.valueOf(k));
            Object value = v instanceof String s ? sprintf(e, s) : v;
            Object old = e.getField(ref);
            if (old == null) {
                e.setField(ref, value);
            } else if (old instanceof List<?> l) {
                List<Object> list = new ArrayList<>(l);
                list.add(value);
                e.setField(ref, list);
            } else {
                e.setField(ref, new ArrayList<>(List.of(old, value)));
            }
        });
    }

    private static void removeTags(Event e, List<Object> remove) {
        if (e.getField("tags") instanceof List<?> tags && !tags.isEmpty()) {
            List<Object> left = new ArrayList<>(tags);
            for (Object t : remove) left.remove(sprintf(e, String.valueOf(t)));
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

    private static List<Object> list(Object v) {
        if (v == null) return List.of();
        if (v instanceof List<?> l) return new ArrayList<>(l);
        return List.of(v);
    }
}
