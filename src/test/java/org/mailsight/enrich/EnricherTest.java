package org.mailsight.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.CityResponse;
import java.io.File;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsight.TestParsers;
import org.mailsight.engine.ConfigException;
import org.mailsight.engine.MailParser;
import org.mailsight.engine.Pipeline;
import org.mailsight.engine.PipelineConfig;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/** The enrich stage on real GeoLite2 databases (City, Country, ASN). */
class EnricherTest {
    static final GeoDatabase CITY = GeoDatabase.location(GeoTestDatabases.city());
    static final GeoDatabase ASN = GeoDatabase.asn(GeoTestDatabases.asn());

    static Enricher enricher(GeoDatabase location, GeoDatabase asn, int cache) {
        return new Enricher(new Enricher.Options(location, asn, cache, true));
    }

    static MailEvent client(String ip) {
        return new MailEvent().put(Fields.SOURCE_IP, ip);
    }

    static Map<String, Object> fields(MailEvent e) {
        Map<String, Object> m = new TreeMap<>();
        e.forEach(m::put);
        return m;
    }

    @Test
    void aClientWithCityAndAutonomousSystem() {
        MailEvent e = client("128.101.101.101");
        enricher(CITY, ASN, 100).accept(e);
        assertThat(fields(e)).containsEntry("mail.source.network_type", "public")
                .containsEntry("source.geo.continent_code", "NA")
                .containsEntry("source.geo.continent_name", "North America")
                .containsEntry("source.geo.country_iso_code", "US")
                .containsEntry("source.geo.country_name", "United States")
                .containsEntry("source.geo.region_iso_code", "US-MN")
                .containsEntry("source.geo.region_name", "Minnesota")
                .containsEntry("source.geo.city_name", "Minneapolis")
                .containsEntry("source.geo.timezone", "America/Chicago")
                .containsEntry("source.as.number", 217L)
                .containsEntry("source.as.organization.name", "University of Minnesota");
        @SuppressWarnings("unchecked")
        Map<String, Object> location = (Map<String, Object>) e.get("source.geo.location");
        assertThat(location).containsOnlyKeys("lat", "lon");
        assertThat(new ArrayList<>(location.keySet())).containsExactly("lat", "lon");
        assertThat((Double) location.get("lat")).isBetween(44.0, 46.0);
        assertThat((Double) location.get("lon")).isBetween(-94.0, -93.0);
    }

    /** What we put equals what MaxMind's reader itself answers, for clients on every continent and IPv6. */
    @Test
    void sameAnswersAsMaxMindsReader() throws Exception {
        DatabaseReader reader = new DatabaseReader.Builder(GeoTestDatabases.city().toFile()).build();
        Enricher enricher = enricher(CITY, ASN, 100);
        for (String ip : List.of("8.8.8.8", "1.1.1.1", "130.237.1.1", "81.2.69.142", "193.0.6.139", "202.12.27.33",
                "200.160.2.3", "196.216.2.6", "213.180.204.62", "2001:4860:4860::8888", "2a00:1450:4001:81c::200e")) {
            MailEvent e = client(ip);
            enricher.accept(e);
            CityResponse r = reader.city(InetAddress.getByName(ip));
            assertThat(e.get("source.geo.country_iso_code")).as(ip).isEqualTo(r.getCountry().getIsoCode());
            assertThat(e.get("source.geo.country_name")).as(ip).isEqualTo(r.getCountry().getName());
            assertThat(e.get("source.geo.continent_code")).as(ip).isEqualTo(r.getContinent().getCode());
            assertThat(e.get("source.geo.city_name")).as(ip).isEqualTo(r.getCity().getName());
            assertThat(e.get("source.geo.timezone")).as(ip).isEqualTo(r.getLocation().getTimeZone());
            assertThat(e.get("source.geo.location")).as(ip)
                    .isEqualTo(Map.of("lat", r.getLocation().getLatitude(), "lon", r.getLocation().getLongitude()));
            assertThat(e.get("source.as.number")).as(ip).isInstanceOf(Long.class);
        }
        MailEvent google = client("8.8.8.8");
        enricher.accept(google);
        assertThat(fields(google)).containsEntry("source.as.number", 15169L)
                .containsEntry("source.as.organization.name", "Google LLC")
                .doesNotContainKey("source.geo.city_name"); // the database places it in no city
    }

    @Test
    void specialAddressesAreMarkedAndNeverLookedUp() {
        Enricher enricher = enricher(CITY, ASN, 100);
        Map<String, String> kinds = Map.of("127.0.0.1", "loopback", "::1", "loopback", "192.168.1.20", "private",
                "10.0.0.7", "private", "fd00::5", "private", "100.64.3.4", "cgnat", "169.254.1.1", "link_local",
                "fe80::1", "link_local", "192.0.2.10", "documentation", "2001:db8::25", "documentation");
        for (Map.Entry<String, String> k : kinds.entrySet()) {
            MailEvent e = client(k.getKey());
            enricher.accept(e);
            assertThat(fields(e)).as(k.getKey()).containsOnlyKeys("source.ip", "mail.source.network_type")
                    .containsEntry("mail.source.network_type", k.getValue());
        }
        assertThat(enricher.counters()).containsEntry("database_lookups", 0L)
                .containsEntry("not_public", (long) kinds.size());
    }

    @Test
    void theDestinationOfADeliveryToo() {
        MailEvent e = new MailEvent().put(Fields.DESTINATION_IP, "81.2.69.142").put(Fields.SOURCE_IP, "127.0.0.1");
        enricher(CITY, ASN, 100).accept(e);
        assertThat(fields(e)).containsEntry("destination.geo.country_iso_code", "GB")
                .containsEntry("destination.as.number", 20712L)
                .containsEntry("mail.destination.network_type", "public")
                .containsEntry("mail.source.network_type", "loopback")
                .doesNotContainKey("source.geo.country_iso_code");
    }

    @Test
    void aCountryDatabaseGivesCountriesOnly() {
        GeoDatabase country = GeoDatabase.location(GeoTestDatabases.country());
        assertThat(country.type()).isEqualTo("GeoLite2-Country");
        MailEvent e = client("130.237.1.1");
        enricher(country, null, 10).accept(e);
        assertThat(fields(e)).containsEntry("source.geo.country_iso_code", "SE")
                .containsEntry("source.geo.continent_code", "EU")
                .doesNotContainKeys("source.geo.city_name", "source.geo.location", "source.as.number");
    }

    @Test
    void anAsnDatabaseAlone() {
        MailEvent e = client("2001:4860:4860::8888");
        enricher(null, ASN, 10).accept(e);
        assertThat(fields(e)).containsEntry("source.as.number", 15169L).doesNotContainKey("source.geo.country_iso_code");
    }

    @Test
    void ipv4MappedAddressesArePlacedAsTheirIpv4() {
        Enricher enricher = enricher(CITY, ASN, 10);
        MailEvent mapped = client("::ffff:130.237.1.1");
        MailEvent plain = client("130.237.1.1");
        enricher.accept(mapped);
        enricher.accept(plain);
        assertThat(mapped.get("source.geo.city_name")).isEqualTo("Stockholm").isEqualTo(plain.get("source.geo.city_name"));
        assertThat(mapped.get("source.as.number")).isEqualTo(1653L);
    }

    @Test
    void neverOverwritesWhatTheEventSays() {
        MailEvent e = client("130.237.1.1").put("source.geo.country_iso_code", "XX");
        enricher(CITY, ASN, 10).accept(e);
        assertThat(e.get("source.geo.country_iso_code")).isEqualTo("XX");
        assertThat(e.get("source.geo.city_name")).isEqualTo("Stockholm");
    }

    @Test
    void textThatIsNoAddressIsCountedAndLeftAlone() {
        Enricher enricher = enricher(CITY, ASN, 10);
        for (String junk : List.of("unknown", "1.2.3", "mail.example.com", "::ffff:1.2.3.4.5", "\u0000")) {
            MailEvent e = client(junk);
            enricher.accept(e);
            assertThat(fields(e)).as(junk).containsOnlyKeys("source.ip");
        }
        assertThat(enricher.counters()).containsEntry("invalid_ip", 5L).containsEntry("database_lookups", 0L);
    }

    @Test
    void eachAddressIsLookedUpOnceAndTheCacheStaysBounded() {
        Enricher enricher = enricher(CITY, ASN, 100);
        // 50 addresses, 20 times each: one database lookup per address
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 50; i++) enricher.accept(client("81.2.69." + (100 + i)));
        }
        Map<String, Long> c = enricher.counters();
        assertThat(c).containsEntry("lookups", 1000L).containsEntry("database_lookups", 50L)
                .containsEntry("cache_hits", 950L).containsEntry("cache_evicted", 0L);
        // 3,000 distinct addresses through a cache of 100: never more than 100 kept, the rest evicted and counted
        for (int i = 0; i < 3000; i++) {
            enricher.accept(client("130.237." + (i / 250) + "." + (i % 250)));
            assertThat(enricher.counters().get("cache_size")).isLessThanOrEqualTo(100L);
        }
        c = enricher.counters();
        assertThat(c.get("cache_evicted")).isGreaterThan(2800L);
        assertThat(c.get("cache_size") + c.get("cache_evicted")).isEqualTo(50L + 3000L);
        // an address used all along stays cached while the others come and go
        Enricher hot = enricher(CITY, ASN, 100);
        for (int i = 0; i < 3000; i++) {
            hot.accept(client("8.8.8.8"));
            hot.accept(client("130.237." + (i / 250) + "." + (i % 250)));
        }
        assertThat(hot.counters().get("database_lookups")).isEqualTo(3001L);
    }

    @Test
    void manyThreadsGetTheSameAnswersAsOne() throws Exception {
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < 400; i++) ips.add((i % 2 == 0 ? "130.237." : "81.2.") + (i % 50) + "." + (i % 200));
        Enricher single = enricher(CITY, ASN, 1000);
        List<Map<String, Object>> expected = new ArrayList<>();
        for (String ip : ips) {
            MailEvent e = client(ip);
            single.accept(e);
            expected.add(fields(e));
        }
        Enricher shared = enricher(CITY, ASN, 64); // small: rotations happen while threads read
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Map<String, Object>>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    List<Map<String, Object>> got = new ArrayList<>();
                    for (int round = 0; round < 5; round++) {
                        got.clear();
                        for (String ip : ips) {
                            MailEvent e = client(ip);
                            shared.accept(e);
                            got.add(fields(e));
                        }
                    }
                    return got;
                }));
            }
            for (Future<List<Map<String, Object>>> f : runs) assertThat(f.get()).isEqualTo(expected);
        } finally {
            pool.shutdown();
        }
        assertThat(shared.counters().get("lookups")).isEqualTo(4L * 5 * ips.size());
    }

    @Test
    void badDatabasesFailAtStartUpWithOneSentence(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("GeoLite2-City.mmdb"), "Nov 22 03:19:46 mail postfix/smtpd[1]: connect\n");
        Object[][] cases = {
            {PipelineConfig.builder().geoipDatabase(dir.resolve("nope.mmdb")), "geoip_database", "there is no such file"},
            {PipelineConfig.builder().geoipDatabase(dir), "geoip_database", "it is a directory"},
            {PipelineConfig.builder().geoipDatabase(text), "geoip_database", "not a MaxMind database (.mmdb)"},
            {PipelineConfig.builder().geoipDatabase(GeoTestDatabases.asn()), "geoip_database",
                "the file is a GeoLite2-ASN database, which has no countries or cities"},
            {PipelineConfig.builder().asnDatabase(GeoTestDatabases.city()), "asn_database",
                "the file is a GeoLite2-City database, which has no autonomous systems"},
            {PipelineConfig.builder().asnDatabase(text), "asn_database", "not a MaxMind database"},
            {PipelineConfig.builder().geoipCacheSize(0), "geoip_cache_size", "from 1 to 10000000"},
        };
        for (Object[] c : cases) {
            PipelineConfig.Builder b = (PipelineConfig.Builder) c[0];
            assertThatThrownBy(b::build).isInstanceOfSatisfying(ConfigException.class, e -> {
                assertThat(e.option()).isEqualTo(c[1]);
                assertThat(e.problem()).contains((String) c[2]).endsWith(".");
                assertThat(e.problem().split("\\. ")).as("one sentence: " + e.problem()).hasSize(1);
            });
        }
    }

    /** Every real corpus through the pipeline: each distinct address is looked up once; the hit rate is printed. */
    @Test
    void theCorporaLookEachAddressUpOnce() throws Exception {
        Pipeline pipeline = Pipeline.of(PipelineConfig.builder().correlate(true).closeGrace(0, 0)
                .geoipDatabase(GeoTestDatabases.city()).asnDatabase(GeoTestDatabases.asn()).build());
        java.util.Set<String> addresses = new java.util.HashSet<>();
        long events = 0;
        List<Path> corpora;
        try (java.util.stream.Stream<Path> walk = Files.walk(TestParsers.RESOURCES.resolve("corpus"))) {
            corpora = walk.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("maillog") || n.startsWith("mainlog") || n.startsWith("rejectlog") || n.startsWith("paniclog")
                        || n.equals("postfix.log") || n.startsWith("dovecot") && n.endsWith(".log");
            }).sorted().toList();
        }
        assertThat(corpora).hasSizeGreaterThan(10);
        for (Path f : corpora) {
            MailParser parser = pipeline.parser(org.mailsight.record.Clock.fixedYear(java.time.ZoneOffset.UTC, 2026));
            for (MailEvent e : TestParsers.parse(parser, TestParsers.lines(f))) {
                List<MailEvent> made = new ArrayList<>();
                pipeline.accept(e, made::add);
                made.add(e);
                for (MailEvent m : made) {
                    events++;
                    for (String field : List.of(Fields.SOURCE_IP, Fields.DESTINATION_IP)) {
                        if (m.get(field) instanceof String ip) {
                            addresses.add(ip);
                            assertThat(m.get(field == Fields.SOURCE_IP ? "mail.source.network_type" : "mail.destination.network_type"))
                                    .as(ip).isNotNull();
                        }
                    }
                }
            }
        }
        Map<String, Long> c = pipeline.counters();
        long misses = c.get("enrich.database_lookups") + c.get("enrich.not_public") + c.get("enrich.invalid_ip");
        assertThat(misses).as("one miss per distinct address").isEqualTo(addresses.size());
        assertThat(c.get("enrich.lookups")).isEqualTo(c.get("enrich.cache_hits") + misses);
        System.out.printf("corpora: %d events, %d distinct addresses, %d lookups, %d cache hits (%.2f %%), %s%n", events,
                addresses.size(), c.get("enrich.lookups"), c.get("enrich.cache_hits"),
                100.0 * c.get("enrich.cache_hits") / c.get("enrich.lookups"), c);
    }

    /** Through the Pipeline with correlation: summaries and the lines correlation gives a client are placed too. */
    @Test
    void thePipelinePlacesLinesSessionsAndSummaries() throws Exception {
        Pipeline pipeline = Pipeline.of(PipelineConfig.builder().correlate(true).closeGrace(0, 0)
                .geoipDatabase(GeoTestDatabases.city()).asnDatabase(GeoTestDatabases.asn()).build());
        MailParser parser = pipeline.parser(org.mailsight.record.Clock.fixedYear(java.time.ZoneOffset.UTC, 2026));
        List<MailEvent> out = new ArrayList<>();
        for (MailEvent e : TestParsers.parse(parser, TestParsers.lines(TestParsers.RESOURCES.resolve("geo/maillog")))) {
            List<MailEvent> made = new ArrayList<>();
            pipeline.accept(e, made::add);
            out.add(e);
            out.addAll(made);
        }
        pipeline.close(out::add);
        MailEvent summary = out.stream().filter(e -> "message-summary".equals(e.get(Fields.EVENT_ACTION))).findFirst().orElseThrow();
        assertThat(fields(summary)).containsEntry("source.ip", "130.237.1.1")
                .containsEntry("source.geo.city_name", "Stockholm").containsEntry("source.as.number", 1653L);
        MailEvent remote = out.stream().filter(e -> "81.2.69.142".equals(e.get(Fields.DESTINATION_IP))).findFirst().orElseThrow();
        assertThat(fields(remote)).containsEntry("destination.geo.country_iso_code", "GB")
                .containsEntry("source.geo.country_iso_code", "SE"); // the client, given by correlation
        Map<String, String> countryOfLogin = new TreeMap<>();
        for (MailEvent e : out) {
            if (e.get(Fields.USER_NAME) != null && e.get("mail.source.network_type") != null
                    && String.valueOf(e.get("log.syslog.appname")).startsWith("dovecot")) {
                countryOfLogin.put(e.get(Fields.USER_NAME) + " " + e.get(Fields.SOURCE_IP),
                        e.get("source.geo.country_iso_code") + "/" + e.get("mail.source.network_type"));
            }
        }
        assertThat(countryOfLogin).containsEntry("alice@example.test 128.101.101.101", "US/public")
                .containsEntry("erin@lmtp.example.test 2001:4860:4860::8888", "US/public")
                .containsEntry("dave@lmtp.example.test 192.168.1.20", "null/private")
                .containsEntry("bob@example.test 100.64.3.4", "null/cgnat")
                .containsEntry("nobody@example.test 192.0.2.10", "null/documentation")
                .containsEntry("mallory@example.test fe80::1", "null/link_local")
                .containsEntry("alice@example.test 127.0.0.1", "null/loopback");
        Map<String, Long> c = pipeline.counters();
        assertThat(c.get("enrich.database_lookups")).isEqualTo(4L); // 130.237.1.1, 81.2.69.142, 128.101..., 2001:...
        assertThat(c.get("enrich.cache_hits")).isPositive();
    }
}
