package org.mailsight.output;

import java.io.IOException;
import org.mailsight.event.MailEvent;

/** Where parsed events go. */
public interface EventWriter extends AutoCloseable {
    void write(MailEvent e) throws IOException;

    /** Writes events another writer of the same format encoded (without a header). */
    void writeEncoded(byte[] bytes) throws IOException;

    /** Writes what is buffered to the stream and flushes it. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
