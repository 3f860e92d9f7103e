package org.mailsight.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * Real lines, mutated the way the world mutates them: a newer server appends attributes this parser does not
 * know, and syslog daemons cut long lines. Whatever was complete before the change must still come out.
 */
class TruncationFuzzTest {
    private static final List<String> CORPORA = List.of("corpus/postfix/maillog", "corpus/postfix-trixie/maillog",
            "corpus/dovecot-trixie/dovecot.log", "corpus/dovecot-trixie/maillog", "corpus/dovecot/dovecot.log",
            "corpus/exim/mainlog");
    private static final String[] HEADER = {Fields.HOST_HOSTNAME, Fields.PROCESS_PID,
        Fields.EVENT_MODULE};
    /** Delivery attributes in the order Postfix writes them, and the field each one fills. */
    private static final String[][] DELIVERY = {{"to=", Fields.EMAIL_TO}, {"orig_to=", Fields.MAIL_ORIG_TO},
        {"relay=", Fields.MAIL_RELAY}, {"delay=", Fields.MAIL_DELAY}, {"delays=", Fields.MAIL_DELAYS_IN_QUEUE},
        {"dsn=", Fields.MAIL_DSN}};

    private static List<String> lines() throws IOException {
        List<String> all = new ArrayList<>();
        for (String c : CORPORA) all.addAll(TestParsers.lines(TestParsers.RESOURCES.resolve(c)));
        return all;
    }

    @Test
    void cutLinesKeepTheirHeaderQueueIdAndCompleteDeliveryAttributes() throws IOException {
        MailParser parser = TestParsers.parser();
        Random random = new Random(20261122);
        int cuts = 0;
        int deliveryCuts = 0;
        int loginCuts = 0;
        for (String line : lines()) {
            MailEvent full = parser.parse(line);
            String message = full.getString(Fields.MESSAGE);
            int at = message == null ? -1 : line.lastIndexOf(message);
            if (at < 0 || message.length() < 2) continue;
            for (int k = 0; k < 4; k++) {
                int cut = at + 1 + random.nextInt(message.length() - 1);
                String cutLine = line.substring(0, cut);
                MailEvent e = parser.parse(cutLine);
                cuts++;
                assertThat(e.getString(Fields.MESSAGE)).as("message of " + cutLine).isNotNull();
                for (String f : HEADER) assertThat(e.get(f)).as(f + " of " + cutLine).isEqualTo(full.get(f));
                assertThat(e.epochSecond()).as("time of " + cutLine).isEqualTo(full.epochSecond());
                String id = full.getString(Fields.EMAIL_LOCAL_ID);
                if (id != null && message.startsWith(id + ": ") && cut - at > id.length() + 2
                        && "postfix".equals(full.get(Fields.EVENT_MODULE))) {
                    assertThat(e.get(Fields.EMAIL_LOCAL_ID)).as("queue id of " + cutLine).isEqualTo(id);
                }
                String kept = cutLine.substring(at);
                if (String.valueOf(full.get(Fields.PROCESS_NAME)).endsWith("-login") && message.contains(" user=<")) {
                    loginCuts++;
                    // a login list cut inside user=<...> or session=<...> keeps no part of that value
                    for (String f : new String[] {Fields.USER_NAME, "dovecot.session"}) {
                        Object v = e.get(f);
                        if (v != null) assertThat(v).as(f + " of " + cutLine).isEqualTo(full.get(f));
                    }
                }
                if (message.contains(": to=<") && full.has(Fields.MAIL_STATUS) && kept.contains(": to=")) {
                    deliveryCuts++;
                    assertThat(e.get(Fields.EVENT_ACTION)).as("action of " + cutLine).isNotEqualTo("unparsed");
                    for (String[] a : DELIVERY) {
                        int i = kept.indexOf(", " + a[0]);
                        if (a[0].equals("to=")) i = kept.indexOf(": to=");
                        boolean complete = i >= 0 && kept.indexOf(", ", i + 2) > 0;
                        if (complete) assertThat(e.get(a[1])).as(a[1] + " of " + cutLine).isEqualTo(full.get(a[1]));
                        else assertThat(e.get(a[1])).as(a[1] + " of " + cutLine + " (cut: not guessed)").isNull();
                    }
                    // the status word is whole when a space or a comma follows it
                    int st = kept.indexOf(" status=");
                    int j = st < 0 ? -1 : st + 8;
                    while (j >= 0 && j < kept.length() && kept.charAt(j) != ' ' && kept.charAt(j) != ',') j++;
                    boolean statusWhole = j >= 0 && j < kept.length();
                    if (statusWhole) assertThat(e.get(Fields.MAIL_STATUS)).as("status of " + cutLine).isEqualTo(full.get(Fields.MAIL_STATUS));
                    else assertThat(e.get(Fields.MAIL_STATUS)).as("status of " + cutLine).isNull();
                    assertThat(e.get(Fields.TAGS)).as("tags of " + cutLine).asList().contains(Fields.TAG_TRUNCATED);
                }
            }
        }
        assertThat(cuts).isGreaterThan(5000);
        assertThat(deliveryCuts).isGreaterThan(500);
        assertThat(loginCuts).isGreaterThan(50);
    }

    @Test
    void unknownAttributesDoNotCostTheKnownOnes() throws IOException {
        MailParser parser = TestParsers.parser();
        Random random = new Random(11);
        int changed = 0;
        for (String line : lines()) {
            int status = line.indexOf(", status=");
            int login = line.indexOf(": Info: Logged in: ");
            if (status < 0 && login < 0) continue;
            MailEvent full = parser.parse(line);
            String name = "future" + random.nextInt(1000);
            String value = "v" + random.nextInt(1_000_000) + "/x:y";
            // Postfix puts new attributes before the status; Dovecot's login list grows at the end
            String mutated = status >= 0
                    ? line.substring(0, status) + ", " + name + "=" + value + line.substring(status)
                    : line + ", " + name + "=" + value;
            MailEvent e = parser.parse(mutated);
            changed++;
            for (int i = 0; i < full.size(); i++) {
                String f = full.keyAt(i);
                if (f.equals(Fields.MESSAGE) || f.equals(Fields.EVENT_ORIGINAL)) continue;
                assertThat(e.get(f)).as(f + " of " + mutated).isEqualTo(full.valueAt(i));
            }
            // event field names are interned (compared by identity)
            String extra = (status >= 0 ? "postfix.attributes." + name : "dovecot." + name).intern();
            assertThat(e.get(extra)).as(extra + " of " + mutated).isEqualTo(value);
        }
        assertThat(changed).isGreaterThan(300);
    }
}
