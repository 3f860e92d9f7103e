package org.mailsight.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailsight.TestParsers;
import org.mailsight.engine.MailParser;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.junit.jupiter.api.Test;

/**
 * Floods: lines of the real capture with their queue ids, client addresses or times made unique. State stays at
 * its cap, every message comes out once, and what was dropped is counted.
 */
class CorrelatorFloodTest {
    /** A real smtpd line of the capture with another queue id. */
    private static String client(String queueId) {
        return "Nov 22 03:19:36 mail postfix/smtpd[5319]: " + queueId + ": client=localhost[127.0.0.1]";
    }

    /** A real connect line with another pid and client address. */
    private static String connect(int pid, String ip) {
        return "Nov 22 03:19:36 mail postfix/smtpd[" + pid + "]: connect from unknown[" + ip + "]";
    }

    private final MailParser parser = TestParsers.parser();

    private static String queueId(long i) {
        return Long.toHexString(0x40000000000L + i).toUpperCase();
    }

    @Test
    void twoMillionQueueIdsThatNeverCompleteStayAtTheCap() {
        int cap = 100_000;
        int n = 2_000_000;
        Correlator c = new Correlator(new Correlator.Options(cap, cap, 3600, 1000, 0, Locality.defaults()));
        long[] summaries = new long[1];
        for (int i = 0; i < n; i++) {
            c.accept(parser.parse(client(queueId(i))), s -> {
                if ("evicted".equals(s.get("mail.correlation.incomplete_reason"))) summaries[0]++;
            });
            if (i % 100_000 == 0) assertThat(c.inFlight()).isLessThanOrEqualTo(cap);
        }
        assertThat(c.inFlight()).isEqualTo(cap);
        assertThat(c.counters()).containsEntry("evicted", (long) n - cap).containsEntry("in_flight", (long) cap);
        assertThat(summaries[0]).isEqualTo(n - cap);
        // the oldest went first: the newest cap are the ones still in flight
        assertThat(c.keysForTest().get(0)).endsWith(queueId(n - cap));
    }

    @Test
    void uniqueClientAddressesStayAtTheSessionCap() {
        int cap = 50_000;
        int n = 1_000_000;
        Correlator c = new Correlator(new Correlator.Options(cap, cap, 3600, 1000, 0, Locality.defaults()));
        for (int i = 0; i < n; i++) {
            String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            MailEvent e = parser.parse(connect(100_000 + i, ip));
            assertThat(e.get(Fields.EVENT_ACTION)).isEqualTo("connect");
            c.accept(e, s -> { });
        }
        assertThat(c.counters()).containsEntry("sessions_evicted", (long) n - cap);
        assertThat(c.inFlight()).isZero();
    }

    @Test
    void idleMessagesLeaveAsTimePassesWithoutAScan() {
        int n = 500_000;
        long timeout = 600;
        Correlator c = new Correlator(new Correlator.Options(1_000_000, 1_000, timeout, 1000, 0, Locality.defaults()));
        List<MailEvent> out = new ArrayList<>();
        int maxInFlight = 0;
        for (int i = 0; i < n; i++) {
            MailEvent e = parser.parse(client(queueId(i)));
            e.timestamp(1_700_000_000L + i / 10, 0); // ten new messages a second, none completes
            c.accept(e, out::add);
            maxInFlight = Math.max(maxInFlight, c.inFlight());
        }
        // expiry runs every 1024 events: at most the timeout's messages and one batch more are held
        assertThat(maxInFlight).isLessThanOrEqualTo((int) (timeout * 10) + 1024 + 10);
        assertThat(c.counters()).containsEntry("evicted", 0L);
        assertThat(out).hasSize(n - c.inFlight()).allSatisfy(s ->
                assertThat(s.get("mail.correlation.incomplete_reason")).isEqualTo("idle-timeout"));
        // summaries come in the order the messages began
        for (int i = 0; i < out.size(); i++) assertThat(out.get(i).get(Fields.EMAIL_LOCAL_ID)).isEqualTo(queueId(i));
    }

    /** Messages touched out of order: the idle ones are exactly those a full scan finds, in first-seen order. */
    @Test
    void idleExpiryTakesWhatAScanWouldInTheSameOrder() {
        long timeout = 100;
        Correlator c = new Correlator(new Correlator.Options(1_000_000, 1_000, timeout, 1000, 0, Locality.defaults()));
        java.util.Random r = new java.util.Random(12);
        Map<String, Long> lastSeen = new LinkedHashMap<>(); // the scan the wheel replaced, kept here as the oracle
        long clock = Long.MIN_VALUE;
        for (int i = 0; i < 50_000; i++) {
            String id = queueId(r.nextInt(3_000));
            long t = 1_700_000_000L + i / 20 - r.nextInt(30); // mostly forward, sometimes late
            MailEvent e = parser.parse(client(id));
            e.timestamp(t, 0);
            List<MailEvent> got = new ArrayList<>();
            c.accept(e, got::add);
            c.flush(got::add);
            lastSeen.merge(id, t, Math::max);
            clock = Math.max(clock, t);
            List<String> want = new ArrayList<>();
            for (var it = lastSeen.entrySet().iterator(); it.hasNext(); ) {
                var en = it.next();
                if (en.getValue() < clock - timeout) {
                    want.add(en.getKey());
                    it.remove();
                }
            }
            assertThat(got.stream().map(s -> s.getString(Fields.EMAIL_LOCAL_ID)).toList()).isEqualTo(want);
        }
    }
}
