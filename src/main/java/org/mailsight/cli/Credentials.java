package org.mailsight.cli;

import java.nio.file.Path;
import org.mailsight.elasticsearch.Connection;
import picocli.CommandLine.Option;

/** The credentials and CA options of every command that talks to Elasticsearch or Kibana (picocli mixin). */
final class Credentials {
    @Option(names = "--api-key", paramLabel = "KEY", description = "API key: the encoded form (base64 of id:key), never printed")
    String apiKey;

    @Option(names = "--user", paramLabel = "USER", description = "user for basic authentication")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "file holding the password of --user")
    Path passwordFile;

    @Option(names = {"--ca-cert", "--ca"}, paramLabel = "FILE", description = "PEM CA certificate to trust (default: the JVM's trust store)")
    Path caCert;

    /** The connection to {@code url}, given as {@code option}; a wrong option is one sentence. */
    Connection connect(String option, String url) {
        try {
            return Connection.of(option, url, apiKey, user, passwordFile, caCert);
        } catch (IllegalArgumentException ex) {
            throw new Main.UserError(ex.getMessage());
        }
    }
}
