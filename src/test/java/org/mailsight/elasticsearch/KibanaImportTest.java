package org.mailsight.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The import request, against a stand-in that checks what Kibana checks. */
class KibanaImportTest {
    FakeKibana kibana;

    @BeforeEach
    void start() throws IOException {
        kibana = FakeKibana.start();
    }

    @AfterEach
    void stop() {
        kibana.stop();
    }

    @Test
    void importsTheBundle() throws IOException {
        Kit kit = KitFiles.kit();
        KibanaImport.Result r = KibanaImport.importObjects(Connection.of("--kibana", kibana.url(), "c2VjcmV0", null, null, null),
                kit.kibanaNdjson());
        assertThat(r.firstError()).isNull();
        assertThat(r.successCount()).isEqualTo(kit.savedObjects().size());
        assertThat(kibana.imported).hasSize(kit.savedObjects().size());
        assertThat(kibana.authorization).isEqualTo("ApiKey c2VjcmV0");
    }

    @Test
    void aRefusedImportIsOneSentence() {
        kibana.refuseWith = 400;
        assertThatThrownBy(() -> KibanaImport.importObjects(Connection.of("--kibana", kibana.url(), null, null, null, null), "{}\n"))
                .hasMessageStartingWith("Kibana at " + kibana.url() + " refused the import (HTTP 400)");
    }
}
