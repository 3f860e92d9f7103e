package org.mailsight.logstash.harness;

import java.time.Instant;

/** Stands for org.logstash.Timestamp: what {@code getField("@timestamp")} returns. */
public record Timestamp(Instant instant) {
    @Override
    public String toString() {
        return instant.toString();
    }
}
