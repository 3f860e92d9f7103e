package org.mailsight.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailsight.TestParsers;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * Our totals for the real Exim corpus against eximstats' "Grand total summary" of the same mainlog
 * (corpus/exim/eximstats.txt). eximstats counts by its own rules (read in /usr/sbin/eximstats): arrivals are
 * {@code <=} lines, deliveries {@code =>} lines (addresses add {@code ->}), delayed and failed are messages with a
 * {@code ==} or {@code **} line, rejects are lines saying rejected, refused or dropped.
 */
class EximstatsTest {

    private static long[] row(List<String> report, String name) {
        Pattern p = Pattern.compile("^\\s+" + name + "\\s+(.*)$");
        for (String l : report) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                return Pattern.compile("\\s+").splitAsStream(m.group(1).trim())
                        .filter(t -> t.matches("\\d+")).mapToLong(Long::parseLong).toArray();
            }
        }
        throw new AssertionError("no " + name + " row in eximstats.txt");
    }

    /** Debian 12 (Exim 4.96) and Debian 13 (Exim 4.98) captures. */
    @ParameterizedTest
    @ValueSource(strings = {"corpus/exim", "corpus/exim-trixie"})
    void totalsMatchEximstatsForTheSameLog(String corpus) throws IOException {
        Path dir = TestParsers.RESOURCES.resolve(corpus);
        List<String> report = Files.readAllLines(dir.resolve("eximstats.txt"));
        long[] received = row(report, "Received");     // messages, hosts, delayed, failed (volume and percentages left out)
        long[] delivered = row(report, "Delivered");   // messages, addresses, hosts
        long[] rejects = row(report, "Rejects");       // count, hosts
        long[] tempRejects = row(report, "Temp Rejects");

        List<MailEvent> events = TestParsers.parse(TestParsers.parser(), TestParsers.lines(dir.resolve("mainlog")));
        Correlator c = new Correlator(new Correlator.Options(100_000, 100_000, 3600, 1000, 0, Locality.defaults()));
        List<MailEvent> summaries = new ArrayList<>();
        for (MailEvent e : events) c.accept(e, summaries::add);
        c.close(summaries::add);

        long arrivals = 0, delayed = 0, failed = 0, addresses = 0;
        for (MailEvent s : summaries) {
            if ("internal".equals(s.get("mail.origin"))) continue; // eximstats counts messages that arrived in the log
            arrivals++;
            if ((Long) s.get("mail.counts.deferrals") > 0) delayed++;
            if ((Long) s.get("mail.counts.bounced") > 0) failed++;
            if (s.get("mail.recipients") instanceof List<?> rs) {
                for (Object r : rs) if ("sent".equals(((java.util.Map<?, ?>) r).get("status"))) addresses++;
            }
        }
        // "->" lines are further addresses of one delivery: eximstats counts them as addresses, not messages
        long additional = events.stream().filter(e -> "additional".equals(e.get("exim.delivery"))).count();
        long rejected = 0, temporary = 0, refusedOutbound = 0;
        for (MailEvent e : events) {
            String a = e.getString(Fields.EVENT_ACTION);
            // eximstats files "temporarily rejected RCPT|MAIL|connection" apart, but "temporarily rejected after DATA"
            // with the rejects (its pattern wants an upper-case word after "rejected")
            boolean temp = Boolean.TRUE.equals(e.get("exim.temporary")) && !"DATA".equals(e.get(Fields.MAIL_SMTP_COMMAND));
            if (temp) temporary++;
            else if ("rejected".equals(a) || "too-many-errors".equals(a) || "pipelining-violation".equals(a)) rejected++;
            // eximstats files an outbound "Connection refused" under rejects too
            else if ("connect-failed".equals(a) && String.valueOf(e.get(Fields.EVENT_REASON)).contains("refused")) refusedOutbound++;
            // and a delivery with no transport (":blackhole:") as a reject
            else if ("delivered".equals(a) && "normal".equals(e.get("exim.delivery")) && !e.has(Fields.MAIL_TRANSPORT)) refusedOutbound++;
        }

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(arrivals).as("received messages").isEqualTo(received[0]);
        soft.assertThat(delayed).as("messages delayed at least once").isEqualTo(received[2]);
        soft.assertThat(failed).as("messages with a failed address").isEqualTo(received[3]);
        soft.assertThat(addresses).as("delivered addresses").isEqualTo(delivered[1]);
        soft.assertThat(addresses - additional).as("delivered (=> lines)").isEqualTo(delivered[0]);
        soft.assertThat(rejected + refusedOutbound).as("rejects (with eximstats' outbound refusals and blackholes)").isEqualTo(rejects[0]);
        soft.assertThat(temporary).as("temporary rejects").isEqualTo(tempRejects[0]);
        soft.assertAll();
    }
}
