package org.mailsight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mailsight.engine.Pipeline;
import org.mailsight.engine.PipelineConfig;
import org.mailsight.event.MailEvent;
import org.mailsight.output.EventWriter;
import org.mailsight.record.Clock;

/** A run whose output fails ends with the first failure, whichever thread met it; it never hangs the reader. */
class ParseRunFailureTest {

    /** Every chunk fails on its worker (no stateful stage) or on the writer thread (correlation). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void everyChunkFailingEndsTheRunWithTheFailure(boolean correlate) {
        AtomicInteger writes = new AtomicInteger();
        String input = "Dec  2 10:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n".repeat(100 * ParseRun.CHUNK);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            ParseRun run = new ParseRun(Pipeline.of(PipelineConfig.builder().correlate(correlate).build()), new Failing(writes), buffer -> new Failing(writes), 3, false);
            assertThatThrownBy(() -> {
                try {
                    run.read(new BufferedReader(new StringReader(input)), Clock.fixedYear(ZoneOffset.UTC, 2026));
                    run.finish();
                } catch (java.io.UncheckedIOException ex) {
                    throw ex.getCause(); // as ParseCommand does
                }
            }).isInstanceOf(IOException.class).hasMessage("disk full");
        });
        assertThat(writes.get()).isPositive();
    }

    private record Failing(AtomicInteger writes) implements EventWriter {
        @Override
        public void write(MailEvent e) throws IOException {
            writes.incrementAndGet();
            throw new IOException("disk full");
        }

        @Override
        public void writeEncoded(byte[] bytes) throws IOException {
            throw new IOException("disk full");
        }

        @Override
        public void flush() { }

        @Override
        public void close() { }
    }
}
