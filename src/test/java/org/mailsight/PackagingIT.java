package org.mailsight;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the release artefacts carry besides code: the licence and notices in the jar and the gem, a NOTICE that
 * names every library the shaded jar bundles, each library's own licence files kept apart, README and CHANGELOG
 * in the gem.
 */
class PackagingIT {
    static final String VERSION = System.getProperty("project.version");
    static final Path TARGET = Path.of(System.getProperty("project.build.directory", "target"));
    static final Path JAR = TARGET.resolve("mailsight-" + VERSION + ".jar");

    @TempDir
    Path dir;

    @Test
    void noticeNamesEveryBundledLibraryAndItsLicenceFilesAreInTheJar() throws IOException {
        String notice = Files.readString(Path.of("NOTICE"));
        List<String> bundled = new ArrayList<>();
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            assertThat(jar.getEntry("LICENSE")).as("LICENSE at the jar's root").isNotNull();
            assertThat(jar.getEntry("NOTICE")).as("NOTICE at the jar's root").isNotNull();
            for (ZipEntry e : java.util.Collections.list(jar.entries())) {
                String n = e.getName();
                if (!n.startsWith("META-INF/maven/") || !n.endsWith("/pom.properties")) continue;
                String[] parts = n.split("/"); // META-INF/maven/<group>/<artifact>/pom.properties
                String id = parts[2] + ":" + parts[3];
                if (id.equals("org.mailsight:mailsight")) continue;
                bundled.add(id);
                assertThat(notice).as("NOTICE names " + id).contains(id);
            }
            for (String id : bundled) {
                // an Apache-2.0 library's licence is our LICENSE; any other licence's own text must be in the jar
                String line = notice.lines().filter(l -> l.contains(id)).findFirst().orElseThrow();
                if (line.contains("Apache License 2.0")) continue;
                String artifact = id.substring(id.indexOf(':') + 1);
                assertThat(java.util.Collections.list(jar.entries()).stream()
                        .anyMatch(e -> e.getName().startsWith("META-INF/third-party/" + artifact + "/META-INF/LICENSE")))
                        .as(id + " (" + line.replaceAll("[| ]+", " ").strip() + "): its licence text under"
                                + " META-INF/third-party/" + artifact + "/").isTrue();
            }
        }
        assertThat(bundled).as("bundled libraries found in the jar").hasSizeGreaterThan(10);
        assertThat(Files.readString(Path.of("LICENSE"))).contains("Apache License").contains("Version 2.0");
    }

    @Test
    void gemCarriesLicenceNoticeReadmeAndChangelog() throws Exception {
        Path gem = TARGET.resolve("logstash-filter-mailsight-" + VERSION + ".gem");
        assertThat(gem).as("the gem `mvn package` builds (needs Ruby's gem)").exists();
        Process p = new ProcessBuilder("gem", "unpack", gem.toString(), "--target", dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        Path root = dir.resolve("logstash-filter-mailsight-" + VERSION);
        assertThat(root.resolve("LICENSE")).hasSameTextualContentAs(Path.of("LICENSE"));
        assertThat(root.resolve("NOTICE.TXT")).hasSameTextualContentAs(Path.of("NOTICE"));
        assertThat(root.resolve("README.md")).hasSameTextualContentAs(Path.of("README.md"));
        assertThat(root.resolve("CHANGELOG.md")).hasSameTextualContentAs(Path.of("CHANGELOG.md"));
    }

    /** The build leaves the Kibana import file beside the gem: the bundled kit's saved objects, one per line. */
    @Test
    void theKibanaImportFileIsBuiltFromTheBundledKit() throws IOException {
        Path ndjson = TARGET.resolve("mailsight-kibana-" + VERSION + ".ndjson");
        assertThat(ndjson).exists();
        org.mailsight.elasticsearch.Kit kit = org.mailsight.elasticsearch.Kit.bundled();
        assertThat(Files.readString(ndjson)).isEqualTo(kit.kibanaNdjson());
        assertThat(Files.readAllLines(ndjson)).hasSize(kit.savedObjects().size());
    }
}
