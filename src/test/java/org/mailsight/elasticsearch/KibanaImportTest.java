package org.mailsight.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The import request, against a stand-in that checks what Kibana checks. */
class KibanaImportTest {
    FakeKibana kibana;

    @BeforeEach
    void start() throws IOException {
        kibana = FakeKibana.start();
    }

    @AfterEach
    void stop() {
        kibana.stop();
    }

    @Test
    void importsTheBundle() throws IOException {
        Kit kit = KitFiles.kit();
        KibanaImport.Result r = KibanaImport.importObjects(Connection.of("--kibana", kibana.url(), "c2VjcmV0", null, null, null),
                kit.kibanaNdjson());
        assertThat(r.firstError()).isNull();
        assertThat(r.successCount()).isEqualTo(kit.savedObjects().size());
        assertThat(kibana.imported).hasSize(kit.savedObjects().size());
        assertThat(kibana.authorization).isEqualTo("ApiKey c2VjcmV0");
    }

    @Test
    void aRefusedImportIsOneSentence() {
        kibana.refuseWith = 400;
        assertThatThrownBy(() -> KibanaImport.importObjects(Connection.of("--kibana", kibana.url(), null, null, null, null), "{}\n"))
                .hasMessageStartingWith("Kibana at " + kibana.url() + " refused the import (HTTP 400)");
    }

    /** A local HTTP server that answers like Kibana's import API and checks the request like Kibana does. */
    static final class FakeKibana {
        final HttpServer server;
        final List<JsonNode> imported = new ArrayList<>();
        volatile String authorization;
        volatile int refuseWith;

        private FakeKibana(HttpServer server) {
            this.server = server;
        }

        static FakeKibana start() throws IOException {
            FakeKibana k = new FakeKibana(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            k.server.createContext("/", k::handle);
            k.server.start();
            return k;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }

        private void handle(HttpExchange ex) throws IOException {
            String problem = null;
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            if (!ex.getRequestMethod().equals("POST")) problem = "method " + ex.getRequestMethod();
            else if (!ex.getRequestURI().getPath().equals("/api/saved_objects/_import")) problem = "path " + ex.getRequestURI().getPath();
            else if (!"overwrite=true".equals(ex.getRequestURI().getQuery())) problem = "query " + ex.getRequestURI().getQuery();
            else if (ex.getRequestHeaders().getFirst("kbn-xsrf") == null) problem = "missing kbn-xsrf";
            else if (contentType == null || !contentType.startsWith("multipart/form-data; boundary=")) problem = "content type " + contentType;
            authorization = ex.getRequestHeaders().getFirst("Authorization");
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String file = null;
            if (problem == null) {
                String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + 9);
                for (String part : body.split(java.util.regex.Pattern.quote(boundary))) {
                    int end = part.indexOf("\r\n\r\n");
                    if (end > 0 && part.substring(0, end).contains("Content-Disposition: form-data; name=\"file\"; filename=")) {
                        file = part.substring(end + 4, part.length() - 2);
                    }
                }
                if (file == null) problem = "no multipart field 'file'";
            }
            int status = refuseWith != 0 ? refuseWith : problem == null ? 200 : 400;
            String answer;
            if (status == 200) {
                int n = 0;
                for (String line : file.split("\n")) {
                    if (line.isBlank()) continue;
                    imported.add(Kit.JSON.readTree(line));
                    n++;
                }
                answer = "{\"success\":true,\"successCount\":" + n + ",\"successResults\":[]}";
            } else {
                answer = "{\"statusCode\":" + status + ",\"error\":\"Bad Request\",\"message\":\"" + (problem == null ? "refused" : problem) + "\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        }
    }
}
