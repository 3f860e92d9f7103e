package org.mailsight.elasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Kibana keeps some attributes as JSON inside a string. The kit stores them decoded, so diffs read well (as
 * Elastic's integration packages do); {@link #encode} turns them back into strings for the import API.
 */
public final class KibanaObjects {
    private KibanaObjects() {}

    static final List<String> ENCODED = List.of(
            "panelsJSON", "optionsJSON", "uiStateJSON", "visState", "runtimeFieldMap", "fieldFormatMap", "fieldAttrs");

    public static ObjectNode encode(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        JsonNode attributes = copy.get("attributes");
        if (attributes instanceof ObjectNode a) {
            for (String field : ENCODED) stringify(a, field);
            if (a.get("kibanaSavedObjectMeta") instanceof ObjectNode meta) stringify(meta, "searchSourceJSON");
        }
        return copy;
    }

    private static void stringify(ObjectNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value != null && (value.isObject() || value.isArray())) {
            try {
                parent.put(field, Kit.JSON.writeValueAsString(value));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
