package org.mailsight.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.mailsight.correlate.Correlator;
import org.mailsight.engine.ConfigException;
import org.mailsight.engine.PipelineConfig;
import org.mailsight.record.Clock;
import picocli.CommandLine.Option;

/**
 * The engine's options, shared by every command that reads mail logs ({@code parse}, {@code ship}, {@code report}):
 * how to read timestamps, and the pipeline's stages. Each is checked whether or not its stage is on.
 */
final class EngineOptions {
    @Option(names = "--timezone", description = "Zone of timestamps without one (RFC 3164, Exim). Default: this machine's.")
    String timezone;

    @Option(names = "--year", description = "Year of timestamps without one. Default: inferred from each file's modification time.")
    Integer year;

    @Option(names = "--keep-original", description = "Keep the raw line in event.original.")
    boolean keepOriginal;

    @Option(names = "--correlate", description = "Also emit one summary per message (dataset mail.message) and enrich events with their message and session.")
    boolean correlate;

    @Option(names = "--local-domain", paramLabel = "DOMAIN", description = "A local mail domain, for email.direction (repeatable).")
    List<String> localDomains = new ArrayList<>();

    @Option(names = "--local-network", paramLabel = "CIDR", description = "A network of our own clients, for email.direction (repeatable; 127.0.0.0/8 and ::1 always are).")
    List<String> localNetworks = new ArrayList<>();

    @Option(names = "--max-in-flight", defaultValue = "100000", description = "Messages held in memory at once while correlating; the oldest beyond it are summarized as incomplete.")
    long maxInFlight;

    @Option(names = "--geoip", paramLabel = "CITY.mmdb", description = "A MaxMind City or Country database (GeoLite2-City.mmdb): source.geo.* and destination.geo.* of public addresses.")
    Path geoip;

    @Option(names = "--asn", paramLabel = "ASN.mmdb", description = "A MaxMind ASN database (GeoLite2-ASN.mmdb): source.as.* and destination.as.*.")
    Path asn;

    @Option(names = "--geoip-cache-size", paramLabel = "N", defaultValue = "50000", description = "Addresses whose GeoIP answers are kept in memory (each address is looked up once).")
    long geoipCacheSize;

    @Option(names = "--detect", description = "Watch for attacks and trouble (failed-login bursts, spraying, outbound bursts, blocklists, ...): adds alert events (dataset mail.alert). Runs correlation too.")
    boolean detect;

    @Option(names = "--rules", paramLabel = "FILE", description = "A YAML rules file: tune, disable or allow-list the detection rules (docs/alerts.md). Implies --detect.")
    Path rules;

    @Option(names = "--alerts-only", description = "Write only the alert events. Implies --detect.")
    boolean alertsOnly;

    /** True when the detect stage runs. */
    boolean detecting() {
        return detect || rules != null || alertsOnly;
    }

    @Option(names = "--pseudonymize", paramLabel = "KEYFILE", description = "Replace mail addresses' local parts and user names, in every field and in message and event.original, by keyed pseudonyms (HMAC-SHA-256; the key is read from KEYFILE, at least 16 bytes, never logged). See docs/privacy.md.")
    Path pseudonymizeKey;

    @Option(names = "--pseudonymize-ip", description = "With --pseudonymize: IP addresses too (the /24 or /48 network kept, the host part hashed).")
    boolean pseudonymizeIp;

    @Option(names = "--drop", paramLabel = "FIELD", description = "Remove this field (and everything under it) from every event (repeatable), e.g. --drop email.subject --drop event.original.")
    List<String> drop = new ArrayList<>();

    @Option(names = "--privacy-profile", paramLabel = "PROFILE", defaultValue = "full", description = "full (the default: every field) or minimal (only what detection and the dashboards use).")
    String privacyProfile;

    @Option(names = "--integrity", description = "Chain every event to the previous one of its host and file (mail.integrity.source, sequence, hash): mailsight verify finds altered, missing and reordered events in an export.")
    boolean integrity;

    /**
     * The validated pipeline configuration. {@code inOrder}: lines come from files read in order, so a finished
     * message needs no wall-time grace before its summary.
     */
    PipelineConfig config(boolean inOrder) {
        zone();
        if (year != null && (year < 1970 || year > 9999)) {
            throw new Main.UserError("--year " + year + " is out of range: give a year between 1970 and 9999.");
        }
        Correlator.Options d = Correlator.Options.defaults();
        try {
            return builder()
                    .closeGrace(d.closeGrace(), inOrder ? 0 : d.closeGraceSeconds())
                    .build();
        } catch (ConfigException e) {
            String flag = switch (e.option()) {
                case "geoip_database" -> "--geoip";
                case "asn_database" -> "--asn";
                case "pseudonymize_key" -> "--pseudonymize";
                default -> e.cliOption();
            };
            throw new Main.UserError(flag + " " + e.value() + " is not valid: " + e.problem());
        }
    }

    /** The builder with every option of this class set; commands may add their own before building. */
    PipelineConfig.Builder builder() {
        return PipelineConfig.builder()
                .keepOriginal(keepOriginal)
                .correlate(correlate)
                .maxInFlight(maxInFlight)
                .localDomains(localDomains)
                .localNetworks(localNetworks)
                .geoipDatabase(geoip)
                .asnDatabase(asn)
                .geoipCacheSize(geoipCacheSize)
                .detect(detecting())
                .rules(detectionRules())
                .pseudonymizeKey(pseudonymizeKey)
                .pseudonymizeIp(pseudonymizeIp)
                .drop(drop)
                .privacyProfile(privacyProfile)
                .integrity(integrity);
    }

    private org.mailsight.detect.Rules detectionRules() {
        if (rules == null) return org.mailsight.detect.Rules.defaults();
        try {
            return org.mailsight.detect.RulesFile.read(rules);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError("--rules " + rules + ": " + e.getMessage());
        }
    }

    ZoneId zone() {
        if (timezone == null) return ZoneId.systemDefault();
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException ex) {
            throw new Main.UserError("--timezone " + timezone
                    + " is not a time zone: use a region like Europe/Berlin or an offset like +01:00.");
        }
    }

    /** The clock for one input: a fixed year if given, else inferred from the file's modification time. */
    Clock clock(String file) {
        ZoneId zone = zone();
        if (year != null) return Clock.fixedYear(zone, year);
        return Clock.inferring(zone, "-".equals(file) ? Instant.now() : modified(file));
    }

    static Instant modified(String file) {
        try {
            return Files.getLastModifiedTime(Path.of(file)).toInstant();
        } catch (NoSuchFileException ex) {
            throw new Main.UserError("cannot read " + file + ": no such file.");
        } catch (IOException ex) {
            throw new Main.UserError("cannot read " + file + ": " + ex.getMessage() + ".");
        }
    }
}
