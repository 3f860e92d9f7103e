package org.mailsight.elasticsearch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import javax.net.ssl.SSLException;
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
        HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        kibana.ssl().ifPresent(hb::sslContext);
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(kibana.url() + "/api/saved_objects/_import?overwrite=true"))
                .timeout(Duration.ofSeconds(60))
                .header("kbn-xsrf", "mailsight")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        kibana.authorization().ifPresent(a -> rb.header("Authorization", a));
        HttpResponse<String> response;
        try {
            response = hb.build().send(rb.build(), HttpResponse.BodyHandlers.ofString());
        } catch (SSLException ex) {
            throw new IllegalStateException("the TLS handshake with Kibana at " + kibana + " failed (" + ex.getMessage()
                    + "); pass --ca-cert with the CA that signed its certificate.");
        } catch (ConnectException ex) {
            throw new IllegalStateException("cannot reach Kibana at " + kibana + " (connection refused).");
        } catch (IOException ex) {
            throw new IllegalStateException("cannot reach Kibana at " + kibana + " (" + ex.getMessage() + ").");
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while importing into Kibana.");
        }
        int status = response.statusCode();
        if (status == 401) throw new IllegalStateException("Kibana at " + kibana + " refused the credentials (HTTP 401).");
        JsonNode answer;
        try {
            answer = Kit.JSON.readTree(response.body());
        } catch (IOException ex) {
            answer = Kit.JSON.createObjectNode();
        }
        if (status / 100 != 2) {
            throw new IllegalStateException("Kibana at " + kibana + " refused the import (HTTP " + status + "): "
                    + answer.path("message").asText("no reason given") + ".");
        }
        JsonNode errors = answer.path("errors");
        String first = null;
        if (errors.isArray() && !errors.isEmpty()) {
            JsonNode e = errors.get(0);
            first = e.path("type").asText() + " " + e.path("id").asText() + ": " + e.path("error").path("type").asText();
        }
        return new Result(answer.path("successCount").asInt(0), first);
    }
}
