package org.mailsight.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {
    @TempDir
    Path dir;

    @Test
    void savedEntriesComeBackAndNoTemporaryFileIsLeft() throws IOException {
        Registry r = new Registry(dir.resolve("ship.registry"));
        assertThat(r.load()).isEmpty();
        List<Registry.Entry> entries = List.of(
                new Registry.Entry("/var/log/mail.log", 64769, 131, "ab12", 1024, 5120, "Nov 22 03:19:29 mail postfix/qmgr[1]: x", false, false),
                new Registry.Entry("/var/log/mail.log.2.gz", 64769, 140, "cd34", 800, 90000, null, true, true));
        r.save(entries);
        assertThat(r.load()).isEqualTo(entries);
        r.save(entries.subList(0, 1));
        assertThat(r.load()).containsExactly(entries.get(0));
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("ship.registry");
        }
    }

    @Test
    void anUnreadableRegistryIsAnErrorThatSaysWhatToDo() throws IOException {
        Path f = Files.writeString(dir.resolve("ship.registry"), "{\"version\":1,\"files\":[");
        assertThatThrownBy(() -> new Registry(f).load()).isInstanceOf(IOException.class)
                .hasMessageContaining("is not valid JSON").hasMessageContaining("move it away to start over");
        Files.writeString(f, "{\"version\":7}");
        assertThatThrownBy(() -> new Registry(f).load()).hasMessageContaining("is not a version 1 mailsight registry");
    }
}
