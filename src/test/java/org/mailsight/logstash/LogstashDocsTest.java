package org.mailsight.logstash;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.logstash.api.PluginConfigSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/logstash.md documents every option and every shipper field the filter reads. */
class LogstashDocsTest {
    static String doc() throws IOException {
        return Files.readString(Path.of("docs/logstash.md"));
    }

    @Test
    void everyOption() throws IOException {
        String doc = doc();
        for (PluginConfigSpec<?> spec : Settings.OWN) {
            assertThat(doc).as("option " + spec.name()).contains("| `" + spec.name() + "` |");
        }
        assertThat(doc).contains("bin/logstash-plugin install --local");
    }

    @Test
    void everyShipperField() throws IOException {
        String doc = doc();
        for (String[] refs : List.of(ShipperHeader.PROGRAM, ShipperHeader.PID, ShipperHeader.HOST)) {
            for (String ref : refs) assertThat(doc).as("shipper field " + ref).contains("`" + ref + "`");
        }
    }
}
