package org.mailsight.logstash;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.logstash.api.Event;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailsight.enrich.GeoTestDatabases;
import org.mailsight.logstash.harness.TestEvent;

/** {@code geoip_database} and {@code asn_database} in the Logstash filter, with real GeoLite2 databases. */
class GeoPluginTest {
    static final String LOGIN = "Nov 22 03:55:51 mail dovecot: imap-login: Login: user=<alice@example.test>, method=PLAIN,"
            + " rip=128.101.101.101, lip=127.0.0.1, mpid=2351, secured, session=<lkrPc9Vgkr1/AAAB>";

    @Test
    void placesTheClientOnTheEvent() {
        Map<String, Object> settings = Map.of("geoip_database", GeoTestDatabases.city().toString(),
                "asn_database", GeoTestDatabases.asn().toString());
        Event e = MailsightTest.run(settings, TestEvent.line(LOGIN));
        assertThat(e.getField("[source][geo][city_name]")).isEqualTo("Minneapolis");
        assertThat(e.getField("[source][geo][country_iso_code]")).isEqualTo("US");
        assertThat(e.getField("[source][geo][location][lat]")).isInstanceOf(Double.class);
        assertThat(e.getField("[source][geo][location][lon]")).isInstanceOf(Double.class);
        assertThat(e.getField("[source][as][number]")).isEqualTo(217L);
        assertThat(e.getField("[mail][source][network_type]")).isEqualTo("public");
        Event local = MailsightTest.run(settings, TestEvent.line(LOGIN.replace("128.101.101.101", "10.1.2.3")));
        assertThat(local.getField("[mail][source][network_type]")).isEqualTo("private");
        assertThat(local.getField("[source][geo]")).isNull();
    }

    @Test
    void withoutDatabasesNothingIsAdded() {
        Event e = MailsightTest.run(TestEvent.line(LOGIN));
        assertThat(e.getField("[source][ip]")).isEqualTo("128.101.101.101");
        assertThat(e.getField("[source][geo]")).isNull();
        assertThat(e.getField("[mail][source]")).isNull();
    }

    @Test
    void aWrongDatabaseStopsThePipelineWithOneSentence() {
        String asn = GeoTestDatabases.asn().toString();
        assertThat(MailsightTest.startupError(Map.of("geoip_database", asn)))
                .isEqualTo("mailsight: geoip_database => " + asn + " is not valid: the file is a GeoLite2-ASN database,"
                        + " which has no countries or cities; give a City or Country database such as"
                        + " GeoLite2-City.mmdb (this one belongs to the ASN option).");
        assertThat(MailsightTest.startupError(Map.of("asn_database", "/nonexistent/GeoLite2-ASN.mmdb")))
                .isEqualTo("mailsight: asn_database => /nonexistent/GeoLite2-ASN.mmdb is not valid: there is no such"
                        + " file; give the path of an ASN database such as GeoLite2-ASN.mmdb.");
        assertThat(MailsightTest.startupError(Map.of("geoip_cache_size", 0)))
                .contains("geoip_cache_size => 0 is not valid");
    }
}
