package org.mailsight.engine;

import java.util.ArrayList;
import java.util.List;
import org.mailsight.correlate.Correlator;
import org.mailsight.correlate.Locality;

/**
 * The one validated configuration every front door builds its {@link Pipeline} from. Built with {@link #builder()};
 * {@link Builder#build()} checks every value, whether or not the stage that uses it is on, and throws a
 * {@link ConfigException} naming the first bad option.
 */
public final class PipelineConfig {
    private final boolean keepOriginal;
    private final boolean correlate;
    private final Correlator.Options correlation;

    private PipelineConfig(Builder b, Correlator.Options correlation) {
        this.keepOriginal = b.keepOriginal;
        this.correlate = b.correlate;
        this.correlation = correlation;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Parsing only: what {@code mailsight parse} does without options. */
    public static PipelineConfig defaults() {
        return builder().build();
    }

    public boolean keepOriginal() { return keepOriginal; }
    public boolean correlate() { return correlate; }
    public Correlator.Options correlation() { return correlation; }

    /** Collects settings; nothing is checked until {@link #build()}. */
    public static final class Builder {
        private boolean keepOriginal;
        private boolean correlate;
        private long maxInFlight = Correlator.Options.defaults().maxMessages();
        private List<String> localDomains = List.of();
        private List<String> localNetworks = List.of();
        private long idleTimeoutSeconds = Correlator.Options.defaults().idleTimeoutSeconds();
        private int closeGraceEvents = Correlator.Options.defaults().closeGrace();
        private long closeGraceSeconds = Correlator.Options.defaults().closeGraceSeconds();

        private Builder() {}

        public Builder keepOriginal(boolean v) { keepOriginal = v; return this; }
        public Builder correlate(boolean v) { correlate = v; return this; }
        public Builder maxInFlight(long v) { maxInFlight = v; return this; }
        public Builder localDomains(List<String> v) { localDomains = List.copyOf(v); return this; }
        public Builder localNetworks(List<String> v) { localNetworks = List.copyOf(v); return this; }
        public Builder idleTimeoutSeconds(long v) { idleTimeoutSeconds = v; return this; }

        /**
         * How long a finished message waits for late lines before its summary: a number of further events and a
         * wall time. Logstash needs both (its workers reorder lines); a file read in order needs neither, only
         * the events.
         */
        public Builder closeGrace(int events, long seconds) {
            closeGraceEvents = events;
            closeGraceSeconds = seconds;
            return this;
        }

        public PipelineConfig build() {
            if (maxInFlight < 1 || maxInFlight > 10_000_000) {
                throw new ConfigException("max_in_flight", maxInFlight, "give a whole number from 1 to 10000000.");
            }
            for (String d : localDomains) {
                if (d == null || d.isBlank() || d.contains("@") || d.contains(" ")) {
                    throw new ConfigException("local_domain", d, "give a mail domain such as example.com.");
                }
            }
            Locality locality;
            try {
                locality = new Locality(localDomains, localNetworks);
            } catch (IllegalArgumentException e) {
                String bad = localNetworks.stream().filter(n -> e.getMessage().contains("'" + n + "'")).findFirst()
                        .orElse(String.valueOf(localNetworks));
                throw new ConfigException("local_network", bad, e.getMessage());
            }
            if (idleTimeoutSeconds < 1) {
                throw new ConfigException("idle_timeout", idleTimeoutSeconds, "give a number of seconds of at least 1.");
            }
            if (closeGraceEvents < 0 || closeGraceSeconds < 0) {
                throw new ConfigException("close_grace", closeGraceEvents + "/" + closeGraceSeconds + "s",
                        "give zero or more events and seconds.");
            }
            Correlator.Options options = new Correlator.Options((int) maxInFlight, (int) maxInFlight,
                    idleTimeoutSeconds, closeGraceEvents, closeGraceSeconds, locality);
            return new PipelineConfig(this, options);
        }
    }

    /** The names of settings given, for logs; never values that could be secrets. */
    List<String> describe() {
        List<String> on = new ArrayList<>();
        if (correlate) on.add("correlate");
        return on;
    }
}
