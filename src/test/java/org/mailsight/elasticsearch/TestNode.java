package org.mailsight.elasticsearch;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Elasticsearch node (Maven Central's integ-test-zip, unpacked by the build into {@code es.home}):
 * single node, security off, 127.0.0.1 on free ports, 512 MB heap. Elasticsearch refuses to run as root, so
 * under root it runs as {@code nobody}. It either starts or fails the tests with the reason: it never skips.
 */
final class TestNode implements AutoCloseable {
    final String url;
    private Process process;
    private final Path logFile;
    private final Path runDir;
    private ProcessBuilder command; // to start the node again on the same data and ports (ShipIT kills it)

    private TestNode(String url, Process process, Path logFile, Path runDir) {
        this.url = url;
        this.process = process;
        this.logFile = logFile;
        this.runDir = runDir;
    }

    /** Kills the node at once (SIGKILL, no flush), keeping its data. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts the killed node again on the same data and ports, and waits for yellow. */
    void restart() throws Exception {
        command.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        process = command.start();
        awaitYellow(Duration.ofSeconds(180));
    }

    static TestNode start() throws Exception {
        String home = System.getProperty("es.home");
        if (home == null || !Files.isRegularFile(Path.of(home, "bin/elasticsearch"))) {
            throw new IllegalStateException("no Elasticsearch test node at es.home=" + home
                    + ": run the integration tests with 'mvn verify', which unpacks it (pre-integration-test)");
        }
        Path esHome = Path.of(home).toAbsolutePath();
        try (Stream<Path> bin = Files.list(esHome.resolve("bin"))) {
            bin.forEach(f -> f.toFile().setExecutable(true, false)); // in case unpacking dropped the modes
        }
        Path run = Files.createDirectories(esHome.getParent().resolve("run-" + ProcessHandle.current().pid()));
        Path conf = run.resolve("config");
        copy(esHome.resolve("config"), conf);
        Path data = Files.createDirectories(run.resolve("data"));
        Path logs = Files.createDirectories(run.resolve("logs"));
        Path tmp = Files.createDirectories(run.resolve("tmp"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) chownToNobody(run);
        int http = freePort();
        int transport = freePort();
        List<String> cmd = new ArrayList<>();
        if (root) cmd.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        cmd.addAll(List.of(esHome.resolve("bin/elasticsearch").toString(),
                "-E", "discovery.type=single-node", "-E", "xpack.security.enabled=false",
                "-E", "network.host=127.0.0.1", "-E", "http.port=" + http, "-E", "transport.port=" + transport,
                "-E", "path.data=" + data, "-E", "path.logs=" + logs, "-E", "cluster.name=mailsight-it",
                "-E", "cluster.routing.allocation.disk.threshold_enabled=false"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        pb.environment().put("ES_PATH_CONF", conf.toString());
        pb.environment().put("ES_TMPDIR", tmp.toString());
        Path out = run.resolve("console.log");
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();
        TestNode node = new TestNode("http://127.0.0.1:" + http, p, out, run);
        node.command = pb;
        try {
            node.awaitYellow(Duration.ofSeconds(180));
        } catch (Exception ex) {
            node.close();
            throw ex;
        }
        return node;
    }

    private void awaitYellow(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Elasticsearch test node exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/_cluster/health?wait_for_status=yellow&timeout=5s"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && !r.body().contains("\"timed_out\":true")) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the Elasticsearch test node was not yellow within " + timeout.toSeconds() + " s:\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.exists(logFile) ? Files.readAllLines(logFile) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    private static void chownToNobody(Path dir) throws IOException {
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal nobody = lookup.lookupPrincipalByName("nobody");
        GroupPrincipal nogroup = lookup.lookupPrincipalByGroupName("nogroup");
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(nobody);
                view.setGroup(nogroup);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        // the node's data and logs go with it (a failed start already quoted the log in its message)
        if (Files.isDirectory(runDir)) {
            try (Stream<Path> s = Files.walk(runDir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort: it is under target/
            }
        }
    }
}
