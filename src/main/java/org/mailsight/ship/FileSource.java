package org.mailsight.ship;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;
import org.mailsight.engine.MailParser;

/**
 * One file followed (or a .gz archive read once, whole). Its identity: device, inode, and the SHA-256 of its
 * first bytes (of the uncompressed text for .gz, so an archive of a file already shipped is recognized).
 */
final class FileSource extends Source {
    static final int FINGERPRINT_BYTES = 1024;

    Path path;
    final long device;
    final long inode;
    final boolean gzip;
    String fingerprint;
    int fingerprintLength;
    private FileChannel channel;
    private InputStream stream;
    LineReader reader;
    boolean gone; // no longer matched by the patterns (renamed away or deleted): read to its end, then closed
    long quietSince = System.nanoTime();
    long checkedSize = -1;
    boolean done;

    FileSource(Path path, Identity id, MailParser parser, BiConsumer<Source, String> records) {
        super(parser, records);
        this.path = path;
        this.device = id.device();
        this.inode = id.inode();
        this.gzip = id.gzip();
        this.fingerprint = id.fingerprint();
        this.fingerprintLength = id.fingerprintLength();
    }

    /** Device, inode and fingerprint of a file as it is now. */
    record Identity(long device, long inode, boolean gzip, String fingerprint, int fingerprintLength, long size) {}

    static Identity identify(Path p) throws IOException {
        long dev = ((Number) Files.getAttribute(p, "unix:dev")).longValue();
        long ino = ((Number) Files.getAttribute(p, "unix:ino")).longValue();
        boolean gz = gzip(p);
        byte[] head = head(p, gz, FINGERPRINT_BYTES);
        return new Identity(dev, ino, gz, sha256(head, head.length), head.length, Files.size(p));
    }

    /** True when the first {@code length} bytes of the file hash to {@code fingerprint}. */
    static boolean startsWith(Path p, boolean gz, String fingerprint, int length) throws IOException {
        byte[] head = head(p, gz, length);
        return head.length == length && sha256(head, length).equals(fingerprint);
    }

    static boolean gzip(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static byte[] head(Path p, boolean gz, int length) throws IOException {
        try (InputStream raw = Files.newInputStream(p); InputStream in = gz ? new GZIPInputStream(raw) : raw) {
            return in.readNBytes(length);
        } catch (java.io.EOFException ex) {
            return new byte[0]; // an archive still being written
        }
    }

    static String sha256(byte[] b, int n) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(b, 0, n);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Opens the file at {@code offset} (for .gz: the offset in the uncompressed text, skipped to). */
    void open(long offset) throws IOException {
        channel = FileChannel.open(path, StandardOpenOption.READ);
        if (gzip) {
            stream = new GZIPInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16), 1 << 16);
            long skipped = 0;
            byte[] skip = new byte[1 << 16];
            while (skipped < offset) {
                int n = stream.read(skip, 0, (int) Math.min(skip.length, offset - skipped));
                if (n < 0) break;
                skipped += n;
            }
            offset = skipped;
        } else {
            channel.position(offset);
            stream = Channels.newInputStream(channel);
        }
        reader = new LineReader(stream, offset);
        restartAt(offset);
    }

    /** Size of the open file now (plain files). */
    long size() throws IOException {
        return channel.size();
    }

    /**
     * True when the open file no longer starts with the bytes it was fingerprinted by: it was truncated
     * (copytruncate) and written again, possibly already past the old offset.
     */
    boolean rewritten() throws IOException {
        if (gzip || fingerprintLength <= 0) return false;
        if (channel.size() < reader.offset() + reader.buffered()) return true;
        ByteBuffer b = ByteBuffer.allocate(fingerprintLength);
        long at = 0;
        while (b.hasRemaining()) {
            int n = channel.read(b, at);
            if (n <= 0) return true;
            at += n;
        }
        return !sha256(b.array(), fingerprintLength).equals(fingerprint);
    }

    void close() {
        try {
            if (stream != null) stream.close();
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // closing a file we only read
        }
    }

    boolean isOpen() {
        return channel != null && channel.isOpen();
    }

    @Override
    String name() {
        return path.toString();
    }

    @Override
    String key() {
        return fingerprint;
    }
}
