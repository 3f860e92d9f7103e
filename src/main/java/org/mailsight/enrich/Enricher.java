package org.mailsight.enrich;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * The enrich stage: where the client ({@code source.ip}) and the next hop ({@code destination.ip}) of an event
 * are, from MaxMind databases opened at start-up (no I/O after that: the files are memory-mapped). Each address is
 * looked up once and its answer kept in a bounded cache; private, loopback, link-local, documentation, CGNAT and
 * other special-purpose addresses are marked as such and never looked up. Never overwrites a field an event has.
 * Thread-safe; no static state.
 */
public final class Enricher {
    /**
     * @param location a City or Country database, or null
     * @param asn an ASN or ISP database, or null
     * @param cacheSize addresses whose answers are kept
     * @param destination also place {@code destination.ip} (the relays mail is delivered to)
     */
    public record Options(GeoDatabase location, GeoDatabase asn, int cacheSize, boolean destination) {
        public static final int DEFAULT_CACHE_SIZE = 50_000;
    }

    private final Options options;
    private final PlaceCache cache;
    private final LongAdder lookups = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder databaseLookups = new LongAdder();
    private final LongAdder notFound = new LongAdder();
    private final LongAdder notPublic = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder errors = new LongAdder();

    public Enricher(Options options) {
        this.options = options;
        this.cache = new PlaceCache(options.cacheSize());
    }

    /**
     * Places the event's addresses. Safe to call again on the same event (the pipeline does, after correlation
     * added a session's client to it): an address already marked is left alone.
     */
    public void accept(MailEvent e) {
        place(e, Fields.SOURCE_IP, GeoFields.SOURCE_NETWORK_TYPE, GeoFields.SOURCE);
        if (options.destination()) place(e, Fields.DESTINATION_IP, GeoFields.DESTINATION_NETWORK_TYPE, GeoFields.DESTINATION);
    }

    private void place(MailEvent e, String ipField, String marker, String[] keys) {
        if (!(e.get(ipField) instanceof String ip) || e.has(marker)) return;
        Place p = lookup(ip);
        if (p != null) p.put(e, keys);
    }

    /** The place of one address (cached), or null when the text is not an IP address. */
    Place lookup(String ip) {
        lookups.increment();
        Place p = cache.get(ip);
        if (p != null) {
            cacheHits.increment();
            return p;
        }
        byte[] bytes = IpLiteral.parse(ip);
        if (bytes == null) {
            invalid.increment();
            return null;
        }
        String kind = Networks.kind(bytes);
        if (!kind.equals(Networks.PUBLIC)) {
            notPublic.increment();
            p = Place.of(kind);
        } else {
            p = fromDatabases(bytes);
        }
        cache.put(ip, p);
        return p;
    }

    private Place fromDatabases(byte[] bytes) {
        databaseLookups.increment();
        byte[] v4 = Networks.embeddedV4(bytes);
        Place.Builder b = new Place.Builder(Networks.PUBLIC);
        boolean found = false;
        try {
            InetAddress address = InetAddress.getByAddress(v4 != null ? v4 : bytes); // no lookup: bytes given
            if (options.location() != null) found |= options.location().locate(address, b);
            if (options.asn() != null) found |= options.asn().autonomousSystem(address, b);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        } catch (Exception corrupt) {
            // a damaged database file: the address is left unplaced, counted, and not asked again
            errors.increment();
        }
        if (!found) notFound.increment();
        return b.build();
    }

    /** Counters for --stats and the plugin's log: hit rate is cache_hits / lookups. */
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("lookups", lookups.sum());
        c.put("cache_hits", cacheHits.sum());
        c.put("database_lookups", databaseLookups.sum());
        c.put("not_found", notFound.sum());
        c.put("not_public", notPublic.sum());
        c.put("invalid_ip", invalid.sum());
        c.put("errors", errors.sum());
        c.put("cache_evicted", cache.evicted());
        c.put("cache_size", (long) cache.size());
        return c;
    }
}
