package org.mailsight.logstash;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.LogstashPlugin;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsight.logstash.harness.Plugins;
import org.mailsight.logstash.harness.TestConfiguration;
import org.mailsight.logstash.harness.TestContext;
import org.mailsight.logstash.harness.TestEvent;

/**
 * The gem `mvn package` built, checked after packaging (failsafe, in `mvn verify`): it installs with RubyGems
 * into a fresh GEM_HOME as `bin/logstash-plugin install --local` would, carries the metadata Logstash looks
 * for, the Ruby files and the jar at the path jar-dependencies loads it from; the jar holds no Logstash API
 * class, relocates every third-party class under org.mailsight, and its plugin class is what Logstash expects.
 * Never skipped: without Ruby or without the gem this fails, saying what to install.
 */
class GemIT {
    static final String VERSION = System.getProperty("project.version");
    static final Path TARGET = Path.of(System.getProperty("project.build.directory", "target"));
    static final String NAME = "logstash-filter-mailsight";

    @TempDir
    static Path gemHome;
    static Path installed;

    @BeforeAll
    static void install() throws Exception {
        assertThat(VERSION).as("project.version system property (set by the pom)").isNotBlank();
        Path gem = TARGET.resolve(NAME + "-" + VERSION + ".gem");
        assertThat(gem).as("the gem `mvn package` builds; if missing, install Ruby (apt-get install ruby) and"
                + " run mvn package again").exists();
        Result r = run(List.of("gem", "install", "--local", "--ignore-dependencies", "--no-document",
                "--install-dir", gemHome.toString(), gem.toString()));
        assertThat(r.exit).as("gem install: " + r.output).isZero();
        installed = gemHome.resolve("gems").resolve(NAME + "-" + VERSION + "-java");
        assertThat(installed).as("installed gem directory; gem install said: " + r.output).isDirectory();
    }

    @Test
    void metadataLogstashNeeds() throws Exception {
        Path spec = gemHome.resolve("specifications").resolve(NAME + "-" + VERSION + "-java.gemspec");
        assertThat(spec).exists();
        Result r = run(List.of("ruby", "-e", String.join("; ",
                "s = Gem::Specification.load(ARGV[0])",
                "puts \"name=#{s.name}\"", "puts \"version=#{s.version}\"", "puts \"platform=#{s.platform}\"",
                "puts \"require_paths=#{s.require_paths.join(',')}\"",
                "s.metadata.sort.each { |k, v| puts \"metadata.#{k}=#{v}\" }",
                "s.runtime_dependencies.each { |d| puts \"runtime.#{d.name}=#{d.requirement}\" }"),
                spec.toString()));
        assertThat(r.exit).as(r.output).isZero();
        Map<String, String> facts = new HashMap<>();
        for (String line : r.output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) facts.put(line.substring(0, eq), line.substring(eq + 1).strip());
        }
        assertThat(facts).containsEntry("name", NAME)
                .containsEntry("version", VERSION)
                .containsEntry("platform", "java")
                .containsEntry("require_paths", "lib,vendor/jar-dependencies")
                .containsEntry("metadata.logstash_plugin", "true")
                .containsEntry("metadata.logstash_group", "filter")
                .containsEntry("metadata.java_plugin", "true")
                .containsEntry("runtime.jar-dependencies", ">= 0")
                .containsKey("runtime.logstash-core-plugin-api");
        assertThat(facts.get("runtime.logstash-core-plugin-api")).contains(">= 1.60").contains("<= 2.99");
    }

    @Test
    void rubyFiles() throws IOException {
        String filter = Files.readString(installed.resolve("lib/logstash/filters/mailsight.rb"));
        assertThat(filter).contains("require \"logstash/filters/base\"")
                .contains("require \"logstash-filter-mailsight_jars\"")
                .contains("class LogStash::Filters::Mailsight < LogStash::Filters::Base")
                .contains("config_name \"mailsight\"")
                .contains("def self.javaClass() org.mailsight.logstash.Mailsight.java_class; end");
        String jars = Files.readString(installed.resolve("lib/" + NAME + "_jars.rb"));
        assertThat(jars).contains("require 'jar_dependencies'")
                .contains("require_jar('org.mailsight', '" + NAME + "', '" + VERSION + "')");
        assertThat(installed.resolve("VERSION")).hasContent(VERSION);
        assertThat(installed.resolve(NAME + ".gemspec")).exists();
        assertThat(installed.resolve("docs/index.md")).exists();
    }

    @Test
    void jarHasNoLogstashApiAndRelocatesThirdPartyCode() throws Exception {
        Path jar = jar();
        List<String> classes = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                assertThat(e.getName()).as("Logstash's API is provided by Logstash, never shipped")
                        .doesNotStartWith("co/elastic/logstash/");
                if (e.getName().endsWith(".class")) classes.add(e.getName());
            }
            assertThat(classes).contains("org/mailsight/logstash/Mailsight.class",
                    "org/mailsight/engine/MailParser.class");
            assertThat(classes).as("third-party classes relocated under org/mailsight/")
                    .allMatch(c -> c.startsWith("org/mailsight/") || c.startsWith("META-INF/versions/"));
            assertThat(classes).anyMatch(c -> c.startsWith("org/mailsight/shaded/jackson/"))
                    .anyMatch(c -> c.startsWith("org/mailsight/shaded/picocli/"))
                    .noneMatch(c -> c.startsWith("org/apache/logging/"));
            try (InputStream in = zip.getInputStream(zip.getEntry("org/mailsight/logstash/Mailsight.class"))) {
                DataInputStream data = new DataInputStream(in);
                assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
                data.readUnsignedShort();
                assertThat(data.readUnsignedShort()).as("class file major version (61 = Java 17)").isEqualTo(61);
            }
        }
    }

    @Test
    void pluginClassAsLogstashFindsIt() throws Exception {
        // Logstash provides co.elastic.logstash.api and log4j; everything else must come from the gem's jar
        ClassLoader logstash = new ClassLoader(null) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (name.startsWith("co.elastic.logstash.") || name.startsWith("org.apache.logging.")) {
                    return GemIT.class.getClassLoader().loadClass(name);
                }
                throw new ClassNotFoundException(name);
            }
        };
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar().toUri().toURL()}, logstash)) {
            Class<?> cls = Class.forName("org.mailsight.logstash.Mailsight", true, loader);
            assertThat(cls.getClassLoader()).isSameAs(loader);
            assertThat(cls.getAnnotation(LogstashPlugin.class).name()).isEqualTo("mailsight");
            Filter filter = (Filter) cls.getConstructor(String.class, Configuration.class, Context.class)
                    .newInstance("gem_test", new TestConfiguration(Map.of("timezone", "UTC")), new TestContext());
            assertThat(Plugins.validate(filter, new TestConfiguration(Map.of("timezone", "UTC")))).isEmpty();
            TestEvent e = TestEvent.line("2026-11-22T03:01:45+01:00 mail postfix/smtpd[17890]: connect from"
                    + " localhost[127.0.0.1]");
            filter.filter(List.of(e), x -> {});
            assertThat(e.getField("[event][action]")).isEqualTo("connect");
            assertThat(e.getField("[source][ip]")).isEqualTo("127.0.0.1");
        }
    }

    private static Path jar() {
        Path jar = installed.resolve("vendor/jar-dependencies/org/mailsight/" + NAME + "/" + VERSION + "/" + NAME
                + "-" + VERSION + ".jar");
        assertThat(jar).exists();
        return jar;
    }

    record Result(int exit, String output) {}

    static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("GEM_HOME", gemHome.toString());
        pb.environment().put("GEM_PATH", gemHome.toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + " (install Debian's ruby package): " + e, e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }
}
