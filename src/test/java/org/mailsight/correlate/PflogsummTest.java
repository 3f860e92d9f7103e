package org.mailsight.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailsight.TestParsers;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * Our totals for the real Postfix corpus against pflogsumm's report of the same log (corpus/postfix/pflogsumm.txt,
 * made by the capture script). pflogsumm counts log lines by its own rules (read in /usr/sbin/pflogsumm); we count
 * messages and recipients from correlated summaries and verdicts from events. Where the two count different things,
 * the difference is computed here from our own data and explained; it is never a fudge factor.
 */
class PflogsummTest {
    /** pflogsumm's "Grand Totals": name to number. */
    static Map<String, Long> pflogsumm(Path dir) throws IOException {
        Map<String, Long> totals = new LinkedHashMap<>();
        Pattern line = Pattern.compile("^\\s*(\\d+)\\s+(received|delivered|forwarded|deferred|bounced|rejected|reject warnings"
                + "|held|discarded|bytes received|bytes delivered|senders|recipients)\\b(?:\\s+\\((\\d+)\\s+deferrals\\))?");
        for (String l : Files.readAllLines(dir.resolve("pflogsumm.txt"))) {
            Matcher m = line.matcher(l);
            if (m.find() && !totals.containsKey(m.group(2))) {
                totals.put(m.group(2), Long.parseLong(m.group(1)));
                if (m.group(3) != null) totals.put("deferrals", Long.parseLong(m.group(3)));
            }
            if (l.startsWith("smtpd")) break;
        }
        return totals;
    }

    /** Debian 12 (Postfix 3.7) and Debian 13 (Postfix 3.10) captures. */
    @ParameterizedTest
    @ValueSource(strings = {"corpus/postfix", "corpus/postfix-trixie"})
    void totalsMatchPflogsummForTheSameLog(String corpus) throws IOException {
        Path dir = TestParsers.RESOURCES.resolve(corpus);
        Map<String, Long> pf = pflogsumm(dir);
        assertThat(pf).containsKeys("received", "delivered", "forwarded", "deferred", "deferrals", "bounced",
                "rejected", "reject warnings", "held", "discarded", "bytes received", "bytes delivered", "senders",
                "recipients");

        List<MailEvent> events = TestParsers.parse(TestParsers.parser(), TestParsers.lines(dir.resolve("maillog")));
        Correlator c = new Correlator(new Correlator.Options(100_000, 100_000, 3600, 1000, 0, Locality.defaults()));
        List<MailEvent> summaries = new ArrayList<>();
        for (MailEvent e : events) c.accept(e, summaries::add);
        c.close(summaries::add);

        // pflogsumm knows smtpd only as postfix/smtpd, postfix/smtps/smtpd and postfix/submission/smtpd: messages
        // received by other master.cf services (syslog_name postfix/ratetest, ...) and their verdicts it skips
        Set<Object> invisible = new HashSet<>();
        for (MailEvent e : events) {
            if ("received".equals(e.get(Fields.EVENT_ACTION)) && !pflogsummKnows(e)) invisible.add(e.get(Fields.EMAIL_LOCAL_ID));
        }
        assertThat(invisible).as("messages of services pflogsumm does not know, in this corpus").isNotEmpty();
        long received = 0, delivered = 0, deliveryLines = 0, forwarded = 0, deferredMessages = 0, deferrals = 0;
        long bounced = 0, bytesReceived = 0, bytesDelivered = 0;
        Set<String> senders = new HashSet<>();
        Set<String> recipients = new HashSet<>();
        for (MailEvent s : summaries) {
            String origin = s.getString("mail.origin");
            long size = s.get(Fields.MAIL_SIZE) instanceof Long l ? l : 0;
            boolean ours = ("smtp".equals(origin) || "local".equals(origin)) && !invisible.contains(s.get(Fields.EMAIL_LOCAL_ID));
            if (ours) {
                received++;
                bytesReceived += size;
                Object from = s.get(Fields.EMAIL_FROM);
                if (from instanceof List<?> f && !f.isEmpty()) senders.add(lowerDomain(f.get(0).toString()));
            }
            deferrals += (Long) s.get("mail.counts.deferrals");
            if ((Long) s.get("mail.counts.deferrals") > 0) deferredMessages++;
            if (s.get("mail.recipients") instanceof List<?> rs) {
                for (Object o : rs) {
                    Map<?, ?> r = (Map<?, ?>) o;
                    String status = (String) r.get("status");
                    long times = r.get("deliveries") instanceof Long n ? n : 1;
                    if ("sent".equals(status)) {
                        delivered++;
                        deliveryLines += times;
                        bytesDelivered += times * size;
                        recipients.add(lowerDomain((String) r.get("address")));
                    } else if ("forwarded".equals(status)) {
                        forwarded++;
                    } else if ("bounced".equals(status)) {
                        bounced++;
                    }
                }
            }
        }
        // verdicts are not messages: counted from the events, with pflogsumm's scope (smtpd and postscreen verdicts,
        // and cleanup's header/body/milter checks; it does not count smtpd's milter verdicts or WARN results)
        long rejected = verdicts(events, "reject", "milter-reject");
        long warnings = verdicts(events, "reject_warning", "warning");
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        long held = verdicts(events, "hold", null);
        long discarded = verdicts(events, "discard", null);

        soft.assertThat(received).as("received: messages that came from an SMTP client or pickup").isEqualTo(pf.get("received"));
        // pflogsumm counts delivery lines; we count recipients once and keep how often each was delivered
        soft.assertThat(deliveryLines).as("delivered (lines)").isEqualTo(pf.get("delivered"));
        soft.assertThat(delivered).as("delivered recipients: fewer by the repeat deliveries of one address")
                .isEqualTo(pf.get("delivered") - (deliveryLines - delivered));
        soft.assertThat(forwarded).as("forwarded").isEqualTo(pf.get("forwarded"));
        soft.assertThat(deferredMessages).as("deferred messages").isEqualTo(pf.get("deferred"));
        soft.assertThat(deferrals).as("deferral lines").isEqualTo(pf.get("deferrals"));
        soft.assertThat(bounced).as("bounced recipients").isEqualTo(pf.get("bounced"));
        soft.assertThat(rejected).as("rejected").isEqualTo(pf.get("rejected"));
        soft.assertThat(warnings).as("reject warnings").isEqualTo(pf.get("reject warnings"));
        soft.assertThat(held).as("held").isEqualTo(pf.get("held"));
        soft.assertThat(discarded).as("discarded").isEqualTo(pf.get("discarded"));
        soft.assertThat(bytesReceived).as("bytes received").isEqualTo(pf.get("bytes received"));
        soft.assertThat(bytesDelivered).as("bytes delivered").isEqualTo(pf.get("bytes delivered"));
        soft.assertThat((long) senders.size()).as("senders").isEqualTo(pf.get("senders"));
        soft.assertThat((long) recipients.size()).as("recipients").isEqualTo(pf.get("recipients"));
        soft.assertAll();
    }

    /**
     * Verdict events as pflogsumm counts them: smtpd's and postscreen's {@code smtpVerb}, and cleanup's content
     * checks with {@code smtpVerb} or {@code cleanupVerb} (cleanup writes "warning" where smtpd writes "reject_warning").
     */
    private static long verdicts(List<MailEvent> events, String smtpVerb, String cleanupVerb) {
        long n = 0;
        for (MailEvent e : events) {
            Object verb = e.get("postfix.action");
            String process = e.getString(Fields.PROCESS_NAME);
            if (!pflogsummKnows(e)) continue;
            boolean smtp = ("smtpd".equals(process) || "postscreen".equals(process)) && smtpVerb.equals(verb);
            boolean cleanup = "cleanup".equals(process) && e.has(Fields.MAIL_CHECK)
                    && (smtpVerb.equals(verb) || (cleanupVerb != null && cleanupVerb.equals(verb)));
            if (smtp || cleanup) n++;
        }
        return n;
    }

    private static boolean pflogsummKnows(MailEvent e) {
        String app = e.getString(Fields.LOG_SYSLOG_APPNAME);
        return app != null && app.matches("postfix(/smtps|/submission)?/[^/]+");
    }

    private static String lowerDomain(String address) {
        if (address.isEmpty()) return "from=<>";
        int at = address.lastIndexOf('@');
        return at < 0 ? address : address.substring(0, at) + address.substring(at).toLowerCase(Locale.ROOT);
    }
}
