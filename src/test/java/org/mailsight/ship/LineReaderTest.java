package org.mailsight.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {
    @TempDir
    Path dir;

    @Test
    void aLineWithoutItsNewlineWaitsUntilTheNewlineIsWritten() throws IOException {
        Path f = dir.resolve("mail.log");
        Files.writeString(f, "first\r\nsecond\nthi");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            LineReader r = new LineReader(Channels.newInputStream(ch), 0);
            assertThat(r.next()).isEqualTo("first");
            assertThat(r.lineStart()).isZero();
            assertThat(r.offset()).isEqualTo(7);
            assertThat(r.next()).isEqualTo("second");
            assertThat(r.lineStart()).isEqualTo(7);
            assertThat(r.next()).isNull();
            assertThat(r.offset()).isEqualTo(14);
            assertThat(r.buffered()).isEqualTo(3);
            Files.writeString(f, "rd\n", StandardOpenOption.APPEND);
            assertThat(r.next()).isEqualTo("third");
            assertThat(r.lineStart()).isEqualTo(14);
            assertThat(r.offset()).isEqualTo(Files.size(f));
        }
    }

    @Test
    void restTakesTheLastLineOfAFileThatEndsWithoutANewline() throws IOException {
        InputStream in = new java.io.ByteArrayInputStream("a\nb".getBytes(StandardCharsets.UTF_8));
        LineReader r = new LineReader(in, 100);
        assertThat(r.next()).isEqualTo("a");
        assertThat(r.next()).isNull();
        assertThat(r.rest()).isEqualTo("b");
        assertThat(r.lineStart()).isEqualTo(102);
        assertThat(r.offset()).isEqualTo(103);
        assertThat(r.rest()).isNull();
    }

    @Test
    void badUtf8BecomesTheReplacementCharacterAndLongLinesGrowTheBuffer() throws IOException {
        byte[] bad = {'x', (byte) 0xff, 'y', '\n'};
        String longLine = "z".repeat(200_000);
        byte[] all = (new String(bad, StandardCharsets.ISO_8859_1) + longLine + "\n").getBytes(StandardCharsets.ISO_8859_1);
        LineReader r = new LineReader(new java.io.ByteArrayInputStream(all), 0);
        assertThat(r.next()).isEqualTo("x\uFFFDy");
        assertThat(r.next()).isEqualTo(longLine);
        assertThat(r.offset()).isEqualTo(all.length);
    }
}
