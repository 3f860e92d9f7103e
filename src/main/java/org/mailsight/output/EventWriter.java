package org.mailsight.output;

import java.io.IOException;
import org.mailsight.event.Fields;
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

    /** What takes each alert as it is written (the webhook, the response hook). */
    interface AlertSink {
        void accept(MailEvent alert) throws IOException;
    }

    /** {@code next}, with every alert event (event.kind alert) handed to {@code sink} before it is written. */
    static EventWriter withAlerts(EventWriter next, AlertSink sink) {
        return new EventWriter() {
            @Override
            public void write(MailEvent e) throws IOException {
                if ("alert".equals(e.get(Fields.EVENT_KIND))) sink.accept(e);
                next.write(e);
            }

            @Override
            public void writeEncoded(byte[] bytes) throws IOException {
                next.writeEncoded(bytes); // chunks encoded by workers are line events only
            }

            @Override
            public void flush() throws IOException {
                next.flush();
            }

            @Override
            public void close() throws IOException {
                next.close();
            }
        };
    }
}
