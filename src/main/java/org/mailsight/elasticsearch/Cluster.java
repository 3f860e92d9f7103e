package org.mailsight.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.license.GetLicenseResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * An Elasticsearch cluster through the official Java client: the typed client for what it models well
 * (license), the client's low-level REST client for the kit's assets, which go over the wire exactly as the
 * kit holds them.
 */
public final class Cluster implements AutoCloseable {
    /** Licenses that include Watcher. */
    static final Set<String> WATCHER_LICENSES = Set.of("standard", "gold", "platinum", "enterprise", "trial");

    private final Connection connection;
    private final RestClient rest;
    private final ElasticsearchClient client;

    public Cluster(Connection connection) {
        this.connection = connection;
        var builder = RestClient.builder(new HttpHost(connection.url().getHost(), port(connection), connection.url().getScheme()));
        String path = connection.url().getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) builder.setPathPrefix(path);
        connection.authorization().ifPresent(a -> builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", a)}));
        connection.ssl().ifPresent(ssl -> builder.setHttpClientConfigCallback(h -> h.setSSLContext(ssl)));
        builder.setRequestConfigCallback(r -> r.setConnectTimeout(10_000).setSocketTimeout(60_000));
        this.rest = builder.build();
        this.client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    }

    private static int port(Connection c) {
        int port = c.url().getPort();
        return port > 0 ? port : c.url().getScheme().equals("https") ? 443 : 80;
    }

    /** What the cluster offers: version, license, ILM and Watcher. */
    public record Capabilities(String version, String license, boolean ilm, boolean watcher) {
        public int major() {
            try {
                return Integer.parseInt(version.substring(0, version.indexOf('.')));
            } catch (RuntimeException ex) {
                return -1;
            }
        }
    }

    /** The typed client, for bulk indexing ({@code mailsight ship}). */
    public ElasticsearchClient client() {
        return client;
    }

    public java.net.URI connectionUrl() {
        return connection.url();
    }

    public Capabilities capabilities() {
        String version = "unknown";
        JsonNode nodes = get("/_nodes/_local?filter_path=nodes.*.version");
        if (nodes != null) {
            Iterator<JsonNode> it = nodes.path("nodes").elements();
            if (it.hasNext()) version = it.next().path("version").asText("unknown");
        }
        String license = "none";
        boolean active = false;
        try {
            GetLicenseResponse r = client.license().get();
            license = r.license().type().jsonValue().toLowerCase(Locale.ROOT);
            active = r.license().status().jsonValue().equals("active");
        } catch (IOException | RuntimeException ex) {
            rethrowIfUnreachable(ex);
        }
        boolean ilm = get("/_ilm/status") != null;
        boolean watcher = active && WATCHER_LICENSES.contains(license) && get("/_watcher/stats") != null;
        return new Capabilities(version, license, ilm, watcher);
    }

    /** GET as JSON, or null when the endpoint answers with an error status (missing API, no privilege). */
    public JsonNode get(String path) {
        try {
            Response r = rest.performRequest(new Request("GET", path));
            try (InputStream in = r.getEntity().getContent()) {
                return Kit.JSON.readTree(in);
            }
        } catch (ResponseException ex) {
            if (ex.getResponse().getStatusLine().getStatusCode() == 401) throw refused(401);
            return null;
        } catch (IOException ex) {
            throw unreachable(ex);
        }
    }

    public boolean exists(String path) {
        try {
            rest.performRequest(new Request("GET", path));
            return true;
        } catch (ResponseException ex) {
            int status = ex.getResponse().getStatusLine().getStatusCode();
            if (status == 401) throw refused(401);
            return false;
        } catch (IOException ex) {
            throw unreachable(ex);
        }
    }

    /** PUT (or POST) a JSON body; an error answer becomes one sentence naming what was refused and why. */
    public JsonNode send(String method, String path, String body, String what) {
        Request request = new Request(method, path);
        if (body != null) request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        try {
            Response r = rest.performRequest(request);
            try (InputStream in = r.getEntity().getContent()) {
                return Kit.JSON.readTree(in);
            }
        } catch (ResponseException ex) {
            int status = ex.getResponse().getStatusLine().getStatusCode();
            if (status == 401) throw refused(401);
            String hint = status == 403 ? "; the user or API key of setup needs the cluster privileges manage_ilm, "
                    + "manage_index_templates, manage_watcher and manage (docs/elasticsearch.md, Privileges)" : "";
            throw new IllegalStateException("Elasticsearch refused " + what + " (HTTP " + status + "): " + reason(ex) + hint + ".");
        } catch (IOException ex) {
            throw unreachable(ex);
        }
    }

    /** The text without the given characters at its end (a loop: "[.]+$" takes quadratic time on many dots). */
    static String withoutTrailing(String s, String chars) {
        int end = s.length();
        while (end > 0 && chars.indexOf(s.charAt(end - 1)) >= 0) end--;
        return s.substring(0, end);
    }

    private static String reason(ResponseException ex) {
        try (InputStream in = ex.getResponse().getEntity().getContent()) {
            JsonNode error = Kit.JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            JsonNode cause = error.path("error").path("root_cause").path(0);
            if (cause.has("reason")) return withoutTrailing(cause.path("reason").asText(), ".");
            if (error.path("error").has("reason")) return error.path("error").path("reason").asText();
            return error.path("error").asText("no reason given");
        } catch (IOException | RuntimeException e) {
            return "no reason given";
        }
    }

    private void rethrowIfUnreachable(Exception ex) {
        Throwable t = ex;
        while (t != null) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SSLException) {
                throw unreachable((Exception) t);
            }
            if (t instanceof ResponseException re && re.getResponse().getStatusLine().getStatusCode() == 401) throw refused(401);
            t = t.getCause();
        }
    }

    IllegalStateException refused(int status) {
        return new IllegalStateException("Elasticsearch at " + connection + " refused the credentials (HTTP " + status
                + "); check --user and --password-file, or --api-key (the encoded key, not id:key).");
    }

    IllegalStateException unreachable(Exception ex) {
        Throwable t = ex;
        while (t.getCause() != null && !(t instanceof SSLException) && !(t instanceof ConnectException)) t = t.getCause();
        if (t instanceof SSLException) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("plaintext") || m.contains("Unrecognized SSL message")) {
                return new IllegalStateException("Elasticsearch at " + connection + " does not speak TLS; use http:// in the URL.");
            }
            return new IllegalStateException("the TLS handshake with " + connection + " failed (" + t.getMessage()
                    + "); pass --ca-cert with the CA that signed the server's certificate.");
        }
        String why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        String check = "check the host, the port and that Elasticsearch is running";
        if (t instanceof UnknownHostException) {
            why = "unknown host " + why;
            check = "check the host name in the URL";
        } else if (connection.url().getScheme().equals("http") && !(t instanceof ConnectException)) {
            check = "if the cluster has TLS on (the default since 8.0), use https://";
        }
        return new IllegalStateException("cannot reach Elasticsearch at " + connection + " (" + why + "); " + check + ".");
    }

    @Override
    public void close() throws IOException {
        rest.close();
    }
}
