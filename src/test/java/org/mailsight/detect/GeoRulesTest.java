package org.mailsight.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.engine.Pipeline;
import org.mailsight.engine.PipelineConfig;
import org.mailsight.enrich.GeoTestDatabases;
import org.mailsight.event.MailEvent;

/** New country and impossible travel, placed by the real GeoLite2 City database (geo/logins.log says how it was made). */
class GeoRulesTest {
    @Test
    void aLoginFromANewCountryFarAwayFiresBothGeoRulesForThatAccountOnly() throws IOException {
        Pipeline p = Pipeline.of(PipelineConfig.builder().detect(true).geoipDatabase(GeoTestDatabases.city()).build());
        List<MailEvent> alerts = new ArrayList<>();
        for (MailEvent e : TestParsers.parse(TestParsers.parser(), TestParsers.lines(TestParsers.RESOURCES.resolve("geo/logins.log")))) {
            p.accept(e, m -> { if ("alert".equals(m.get("event.kind"))) alerts.add(m); });
        }
        p.close(m -> { });
        assertThat(AttackCaptureTest.fired(alerts)).containsExactly("mail-impossible-travel dave@lmtp.example.test",
                "mail-new-country dave@lmtp.example.test");
        MailEvent travel = alerts.stream().filter(a -> a.get("rule.id").equals("mail-impossible-travel")).findFirst().orElseThrow();
        assertThat((Double) travel.get("mail.alert.observed")).isGreaterThan(10_000); // km/h: ~6900 km in 25 minutes
        assertThat(travel.getString("message")).contains("SE").contains("US (Minneapolis)");
        assertThat(travel.get("source.geo.country_iso_code")).isEqualTo("US");
        assertThat(travel.get("related.ip")).asList().contains("130.237.1.1", "128.101.101.101");
        MailEvent country = alerts.stream().filter(a -> a.get("rule.id").equals("mail-new-country")).findFirst().orElseThrow();
        assertThat(country.getString("message")).startsWith("dave@lmtp.example.test logged in from US");
    }
}
