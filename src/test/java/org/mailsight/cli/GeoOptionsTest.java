package org.mailsight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsight.enrich.GeoTestDatabases;

/** {@code --geoip} and {@code --asn} on the command line, with real GeoLite2 databases. */
class GeoOptionsTest {
    static final String GEO_LOG = "src/test/resources/geo/maillog";

    @TempDir
    Path dir;

    @RegisterExtension
    final Console console = new Console();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;


    @Test
    void parsePlacesClientsAndRelays() throws Exception {
        int code = Main.run("parse", "--year", "2026", "--timezone", "UTC", "--correlate", "--stats",
                "--geoip", GeoTestDatabases.city().toString(), "--asn", GeoTestDatabases.asn().toString(), GEO_LOG);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> docs = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) docs.add(json.readTree(line));
        JsonNode connect = docs.stream().filter(d -> d.at("/event/action").asText().equals("connect")).findFirst().orElseThrow();
        assertThat(connect.at("/source/geo/city_name").asText()).isEqualTo("Stockholm");
        assertThat(connect.at("/source/geo/location/lat").isDouble()).isTrue();
        assertThat(connect.at("/source/as/number").asLong()).isEqualTo(1653);
        assertThat(connect.at("/source/as/organization/name").asText()).startsWith("SUNET");
        assertThat(connect.at("/mail/source/network_type").asText()).isEqualTo("public");
        JsonNode relay = docs.stream().filter(d -> d.at("/destination/ip").asText().equals("81.2.69.142")).findFirst().orElseThrow();
        assertThat(relay.at("/destination/geo/country_iso_code").asText()).isEqualTo("GB");
        JsonNode summary = docs.stream().filter(d -> d.at("/event/action").asText().equals("message-summary")).findFirst().orElseThrow();
        assertThat(summary.at("/source/geo/country_iso_code").asText()).isEqualTo("SE");
        String stats = err.toString(StandardCharsets.UTF_8);
        assertThat(stats).contains("enrich.lookups=", "enrich.cache_hits=", "enrich.database_lookups=4");
    }

    @Test
    void badDatabasePathsStopWithOneSentence() throws Exception {
        Path text = Files.writeString(dir.resolve("city.mmdb"), "not a database\n");
        String[][] cases = {
            {"--geoip", dir.resolve("missing.mmdb").toString(), "mailsight: --geoip " + dir.resolve("missing.mmdb")
                + " is not valid: there is no such file; give the path of a City or Country database such as GeoLite2-City.mmdb."},
            {"--geoip", text.toString(), "mailsight: --geoip " + text + " is not valid: the file is not a MaxMind database (.mmdb)"},
            {"--asn", GeoTestDatabases.country().toString(), "mailsight: --asn " + GeoTestDatabases.country()
                + " is not valid: the file is a GeoLite2-Country database, which has no autonomous systems;"
                + " give an ASN database such as GeoLite2-ASN.mmdb (this one belongs to the GeoIP option)."},
            {"--geoip", GeoTestDatabases.asn().toString(), "--geoip " + GeoTestDatabases.asn()
                + " is not valid: the file is a GeoLite2-ASN database"},
            {"--geoip-cache-size", "0", "--geoip-cache-size 0 is not valid: give a whole number from 1 to 10000000."},
        };
        for (String[] c : cases) {
            err.reset();
            assertThat(Main.run("parse", c[0], c[1], GEO_LOG)).isEqualTo(2);
            String message = err.toString(StandardCharsets.UTF_8).strip();
            assertThat(message).contains(c[2]).doesNotContain("\n").endsWith(".");
        }
    }
}
