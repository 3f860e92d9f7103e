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
        assertThat(r.err().strip()).isEqualTo("mailsight: cannot reach Elasticsearch at http://127.0.0.1:" + port + " (Connection refused).");
        assertThat(r.out() + r.err()).doesNotContain("VERY-SECRET-KEY");
    }

    @Test
    void badOptionsAreOneSentenceAndExit2(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("pw"), "hunter2-secret\n");
        String[][] cases = {
            {"--es", "localhost:9200"},
            {"--es", "ftp://localhost"},
            {"--es", "https://elastic:pw@localhost:9200"},
            {"--es", "https://localhost:9200", "--only", "templates,everything"},
            {"--es", "https://localhost:9200", "--namespace", "my-ns"},
            {"--es", "https://localhost:9200", "--api-key", "k", "--user", "elastic", "--password-file", password.toString()},
            {"--es", "https://localhost:9200", "--user", "elastic"},
            {"--es", "https://localhost:9200", "--user", "elastic", "--password-file", dir.resolve("missing").toString()},
            {"--es", "https://localhost:9200", "--ca-cert", password.toString()},
            {"--es", "https://localhost:9200", "--kit", dir.resolve("nowhere").toString()},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 1];
            args[0] = "setup";
            System.arraycopy(c, 0, args, 1, c.length);
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", c)).isEqualTo(2);
            String msg = r.err().strip();
            assertThat(msg).as(String.join(" ", c)).startsWith("mailsight: ").endsWith(".").doesNotContain("\n").doesNotContain("Exception");
            assertThat(r.out() + r.err()).doesNotContain("hunter2-secret").doesNotContain(":pw@");
        }
    }

    @Test
    void missingEsIsAUsageError() {
        Run r = run("setup");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--es");
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
