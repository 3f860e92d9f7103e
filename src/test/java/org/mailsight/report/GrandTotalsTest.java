package org.mailsight.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailsight.TestParsers;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * The report's grand totals for the real corpora against pflogsumm's and eximstats' reports of the same files
 * (made by the capture scripts). Where we count what they do not see, the difference is computed from the log's
 * own events and named here; it is never a constant.
 */
class GrandTotalsTest {

    /** pflogsumm's "Grand Totals": name to number (the same reading as PflogsummTest). */
    static Map<String, Long> pflogsumm(String dir) throws IOException {
        Map<String, Long> totals = new java.util.LinkedHashMap<>();
        Pattern line = Pattern.compile("^\\s*(\\d+)\\s+(received|delivered|forwarded|deferred|bounced|rejected|reject warnings"
                + "|held|discarded|bytes received|bytes delivered|senders|sending hosts/domains|recipients"
                + "|recipient hosts/domains)\\b(?:\\s+\\((\\d+)\\s+deferrals\\))?");
        for (String l : Files.readAllLines(Reports.CORPUS.resolve(dir + "/pflogsumm.txt"))) {
            Matcher m = line.matcher(l);
            if (m.find() && !totals.containsKey(m.group(2))) {
                totals.put(m.group(2), Long.parseLong(m.group(1)));
                if (m.group(3) != null) totals.put("deferrals", Long.parseLong(m.group(3)));
            }
            if (l.startsWith("smtpd")) break;
        }
        return totals;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postfix", "postfix-trixie", "stack"})
    void postfixTotalsEqualPflogsumms(String dir) throws IOException {
        Map<String, Long> pf = pflogsumm(dir);
        pf.putIfAbsent("deferrals", 0L); // pflogsumm writes "(N deferrals)" only when there are some
        assertThat(pf).hasSize(16);
        Report.Totals t = Reports.json(dir + "/maillog").totals();
        List<MailEvent> events = TestParsers.parse(TestParsers.parser(),
                TestParsers.lines(Reports.CORPUS.resolve(dir + "/maillog")));

        // pflogsumm reads only postfix/smtpd, postfix/smtps/smtpd and postfix/submission/smtpd (and the other
        // daemons under postfix/): a master.cf service with its own syslog_name (postfix/ratetest/smtpd here)
        // it skips; we count its messages and verdicts like any other
        List<MailEvent> unseen = events.stream().filter(e -> !pflogsummReads(e)).toList();
        Set<Object> unseenIds = new HashSet<>();
        long unseenBytes = 0;
        Set<String> unseenSenders = new HashSet<>();
        for (MailEvent e : unseen) {
            if ("received".equals(e.getString(Fields.EVENT_ACTION))) unseenIds.add(e.get(Fields.EMAIL_LOCAL_ID));
        }
        for (MailEvent e : events) {
            // the size and sender of those messages come from qmgr's line
            if (unseenIds.contains(e.get(Fields.EMAIL_LOCAL_ID)) && "queued".equals(e.getString(Fields.EVENT_ACTION))) {
                unseenBytes += (Long) e.get(Fields.MAIL_SIZE);
                unseenSenders.add(ReportBuilder.address(((List<?>) e.get(Fields.EMAIL_FROM)).get(0).toString()));
            }
        }
        long unseenRejects = count(unseen, "rejected");
        long unseenWarnings = count(unseen, "reject-warning");
        Set<String> pfSenders = new HashSet<>();
        for (MailEvent e : events) {
            if (pflogsummReads(e) && "queued".equals(e.getString(Fields.EVENT_ACTION)) && !unseenIds.contains(e.get(Fields.EMAIL_LOCAL_ID))) {
                pfSenders.add(ReportBuilder.address(((List<?>) e.get(Fields.EMAIL_FROM)).get(0).toString()));
            }
        }
        unseenSenders.removeAll(pfSenders);
        // a content filter that took a message and then dropped it (amavis "250 2.7.0 Ok, discarded"): Postfix
        // logs status=sent, pflogsumm counts a delivery; correlation knows it was discarded
        org.mailsight.correlate.Correlator c = new org.mailsight.correlate.Correlator(new org.mailsight.correlate.Correlator.Options(
                100_000, 100_000, 3600, 1000, 0, org.mailsight.correlate.Locality.defaults()));
        List<MailEvent> summaries = new java.util.ArrayList<>();
        for (MailEvent e : events) c.accept(e, summaries::add);
        c.close(summaries::add);
        long filterDrops = 0, filterDropBytes = 0;
        for (MailEvent s : summaries) {
            if (!(s.get("mail.recipients") instanceof List<?> rs)) continue;
            for (Object o : rs) {
                Map<?, ?> r = (Map<?, ?>) o;
                if ("discarded".equals(r.get("status")) && r.get("relay") != null) {
                    filterDrops++;
                    filterDropBytes += s.get(Fields.MAIL_SIZE) instanceof Long l ? l : 0;
                }
            }
        }

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(t.received()).as("received").isEqualTo(pf.get("received") + unseenIds.size());
        soft.assertThat(t.delivered()).as("delivered (delivery lines)").isEqualTo(pf.get("delivered") - filterDrops);
        soft.assertThat(t.forwarded()).as("forwarded").isEqualTo(pf.get("forwarded"));
        soft.assertThat(t.deferred()).as("deferred messages").isEqualTo(pf.get("deferred"));
        soft.assertThat(t.deferrals()).as("deferral lines").isEqualTo(pf.get("deferrals"));
        soft.assertThat(t.bounced()).as("bounced").isEqualTo(pf.get("bounced"));
        soft.assertThat(t.rejected()).as("rejected").isEqualTo(pf.get("rejected") + unseenRejects);
        soft.assertThat(t.rejectWarnings()).as("reject warnings").isEqualTo(pf.get("reject warnings") + unseenWarnings);
        soft.assertThat(t.held()).as("held").isEqualTo(pf.get("held"));
        soft.assertThat(t.discarded()).as("discarded").isEqualTo(pf.get("discarded"));
        soft.assertThat(t.bytesReceived()).as("bytes received").isEqualTo(pf.get("bytes received") + unseenBytes);
        soft.assertThat(t.bytesDelivered()).as("bytes delivered").isEqualTo(pf.get("bytes delivered") - filterDropBytes);
        soft.assertThat(t.senders()).as("senders").isEqualTo(pf.get("senders") + unseenSenders.size());
        soft.assertThat(t.sendingHosts()).as("sending hosts/domains").isEqualTo(pf.get("sending hosts/domains"));
        soft.assertThat(t.recipients()).as("recipients").isEqualTo(pf.get("recipients"));
        soft.assertThat(t.recipientHosts()).as("recipient hosts/domains").isEqualTo(pf.get("recipient hosts/domains"));
        soft.assertAll();
    }

    private static long[] eximstatsRow(List<String> report, String name) {
        Pattern p = Pattern.compile("^\\s+" + name + "\\s+(.*)$");
        for (String l : report) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                return Pattern.compile("\\s+").splitAsStream(m.group(1).trim())
                        .filter(x -> x.matches("\\d+")).mapToLong(Long::parseLong).toArray();
            }
        }
        throw new AssertionError("no " + name + " row in eximstats.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"exim", "exim-trixie"})
    void eximTotalsEqualEximstats(String dir) throws IOException {
        List<String> es = Files.readAllLines(Reports.CORPUS.resolve(dir + "/eximstats.txt"));
        long[] received = eximstatsRow(es, "Received");   // messages, hosts, delayed, failed
        long[] delivered = eximstatsRow(es, "Delivered"); // messages, addresses, hosts
        long[] rejects = eximstatsRow(es, "Rejects");     // count, hosts
        long[] temporary = eximstatsRow(es, "Temp Rejects");
        Report.Totals t = Reports.json(dir + "/mainlog").totals();
        List<MailEvent> events = TestParsers.parse(TestParsers.parser(),
                TestParsers.lines(Reports.CORPUS.resolve(dir + "/mainlog")));

        // "->" lines are further addresses of one "=>" delivery: eximstats counts them as addresses, not messages
        long additional = events.stream().filter(e -> "additional".equals(e.get("exim.delivery"))).count();
        // eximstats files as rejects what we do not: too many errors and pipelining violations (we keep their own
        // actions), an outbound "Connection refused" (a failed connection of ours) and a :blackhole: delivery
        // (no transport: delivered to nowhere)
        long notRejects = 0;
        for (MailEvent e : events) {
            String a = e.getString(Fields.EVENT_ACTION);
            if ("too-many-errors".equals(a) || "pipelining-violation".equals(a)) notRejects++;
            else if ("connect-failed".equals(a) && String.valueOf(e.get(Fields.EVENT_REASON)).contains("refused")) notRejects++;
            else if ("delivered".equals(a) && "normal".equals(e.get("exim.delivery")) && !e.has(Fields.MAIL_TRANSPORT)) notRejects++;
        }
        // and eximstats files "temporarily rejected" apart, except after DATA; pflogsumm and we count every reject
        long tempRejects = events.stream().filter(e -> Boolean.TRUE.equals(e.get("exim.temporary"))
                && !"DATA".equals(e.get(Fields.MAIL_SMTP_COMMAND))).count();

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(t.received()).as("received messages").isEqualTo(received[0]);
        soft.assertThat(t.clientHosts()).as("received hosts").isEqualTo(received[1]);
        soft.assertThat(t.deferred()).as("messages delayed at least once").isEqualTo(received[2]);
        soft.assertThat(t.failedMessages()).as("messages with a failed address").isEqualTo(received[3]);
        soft.assertThat(t.deliveredRecipients()).as("delivered addresses").isEqualTo(delivered[1]);
        soft.assertThat(t.delivered() - additional).as("delivered (=> lines)").isEqualTo(delivered[0]);
        soft.assertThat(tempRejects).as("temporary rejects").isEqualTo(temporary[0]);
        soft.assertThat(t.rejected()).as("rejects").isEqualTo(rejects[0] - notRejects + tempRejects);
        // eximstats prints volumes rounded to its unit (77KB): ours lies within that unit of it
        Matcher volume = Pattern.compile("^\\s+Received\\s+(\\d+)(KB|MB|GB)?\\s").matcher(
                es.stream().filter(l -> l.matches("^\\s+Received\\s.*")).findFirst().orElseThrow());
        soft.assertThat(volume.find()).as("eximstats' received volume").isTrue();
        long unit = volume.group(2) == null ? 1 : volume.group(2).equals("KB") ? 1024 : volume.group(2).equals("MB") ? 1 << 20 : 1 << 30;
        long shown = Long.parseLong(volume.group(1)) * unit;
        soft.assertThat(t.bytesReceived()).as("bytes received against eximstats' " + volume.group(1) + volume.group(2))
                .isBetween(shown - unit / 2, shown + unit - 1);
        soft.assertAll();
    }

    private static boolean pflogsummReads(MailEvent e) {
        String app = e.getString(Fields.LOG_SYSLOG_APPNAME);
        return app != null && app.matches("postfix(/smtps|/submission)?/[^/]+");
    }

    private static long count(List<MailEvent> events, String action) {
        return events.stream().filter(e -> action.equals(e.getString(Fields.EVENT_ACTION))).count();
    }
}
