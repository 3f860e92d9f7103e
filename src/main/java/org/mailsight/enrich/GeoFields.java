package org.mailsight.enrich;

/**
 * The fields the enricher sets (docs/fields.md), for the source and the destination of an event. ECS has no field
 * for the kind of network an address is in, so {@code mail.source.network_type} and
 * {@code mail.destination.network_type} say it ({@code public}, {@code private}, {@code loopback}, ...).
 */
public final class GeoFields {
    private GeoFields() {}

    public static final String SOURCE_NETWORK_TYPE = "mail.source.network_type";
    public static final String SOURCE_GEO_CONTINENT_CODE = "source.geo.continent_code";
    public static final String SOURCE_GEO_CONTINENT_NAME = "source.geo.continent_name";
    public static final String SOURCE_GEO_COUNTRY_ISO_CODE = "source.geo.country_iso_code";
    public static final String SOURCE_GEO_COUNTRY_NAME = "source.geo.country_name";
    public static final String SOURCE_GEO_REGION_ISO_CODE = "source.geo.region_iso_code";
    public static final String SOURCE_GEO_REGION_NAME = "source.geo.region_name";
    public static final String SOURCE_GEO_CITY_NAME = "source.geo.city_name";
    /** A map {@code {lat, lon}} of doubles (an Elasticsearch geo_point). */
    public static final String SOURCE_GEO_LOCATION = "source.geo.location";
    public static final String SOURCE_GEO_TIMEZONE = "source.geo.timezone";
    public static final String SOURCE_AS_NUMBER = "source.as.number";
    public static final String SOURCE_AS_ORGANIZATION_NAME = "source.as.organization.name";

    public static final String DESTINATION_NETWORK_TYPE = "mail.destination.network_type";
    public static final String DESTINATION_GEO_CONTINENT_CODE = "destination.geo.continent_code";
    public static final String DESTINATION_GEO_CONTINENT_NAME = "destination.geo.continent_name";
    public static final String DESTINATION_GEO_COUNTRY_ISO_CODE = "destination.geo.country_iso_code";
    public static final String DESTINATION_GEO_COUNTRY_NAME = "destination.geo.country_name";
    public static final String DESTINATION_GEO_REGION_ISO_CODE = "destination.geo.region_iso_code";
    public static final String DESTINATION_GEO_REGION_NAME = "destination.geo.region_name";
    public static final String DESTINATION_GEO_CITY_NAME = "destination.geo.city_name";
    public static final String DESTINATION_GEO_LOCATION = "destination.geo.location";
    public static final String DESTINATION_GEO_TIMEZONE = "destination.geo.timezone";
    public static final String DESTINATION_AS_NUMBER = "destination.as.number";
    public static final String DESTINATION_AS_ORGANIZATION_NAME = "destination.as.organization.name";

    /** Network kinds, the values of the network_type fields. */
    public static final String PUBLIC = Networks.PUBLIC;
    public static final String PRIVATE = Networks.PRIVATE;
    public static final String LOOPBACK = Networks.LOOPBACK;

    // positions in a place's values
    static final int NETWORK_TYPE = 0;
    static final int CONTINENT_CODE = 1;
    static final int CONTINENT_NAME = 2;
    static final int COUNTRY_ISO_CODE = 3;
    static final int COUNTRY_NAME = 4;
    static final int REGION_ISO_CODE = 5;
    static final int REGION_NAME = 6;
    static final int CITY_NAME = 7;
    static final int LOCATION = 8;
    static final int TIMEZONE = 9;
    static final int AS_NUMBER = 10;
    static final int AS_ORGANIZATION_NAME = 11;
    static final int COUNT = 12;

    static final String[] SOURCE = {
        SOURCE_NETWORK_TYPE, SOURCE_GEO_CONTINENT_CODE, SOURCE_GEO_CONTINENT_NAME, SOURCE_GEO_COUNTRY_ISO_CODE,
        SOURCE_GEO_COUNTRY_NAME, SOURCE_GEO_REGION_ISO_CODE, SOURCE_GEO_REGION_NAME, SOURCE_GEO_CITY_NAME,
        SOURCE_GEO_LOCATION, SOURCE_GEO_TIMEZONE, SOURCE_AS_NUMBER, SOURCE_AS_ORGANIZATION_NAME,
    };

    static final String[] DESTINATION = {
        DESTINATION_NETWORK_TYPE, DESTINATION_GEO_CONTINENT_CODE, DESTINATION_GEO_CONTINENT_NAME,
        DESTINATION_GEO_COUNTRY_ISO_CODE, DESTINATION_GEO_COUNTRY_NAME, DESTINATION_GEO_REGION_ISO_CODE,
        DESTINATION_GEO_REGION_NAME, DESTINATION_GEO_CITY_NAME, DESTINATION_GEO_LOCATION, DESTINATION_GEO_TIMEZONE,
        DESTINATION_AS_NUMBER, DESTINATION_AS_ORGANIZATION_NAME,
    };
}
