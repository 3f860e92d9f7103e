package org.mailsight.elasticsearch;

import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;

/** Imports saved objects the way Kibana wants them: {@code POST /api/saved_objects/_import?overwrite=true}. */
public final class KibanaImport {
    private KibanaImport() {}

    /** Kibana's answer: how many objects it took, and the first error if any. */
    public record Result(int successCount, String firstError) {}

    public static Result importObjects(Connection kibana, String ndjson) {
        String boundary = "mailsight-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"mailsight.ndjson\"\r\n"
                + "Content-Type: application/ndjson\r\n\r\n"
                + ndjson + "\r\n--" + boundary + "--\r\n";
        KibanaHttp.Answer a = KibanaHttp.send(kibana, "POST", "/api/saved_objects/_import?overwrite=true",
                "multipart/form-data; boundary=" + boundary, body);
        if (!a.ok()) {
            throw new IllegalStateException("Kibana at " + kibana + " refused the import (HTTP " + a.status() + "): "
                    + a.reason() + ".");
        }
        JsonNode answer = a.body();
        JsonNode errors = answer.path("errors");
        String first = null;
        if (errors.isArray() && !errors.isEmpty()) {
            JsonNode e = errors.get(0);
            first = e.path("type").asText() + " " + e.path("id").asText() + ": " + e.path("error").path("type").asText();
        }
        return new Result(answer.path("successCount").asInt(0), first);
    }
}
