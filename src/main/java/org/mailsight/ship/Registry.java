package org.mailsight.ship;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The checkpoint file: for every file shipped, its identity (device, inode, a fingerprint of its first bytes) and
 * the offset up to which Elasticsearch acknowledged every line. Written atomically (temp file, fsync, rename,
 * fsync of the folder), so a crash leaves the old registry or the new one, never half of one.
 *
 * <p>Format (version 1): {@code {"version":1,"files":[{"path","device","inode","fingerprint","fingerprint_length",
 * "offset","last_line","gzip","done"}]}}. An unreadable registry is an error at start-up, never silently reset.
 */
public final class Registry {
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file's state. {@code fingerprint}: SHA-256 (hex) of its first {@code fingerprintLength} bytes. */
    public record Entry(String path, long device, long inode, String fingerprint, int fingerprintLength,
                        long offset, String lastLine, boolean gzip, boolean done) {}

    private final Path file;

    public Registry(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The entries, or none when the file does not exist yet. */
    public List<Entry> load() throws IOException {
        if (!Files.exists(file)) return new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException ex) {
            throw new IOException("the registry " + file + " is not valid JSON (" + ex.getMessage()
                    + "); move it away to start over, which ships every file again (duplicates are avoided by id)", ex);
        }
        if (root == null || root.path("version").asInt() != VERSION) {
            throw new IOException("the registry " + file + " is not a version " + VERSION
                    + " mailsight registry; move it away to start over");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode n : root.path("files")) {
            entries.add(new Entry(n.path("path").asText(), n.path("device").asLong(), n.path("inode").asLong(),
                    n.path("fingerprint").asText(), n.path("fingerprint_length").asInt(), n.path("offset").asLong(),
                    n.path("last_line").isNull() ? null : n.path("last_line").asText(null),
                    n.path("gzip").asBoolean(), n.path("done").asBoolean()));
        }
        return entries;
    }

    /** Replaces the registry with these entries, atomically and durably. */
    public void save(List<Entry> entries) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ArrayNode files = root.putArray("files");
        for (Entry e : entries) {
            ObjectNode n = files.addObject();
            n.put("path", e.path());
            n.put("device", e.device());
            n.put("inode", e.inode());
            n.put("fingerprint", e.fingerprint());
            n.put("fingerprint_length", e.fingerprintLength());
            n.put("offset", e.offset());
            n.put("last_line", e.lastLine());
            n.put("gzip", e.gzip());
            n.put("done", e.done());
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException ex) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself survives a power cut
        } catch (IOException ignored) {
            // some file systems cannot open a folder for fsync; the rename is still atomic
        }
    }
}
