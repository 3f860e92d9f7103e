package org.mailsight.output;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mailsight.event.MailEvent;

/** Turns a flat event into the nested document Elasticsearch stores ({@code a.b: 1} becomes {@code a: {b: 1}}). */
public final class Documents {
    private Documents() {}

    public static Map<String, Object> nested(MailEvent e) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (e.hasTimestamp()) root.put("@timestamp", Timestamps.format(e.epochSecond(), e.nanos()));
        for (int i = 0; i < e.size(); i++) put(root, e.keyAt(i), e.valueAt(i));
        return root;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String path, Object value) {
        Map<String, Object> m = root;
        int start = 0;
        int dot;
        while ((dot = path.indexOf('.', start)) >= 0) {
            String k = path.substring(start, dot);
            Object child = m.get(k);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                m.put(k, child);
            }
            m = (Map<String, Object>) child;
            start = dot + 1;
        }
        m.put(path.substring(start), value);
    }
}
