package org.mailsight.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsight.cli.Main;

/** {@code setup} for Kibana alone: the dashboards without Elasticsearch, and the file for Kibana's own import. */
class SetupKibanaTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(Main.run(args), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void dashboardsAloneNeedNoElasticsearch() throws Exception {
        FakeKibana kibana = FakeKibana.start();
        try {
            Run r = run("setup", "--only", "dashboards", "--kibana", kibana.url(), "--api-key", "c2VjcmV0");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(kibana.imported).hasSize(KitFiles.kit().savedObjects().size());
            assertThat(kibana.authorization).isEqualTo("ApiKey c2VjcmV0");
            assertThat(r.out()).contains("imported " + kibana.imported.size() + " Kibana saved objects");
        } finally {
            kibana.stop();
        }
        Run r = run("setup", "--only", "dashboards");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("mailsight: --only dashboards needs --kibana URL.");
    }

    /**
     * The exported file, read as Kibana's Saved Objects import reads it: one JSON object per line, each with a type,
     * an id and attributes; the attributes Kibana stores as JSON text parse as JSON; every reference points at an
     * object of the file (the import fails on a missing reference), and no two objects share a type and id.
     */
    @Test
    void theExportedFileImportsAsKibanaReadsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mailsight-kibana.ndjson");
        Run r = run("setup", "--export-kibana", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(file);
        Kit kit = KitFiles.kit();
        assertThat(r.out().strip()).isEqualTo("wrote " + kit.savedObjects().size() + " Kibana saved objects to " + file
                + "; import it in Kibana: Stack Management > Saved Objects > Import");
        assertThat(lines).hasSize(kit.savedObjects().size());
        Set<String> ids = new HashSet<>();
        List<String> references = new ArrayList<>();
        Map<String, Integer> types = new java.util.TreeMap<>();
        for (String line : lines) {
            JsonNode o = Kit.JSON.readTree(line);
            assertThat(o.path("type").isTextual() && o.path("id").isTextual() && o.path("attributes").isObject())
                    .as(line.substring(0, Math.min(120, line.length()))).isTrue();
            assertThat(ids.add(o.get("type").asText() + "/" + o.get("id").asText())).as("duplicate " + o.get("id")).isTrue();
            types.merge(o.get("type").asText(), 1, Integer::sum);
            encodedAttributesParse(o.get("attributes"), o.get("id").asText());
            for (JsonNode ref : o.path("references")) references.add(ref.path("type").asText() + "/" + ref.path("id").asText());
        }
        assertThat(ids).containsAll(references);
        assertThat(types).containsKeys("dashboard", "index-pattern", "search");
        assertThat(references).isNotEmpty();
    }

    private static void encodedAttributesParse(JsonNode node, String id) throws Exception {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().endsWith("JSON")) {
                assertThat(e.getValue().isTextual()).as(id + " " + e.getKey() + " is text").isTrue();
                Kit.JSON.readTree(e.getValue().asText());
            } else if (e.getValue().isObject()) {
                encodedAttributesParse(e.getValue(), id);
            }
        }
    }

    @Test
    void anUnwritableExportIsOneSentence(@TempDir Path dir) {
        Path file = dir.resolve("no/such/folder/x.ndjson");
        Run r = run("setup", "--export-kibana", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("mailsight: cannot write --export-kibana " + file
                + " (NoSuchFileException); give a path in a folder you may write.");
    }
}
