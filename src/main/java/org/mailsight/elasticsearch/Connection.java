package org.mailsight.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where a server is and how to talk to it: URL, credentials, trusted CA. The secrets stay in here: neither
 * {@link #toString()} nor any message shows them.
 */
public final class Connection {
    private final URI url;
    private final String authorization;
    private final SSLContext ssl;

    private Connection(URI url, String authorization, SSLContext ssl) {
        this.url = url;
        this.authorization = authorization;
        this.ssl = ssl;
    }

    /**
     * @param option the option that named the URL, for messages ({@code --es})
     * @throws IllegalArgumentException with one plain sentence when an option is wrong
     */
    public static Connection of(String option, String url, String apiKey, String user, Path passwordFile, Path caCert) {
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(option + " '" + url + "' is not a URL; give one like https://localhost:9200.");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(option + " '" + url + "' is not an http or https URL; give one like https://localhost:9200.");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException(option + " must not carry credentials; use --user with --password-file, or --api-key.");
        }
        if (apiKey != null && (user != null || passwordFile != null)) {
            throw new IllegalArgumentException("--api-key and --user/--password-file exclude each other; give one of them.");
        }
        if ((user == null) != (passwordFile == null)) {
            throw new IllegalArgumentException("--user and --password-file go together; give both or neither.");
        }
        String authorization = null;
        if (apiKey != null) {
            if (apiKey.isBlank()) throw new IllegalArgumentException("--api-key is empty.");
            authorization = "ApiKey " + apiKey.strip();
        } else if (user != null) {
            String password;
            try {
                password = Files.readString(passwordFile).strip();
            } catch (java.nio.file.NoSuchFileException ex) {
                throw new IllegalArgumentException("cannot read --password-file " + passwordFile + ": no such file.");
            } catch (java.nio.file.AccessDeniedException ex) {
                throw new IllegalArgumentException("cannot read --password-file " + passwordFile
                        + ": permission denied (run as a user who may read it).");
            } catch (IOException ex) {
                throw new IllegalArgumentException("cannot read --password-file " + passwordFile + ": "
                        + (Files.isDirectory(passwordFile) ? "it is a folder" : ex.getClass().getSimpleName()) + ".");
            }
            if (password.isEmpty()) throw new IllegalArgumentException("--password-file " + passwordFile + " is empty.");
            authorization = "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return new Connection(uri, authorization, caCert == null ? null : trusting(caCert));
    }

    /** The same credentials and CA for another server (Kibana). */
    public Connection at(String option, String otherUrl) {
        Connection c = of(option, otherUrl, null, null, null, null);
        return new Connection(c.url, authorization, ssl);
    }

    private static SSLContext trusting(Path caCert) {
        try (InputStream in = Files.newInputStream(caCert)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) throw new IllegalArgumentException("--ca-cert " + caCert + " holds no certificate.");
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) store.setCertificateEntry("ca" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException ex) {
            throw new IllegalArgumentException("cannot read --ca-cert " + caCert + ".");
        } catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("--ca-cert " + caCert + " is not a PEM certificate.");
        }
    }

    public URI url() {
        return url;
    }

    /** The Authorization header value, if credentials were given. */
    Optional<String> authorization() {
        return Optional.ofNullable(authorization);
    }

    /** The TLS context trusting --ca-cert, or empty for the JVM's default trust store. */
    Optional<SSLContext> ssl() {
        return Optional.ofNullable(ssl);
    }

    @Override
    public String toString() {
        return url.toString();
    }
}
