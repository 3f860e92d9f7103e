package org.mailsight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

/** `mailsight setup` without a server: plain one-sentence errors, exit code 2, no secret in any output. */
class SetupCommandTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void unreachableElasticsearchIsOneSentenceAndExit2() throws Exception {
        int port = closedPort();
        Run r = run("setup", "--es", "http://127.0.0.1:" + port, "--api-key", "VERY-SECRET-KEY");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("mailsight: cannot reach Elasticsearch at http://127.0.0.1:" + port + " (Connection refused); check the host, the port and that Elasticsearch is running.");
        assertThat(r.out() + r.err()).doesNotContain("VERY-SECRET-KEY");
    }

    @Test
    void httpsToAPlainHttpServerSaysUseHttp() throws Exception {
        // a plain-HTTP server answers whatever arrives (a TLS hello here) with an HTTP error, as Elasticsearch does
        try (ServerSocket plain = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (java.net.Socket s = plain.accept()) {
                    s.getInputStream().read(new byte[512]);
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException ignored) {
                    // the client hung up
                }
            });
            t.start();
            String url = "https://127.0.0.1:" + plain.getLocalPort();
            Run r = run("setup", "--es", url);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("mailsight: Elasticsearch at " + url + " does not speak TLS; use http:// in the URL.");
            t.join(10_000);
        }
    }

    @Test
    void aPasswordFileProblemSaysWhich(@TempDir Path dir) throws Exception {
        String es = "http://127.0.0.1:" + closedPort();
        Path missing = dir.resolve("missing");
        assertThat(run("setup", "--es", es, "--user", "elastic", "--password-file", missing.toString()).err().strip())
                .isEqualTo("mailsight: cannot read --password-file " + missing + ": no such file.");
        assertThat(run("setup", "--es", es, "--user", "elastic", "--password-file", dir.toString()).err().strip())
                .isEqualTo("mailsight: cannot read --password-file " + dir + ": it is a folder.");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThat(run("setup", "--es", es, "--user", "elastic", "--password-file", empty.toString()).err().strip())
                .isEqualTo("mailsight: --password-file " + empty + " is empty.");
    }

    @Test
    void missingEsIsAUsageError() {
        Run r = run("setup");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("mailsight: --es URL is needed to install the kit; give --es, or use "
                + "--only dashboards --kibana URL for the dashboards alone.");
    }

    @Test
    void dryRunListsTheKitAndSendsNothing() throws Exception {
        Run r = run("setup", "--es", "http://127.0.0.1:" + closedPort(), "--dry-run", "--namespace", "prod");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("would put ILM policy logs-mail", "would put component template logs-mail@ecs",
                "would put index template logs-mail", "would put watch mail-auth-failures-ip-prod",
                "would skip dashboards: no --kibana URL");
    }
}
