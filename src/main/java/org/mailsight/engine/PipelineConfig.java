package org.mailsight.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mailsight.correlate.Correlator;
import org.mailsight.correlate.Locality;
import org.mailsight.detect.Rules;
import org.mailsight.enrich.Enricher;
import org.mailsight.enrich.GeoDatabase;
import org.mailsight.privacy.Privacy;

/**
 * The one validated configuration every front door builds its {@link Pipeline} from. Built with {@link #builder()};
 * {@link Builder#build()} checks every value, whether or not the stage that uses it is on, and throws a
 * {@link ConfigException} naming the first bad option.
 */
public final class PipelineConfig {
    private final boolean keepOriginal;
    private final boolean correlate;
    private final Correlator.Options correlation;
    private final Enricher.Options enrichment;
    private final boolean detect;
    private final Rules detection;
    private Privacy.Options privacy = new Privacy.Options(null, false, List.of(), Privacy.Profile.full);
    private boolean integrity;

    private PipelineConfig(Builder b, Correlator.Options correlation, Enricher.Options enrichment) {
        this.keepOriginal = b.keepOriginal;
        this.correlate = b.correlate;
        this.detect = b.detect;
        this.detection = b.rules;
        this.correlation = correlation;
        this.enrichment = enrichment;
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
    /** True when a GeoIP or ASN database is given. */
    public boolean enrich() { return enrichment.location() != null || enrichment.asn() != null; }
    /** The opened databases (null when not given) and the cache size. */
    public Enricher.Options enrichment() { return enrichment; }
    /** True when pseudonyms, a drop list or the minimal profile are set (secrets are removed always). */
    public boolean privacy() { return privacy.on(); }
    /** The privacy stage's settings (the key read from its file). */
    public Privacy.Options privacyOptions() { return privacy; }
    /** True when every event gets a per-source hash chain (mail.integrity.*). */
    public boolean integrity() { return integrity; }

    /** True when the detect stage runs (it runs correlation too, whose summaries come out only with {@link #correlate()}). */
    public boolean detect() { return detect; }
    /** The detection rules: built-in defaults unless a rules file or code changed them. */
    public Rules detection() { return detection; }

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
        private Path geoipDatabase;
        private Path asnDatabase;
        private long geoipCacheSize = Enricher.Options.DEFAULT_CACHE_SIZE;
        private boolean detect;
        private Rules rules = Rules.defaults();

        private Builder() {}

        /** Runs the detect stage (alerts, dataset mail.alert). */
        public Builder detect(boolean v) { detect = v; return this; }
        /** The detection rules (defaults, or read from a rules file). */
        public Builder rules(Rules v) { rules = v; return this; }
        private Path pseudonymizeKey;
        private boolean pseudonymizeIp;
        private List<String> drop = List.of();
        private String privacyProfile = "full";
        private boolean integrity;


        /** A hash chain per host and file on every event (tamper evidence, checked by mailsight verify). */
        public Builder integrity(boolean v) { integrity = v; return this; }

        /** A file holding the pseudonym key (at least 16 bytes; never logged); null for no pseudonyms. */
        public Builder pseudonymizeKey(Path v) { pseudonymizeKey = v; return this; }
        /** IP addresses get pseudonyms too (the /24 or /48 network kept). */
        public Builder pseudonymizeIp(boolean v) { pseudonymizeIp = v; return this; }
        /** Fields to remove from every event (a name removes everything under it too). */
        public Builder drop(List<String> v) { drop = List.copyOf(v); return this; }
        /** {@code full} (the default) or {@code minimal}. */
        public Builder privacyProfile(String v) { privacyProfile = v; return this; }

        /** A MaxMind City or Country database (.mmdb) for source.geo.* and destination.geo.*; null for none. */
        public Builder geoipDatabase(Path v) { geoipDatabase = v; return this; }
        /** A MaxMind ASN (or ISP) database for source.as.* and destination.as.*; null for none. */
        public Builder asnDatabase(Path v) { asnDatabase = v; return this; }
        /** Addresses whose GeoIP answers are kept in memory. */
        public Builder geoipCacheSize(long v) { geoipCacheSize = v; return this; }

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
            PipelineConfig config = new PipelineConfig(this, options, enrichment());
            config.privacy = privacy();
            config.integrity = integrity;
            return config;
        }

        private Privacy.Options privacy() {
            Privacy.Profile profile;
            try {
                profile = Privacy.Profile.valueOf(String.valueOf(privacyProfile));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("privacy_profile", privacyProfile, "give full (the default) or minimal.");
            }
            for (String f : drop) {
                if (!fieldName(f)) {
                    throw new ConfigException("drop", f, "give a field name such as email.subject or event.original.");
                }
            }
            if (pseudonymizeIp && pseudonymizeKey == null) {
                throw new ConfigException("pseudonymize_ip", true, "it needs a key: give pseudonymize_key too.");
            }
            return new Privacy.Options(key(), pseudonymizeIp, drop, profile);
        }

        /** Dotted names of letters, digits, '_' and '@' ({@code @timestamp}), no empty part. */
        private static boolean fieldName(String f) {
            if (f == null || f.isEmpty() || f.startsWith(".") || f.endsWith(".") || f.contains("..")) return false;
            for (int i = 0; i < f.length(); i++) {
                char c = f.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '.')) return false;
            }
            return true;
        }

        /** The key file's bytes, surrounding white space removed (a key written with echo ends in a newline). */
        private byte[] key() {
            if (pseudonymizeKey == null) return null;
            byte[] raw;
            try {
                raw = java.nio.file.Files.readAllBytes(pseudonymizeKey);
            } catch (java.io.IOException | SecurityException e) {
                throw new ConfigException("pseudonymize_key", pseudonymizeKey,
                        "the key file cannot be read; give a readable file (make one with: head -c 32 /dev/urandom | base64 > KEYFILE).");
            }
            int from = 0;
            int to = raw.length;
            while (from < to && Character.isWhitespace(raw[from])) from++;
            while (to > from && Character.isWhitespace(raw[to - 1])) to--;
            if (to - from < 16) {
                throw new ConfigException("pseudonymize_key", pseudonymizeKey,
                        "the key file holds fewer than 16 bytes; make one with: head -c 32 /dev/urandom | base64 > KEYFILE.");
            }
            return java.util.Arrays.copyOfRange(raw, from, to);
        }

        /** Opens the databases now, so a bad path or a database of the wrong kind fails at start-up. */
        private Enricher.Options enrichment() {
            if (geoipCacheSize < 1 || geoipCacheSize > 10_000_000) {
                throw new ConfigException("geoip_cache_size", geoipCacheSize, "give a whole number from 1 to 10000000.");
            }
            GeoDatabase location = null;
            GeoDatabase asn = null;
            if (geoipDatabase != null) {
                try {
                    location = GeoDatabase.location(geoipDatabase);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("geoip_database", geoipDatabase, e.getMessage());
                }
            }
            if (asnDatabase != null) {
                try {
                    asn = GeoDatabase.asn(asnDatabase);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("asn_database", asnDatabase, e.getMessage());
                }
            }
            return new Enricher.Options(location, asn, (int) geoipCacheSize, true);
        }
    }

    /** The names of settings given, for logs; never values that could be secrets. */
    List<String> describe() {
        List<String> on = new ArrayList<>();
        if (correlate) on.add("correlate");
        if (enrich()) on.add("enrich");
        if (detect) on.add("detect");
        if (privacy()) on.add("privacy");
        if (integrity) on.add("integrity");
        return on;
    }
}
