package org.mailsight.elasticsearch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;
import com.fasterxml.jackson.databind.JsonNode;

/** One request to Kibana's HTTP API ({@code kbn-xsrf} set, credentials and CA from the connection). */
final class KibanaHttp {
    private KibanaHttp() {}

    /** Kibana's answer: the status and the JSON body (an empty object when the body is no JSON). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }

        /** Kibana's own reason, for messages. */
        String reason() {
            return body.path("message").asText("no reason given");
        }
    }

    static Answer send(Connection kibana, String method, String path, String contentType, String body) {
        HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        kibana.ssl().ifPresent(hb::sslContext);
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(kibana.url() + path))
                .timeout(Duration.ofSeconds(60))
                .header("kbn-xsrf", "mailsight")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) rb.header("Content-Type", contentType);
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
            throw new IllegalStateException("interrupted while talking to Kibana.");
        }
        int status = response.statusCode();
        if (status == 401) throw new IllegalStateException("Kibana at " + kibana + " refused the credentials (HTTP 401).");
        JsonNode answer;
        try {
            answer = Kit.JSON.readTree(response.body());
            if (answer == null || answer.isMissingNode()) answer = Kit.JSON.createObjectNode();
        } catch (IOException ex) {
            answer = Kit.JSON.createObjectNode();
        }
        return new Answer(status, answer);
    }
}
