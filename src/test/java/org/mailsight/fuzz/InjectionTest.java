package org.mailsight.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mailsight.TestParsers;
import org.mailsight.engine.MailParser;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * Hostile values in the places a client controls (HELO, MAIL FROM local part, Subject, SASL and Dovecot user
 * names, Exim's H= and U=): each real line (from the corpora) is parsed with a benign value and with each hostile
 * one; the hostile value lands in its own field and every other field is the benign line's.
 */
class InjectionTest {
    static final String MARK = "INJECTED";
    /** Text an attacker puts in a value to forge the fields after it. */
    static final List<String> HOSTILE = List.of(
            "x from=<forged@evil.example> to=<victim@evil.example> status=sent",
            "a]: status=sent, relay=evil[6.6.6.6]:25",
            "q\"uote's \"\"",
            "nul\u0000byte",
            "cr\rlf",
            "bad\uFFFDutf8",
            "long" + "z".repeat(5000),
            "user=<root>, method=PLAIN, rip=6.6.6.6, lip=6.6.6.6",
            "sasl_username=root, sasl_sender=<evil@evil.example>",
            "P=esmtpsa A=dovecot_plain:root S=1 id=forged@evil T=\"forged\"");

    /** A real line, the benign value in it, the field that holds it, and a transformation of the hostile value. */
    record Place(String name, String line, String benign, String field) {}

    static final List<Place> PLACES = List.of(
            new Place("Postfix HELO", "Nov 22 03:19:39 mail postfix/smtpd[5319]: NOQUEUE: reject: RCPT from localhost[127.0.0.1]: 550 5.2.1 <anyone@error.example.test>: Recipient address rejected: mailbox disabled for this domain; from=<sender@remote.test> to=<anyone@error.example.test> proto=ESMTP helo=<" + MARK + ">", MARK, Fields.MAIL_HELO),
            new Place("Postfix SASL user name", "Nov 22 03:19:46 mail postfix/submission/smtpd[5482]: AAB3A160675: client=localhost[127.0.0.1], sasl_method=PLAIN, sasl_username=" + MARK, MARK, Fields.USER_NAME),
            new Place("Postfix Subject", "Nov 22 03:21:36 mail postfix/cleanup[6880]: 18C36160812: warning: header Subject: " + MARK + " from localhost[127.0.0.1]; from=<sender@remote.test> to=<alice@mail.example.test> proto=ESMTP helo=<mua.example.test>: header warn test", MARK, Fields.EMAIL_SUBJECT),
            new Place("Dovecot user name", "Nov 22 03:55:51 mail dovecot: imap-login: Login: user=<" + MARK + ">, method=PLAIN, rip=127.0.0.1, lip=127.0.0.1, mpid=2351, secured, session=<lkrPc9Vgkr1/AAAB>", MARK, Fields.USER_NAME),
            new Place("Exim U=", "2026-11-22 03:53:33.063 [32275] 1xUydw-0008OZ-31 <= <> R=1xUydw-0008OB-2b U=" + MARK + " P=local S=2081 M8S=0 RT=0.065s id*=E1xUydw-0008OZ-31@mail.example.test T=\"Mail delivery failed: returning message to sender\" from <> for sender@remote.test", MARK, "exim.local_user"));

    private final MailParser parser = TestParsers.parser();

    /** Values that may not contain the separators the hostile text uses, per place. */
    static String fit(Place p, String hostile) {
        if (p.name.equals("Exim U=")) return hostile.replace(' ', '_'); // Exim's U= is one word
        if (p.name.equals("Postfix HELO")) return hostile.replace('>', ')');
        return hostile;
    }

    /**
     * A value that repeats the very key the server writes after it cannot be told from the real thing (the log is
     * ambiguous): Postfix's sasl_username followed by a forged ", sasl_sender=".
     */
    static boolean ambiguous(Place p, String value) {
        return p.name.equals("Postfix SASL user name") && value.contains(", sasl_sender=");
    }

    @Test
    void everyFieldStillComesFromItsPosition() {
        List<String> failures = new ArrayList<>();
        for (Place p : PLACES) {
            MailEvent benign = parser.parse(p.line);
            assertThat(benign.get(p.field)).as(p.name).isEqualTo(MARK);
            Map<String, Object> expected = others(benign, p.field);
            for (String h : HOSTILE) {
                String value = fit(p, h);
                if (ambiguous(p, value)) continue;
                String line = p.line.replace(MARK, value);
                MailEvent e = parser.parse(line);
                Map<String, Object> got = others(e, p.field);
                if (!got.equals(expected) || !value.equals(e.get(p.field))) {
                    failures.add(p.name + " with " + printable(value) + ": " + p.field + " = "
                            + printable(String.valueOf(e.get(p.field))) + "; other fields " + diff(expected, got));
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** The event's fields except the hostile one and those that quote the whole line or depend on its length. */
    static Map<String, Object> others(MailEvent e, String field) {
        Map<String, Object> m = new TreeMap<>();
        e.forEach((k, v) -> {
            if (!k.equals(field) && !k.equals(Fields.MESSAGE) && !k.equals(Fields.EVENT_ORIGINAL)
                    && !k.equals(Fields.RELATED_USER) && !k.equals(Fields.ERROR_MESSAGE)
                    && !k.equals("mail.header.value") && !k.equals("exim.rejectlog.headers")) {
                m.put(k, v);
            }
        });
        return m;
    }

    static String diff(Map<String, Object> a, Map<String, Object> b) {
        Map<String, String> d = new TreeMap<>();
        for (String k : a.keySet()) if (!String.valueOf(a.get(k)).equals(String.valueOf(b.get(k)))) d.put(k, a.get(k) + " -> " + b.get(k));
        for (String k : b.keySet()) if (!a.containsKey(k)) d.put(k, "(none) -> " + b.get(k));
        return printable(d.toString());
    }

    static String printable(String s) {
        String t = s.replace("\u0000", "\\0").replace("\r", "\\r");
        return t.length() > 120 ? t.substring(0, 120) + "..." : t;
    }
}
