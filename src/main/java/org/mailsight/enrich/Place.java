package org.mailsight.enrich;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mailsight.event.MailEvent;

/**
 * What the databases say about one address, ready to put on events: the values in the order of
 * {@link GeoFields#SOURCE} / {@link GeoFields#DESTINATION}, null where the database has nothing. Immutable, shared
 * by every event of that address (the location map too, so it is unmodifiable).
 */
final class Place {
    private final Object[] values;

    private Place(Object[] values) {
        this.values = values;
    }

    /** A place known only by its network kind (private, loopback, ... or public but in no database). */
    static Place of(String networkType) {
        Object[] v = new Object[GeoFields.COUNT];
        v[GeoFields.NETWORK_TYPE] = networkType;
        return new Place(v);
    }

    /** Puts the values on the event under the source or the destination fields; never overwrites a field. */
    void put(MailEvent e, String[] keys) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) e.putIfAbsent(keys[i], values[i]);
        }
    }

    /** Collects what the databases return for one address. Strings are interned: many addresses share them. */
    static final class Builder {
        private final Object[] v = new Object[GeoFields.COUNT];

        Builder(String networkType) {
            v[GeoFields.NETWORK_TYPE] = networkType;
        }

        void continent(String code, String name) {
            set(GeoFields.CONTINENT_CODE, code);
            set(GeoFields.CONTINENT_NAME, name);
        }

        void country(String iso, String name) {
            set(GeoFields.COUNTRY_ISO_CODE, iso);
            set(GeoFields.COUNTRY_NAME, name);
        }

        void region(String iso, String name) {
            set(GeoFields.REGION_ISO_CODE, iso);
            set(GeoFields.REGION_NAME, name);
        }

        void city(String name) {
            set(GeoFields.CITY_NAME, name);
        }

        void location(Double lat, Double lon, String timezone) {
            if (lat != null && lon != null && Double.isFinite(lat) && Double.isFinite(lon)) {
                Map<String, Object> point = new LinkedHashMap<>(2);
                point.put("lat", lat);
                point.put("lon", lon);
                v[GeoFields.LOCATION] = Collections.unmodifiableMap(point);
            }
            set(GeoFields.TIMEZONE, timezone);
        }

        void as(Long number, String organization) {
            if (number != null && number > 0) v[GeoFields.AS_NUMBER] = number;
            set(GeoFields.AS_ORGANIZATION_NAME, organization);
        }

        private void set(int field, String value) {
            if (value != null && !value.isEmpty()) v[field] = value.intern();
        }

        Place build() {
            return new Place(v.clone());
        }
    }
}
