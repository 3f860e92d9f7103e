package org.mailsight.enrich;

import com.maxmind.db.InvalidDatabaseException;
import com.maxmind.db.NoCache;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AbstractCountryResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.record.Location;
import com.maxmind.geoip2.record.Subdivision;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One MaxMind database (GeoIP2 / GeoLite2 / DB-IP in MaxMind's format), opened read-only and memory-mapped with
 * MaxMind's own reader. What the file says it holds (its metadata's database type) decides how it is read; a file
 * of the wrong kind is refused when it is opened, with one sentence. Thread-safe: one reader serves every thread.
 */
public final class GeoDatabase {
    /** What a database holds. */
    enum Holds { CITY, COUNTRY, ASN, ISP }

    private final DatabaseReader reader;
    private final Holds holds;
    private final String type;

    private GeoDatabase(DatabaseReader reader, Holds holds, String type) {
        this.reader = reader;
        this.holds = holds;
        this.type = type;
    }

    /**
     * A City or Country database for {@code source.geo.*}.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong with the file and what to give instead
     */
    public static GeoDatabase location(Path file) {
        DatabaseReader r = open(file, "a City or Country database such as GeoLite2-City.mmdb");
        String type = r.getMetadata().getDatabaseType();
        Holds holds = type.contains("City") || type.contains("Enterprise") ? Holds.CITY
                : type.contains("Country") ? Holds.COUNTRY : null;
        if (holds == null) {
            throw new IllegalArgumentException("the file is a " + type + " database, which has no countries or cities;"
                    + " give a City or Country database such as GeoLite2-City.mmdb"
                    + (type.contains("ASN") || type.contains("ISP") ? " (this one belongs to the ASN option)." : "."));
        }
        return new GeoDatabase(r, holds, type);
    }

    /**
     * An ASN (or ISP) database for {@code source.as.*}.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong with the file and what to give instead
     */
    public static GeoDatabase asn(Path file) {
        DatabaseReader r = open(file, "an ASN database such as GeoLite2-ASN.mmdb");
        String type = r.getMetadata().getDatabaseType();
        Holds holds = type.contains("GeoLite2-ASN") ? Holds.ASN : type.contains("GeoIP2-ISP") ? Holds.ISP : null;
        if (holds == null) {
            throw new IllegalArgumentException("the file is a " + type + " database, which has no autonomous systems;"
                    + " give an ASN database such as GeoLite2-ASN.mmdb"
                    + (type.contains("City") || type.contains("Country") ? " (this one belongs to the GeoIP option)." : "."));
        }
        return new GeoDatabase(r, holds, type);
    }

    private static DatabaseReader open(Path file, String wanted) {
        if (!Files.exists(file)) throw new IllegalArgumentException("there is no such file; give the path of " + wanted + ".");
        if (Files.isDirectory(file)) throw new IllegalArgumentException("it is a directory; give the path of " + wanted + " itself.");
        if (!Files.isReadable(file)) throw new IllegalArgumentException("the file cannot be read (check its permissions).");
        try {
            return new DatabaseReader.Builder(file.toFile())
                    .fileMode(Reader.FileMode.MEMORY_MAPPED)
                    .withCache(NoCache.getInstance()) // the enricher caches whole answers per address
                    .build();
        } catch (InvalidDatabaseException e) {
            throw new IllegalArgumentException("the file is not a MaxMind database (.mmdb); give the path of " + wanted + ".");
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the file cannot be opened as a MaxMind database (" + e.getMessage()
                    + "); give the path of " + wanted + ".");
        }
    }

    /** The database type its metadata names, e.g. {@code GeoLite2-City}. */
    public String type() {
        return type;
    }

    /** Fills the location part of a place; false when the database has no record for the address. */
    boolean locate(InetAddress ip, Place.Builder into) throws IOException, GeoIp2Exception {
        AbstractCountryResponse r = switch (holds) {
            case CITY -> reader.tryCity(ip).orElse(null);
            case COUNTRY -> reader.tryCountry(ip).orElse(null);
            default -> throw new IllegalStateException(holds.name());
        };
        if (r == null) return false;
        into.continent(r.getContinent().getCode(), r.getContinent().getName());
        String iso = r.getCountry().getIsoCode();
        into.country(iso, r.getCountry().getName());
        if (r instanceof CityResponse c) {
            Subdivision region = c.getMostSpecificSubdivision();
            String regionIso = region.getIsoCode() == null || iso == null ? null
                    : iso + "-" + region.getIsoCode().toUpperCase(Locale.ROOT);
            into.region(regionIso, region.getName());
            into.city(c.getCity().getName());
            Location l = c.getLocation();
            into.location(l.getLatitude(), l.getLongitude(), l.getTimeZone());
        }
        return true;
    }

    /** Fills the autonomous system part of a place; false when the database has no record for the address. */
    boolean autonomousSystem(InetAddress ip, Place.Builder into) throws IOException, GeoIp2Exception {
        return switch (holds) {
            case ASN -> reader.tryAsn(ip).map(r -> {
                into.as(r.getAutonomousSystemNumber(), r.getAutonomousSystemOrganization());
                return r.getAutonomousSystemNumber() != null;
            }).orElse(false);
            case ISP -> reader.tryIsp(ip).map(r -> {
                into.as(r.getAutonomousSystemNumber(), r.getAutonomousSystemOrganization());
                return r.getAutonomousSystemNumber() != null;
            }).orElse(false);
            default -> throw new IllegalStateException(holds.name());
        };
    }
}
