package org.mailsight.detect;

import java.util.ArrayList;
import java.util.List;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.output.Timestamps;

/** Alert events (dataset {@code mail.alert}), as docs/elasticsearch.md and the kit's strict mapping describe them. */
final class Alerts {
    private Alerts() {}

    static final String REFERENCE = "https://github.com/mailsight/mailsight/blob/main/docs/alerts.md#";

    private static final String[] PLACE = {"source.geo.country_iso_code", "source.geo.country_name",
        "source.geo.city_name", "source.geo.location", "source.as.number", "source.as.organization.name"};

    static MailEvent make(Rule r, Rule.Settings st, String field, String entity, double observed, long from, long to,
            Track s, MailEvent cause, String message) {
        MailEvent a = new MailEvent();
        a.timestamp(Math.floorDiv(to, 1000), (int) Math.floorMod(to, 1000) * 1_000_000);
        a.put(Fields.MESSAGE, message);
        a.put(Fields.EVENT_KIND, "alert");
        a.put(Fields.EVENT_CATEGORY, List.of(r.category()));
        a.put(Fields.EVENT_TYPE, List.of("info"));
        a.put(Fields.EVENT_MODULE, "mailsight");
        a.put(Fields.EVENT_DATASET, "mail.alert");
        a.put(Fields.EVENT_ACTION, r.id());
        a.put(Fields.EVENT_SEVERITY, (long) r.severity());
        a.put("event.risk_score", (double) r.severity());
        a.put("event.start", Timestamps.format(Math.floorDiv(from, 1000), (int) Math.floorMod(from, 1000) * 1_000_000));
        a.put("event.end", Timestamps.format(Math.floorDiv(to, 1000), (int) Math.floorMod(to, 1000) * 1_000_000));
        a.put("rule.id", r.id());
        a.put("rule.name", r.name());
        a.put("rule.category", r.category());
        a.put("rule.ruleset", "mailsight");
        a.put("rule.description", r.description());
        a.put("rule.reference", REFERENCE + r.id());
        a.put(field.intern(), field.startsWith("email.") ? List.of(entity) : entity);
        a.put("mail.alert.entity", field);
        a.put("mail.alert.entity_value", entity);
        a.put("mail.alert.observed", observed);
        a.put("mail.alert.threshold", st.threshold());
        a.put("mail.alert.window_seconds", st.windowSeconds());
        a.put("mail.alert.suppressed", (long) s.suppressed);
        List<String> localIds = new ArrayList<>();
        List<String> sessions = new ArrayList<>();
        if (s.evidence != null) {
            for (String id : s.evidence) {
                if (id.startsWith(Detector.SESSION)) sessions.add(id.substring(Detector.SESSION.length()));
                else localIds.add(id);
            }
        }
        if (!localIds.isEmpty()) a.put("mail.alert.evidence.local_ids", localIds);
        if (!sessions.isEmpty()) a.put("mail.alert.evidence.session_ids", sessions);
        List<String> ips = new ArrayList<>();
        List<String> users = new ArrayList<>();
        add(field.equals(Fields.SOURCE_IP) ? ips : field.equals(Fields.USER_NAME) ? users : null, entity);
        add(ips, cause.getString(Fields.SOURCE_IP));
        add(users, cause.getString(Fields.USER_NAME));
        if (s.related != null) {
            for (String v : s.related) add(Allow.literal(v) != null ? ips : v.indexOf('@') > 0 || field.equals(Fields.SOURCE_IP) ? users : null, v);
        }
        if (!ips.isEmpty()) a.put(Fields.RELATED_IP, ips);
        if (!users.isEmpty()) a.put(Fields.RELATED_USER, users);
        if (field.equals(Fields.HOST_HOSTNAME) || cause.getString(Fields.HOST_HOSTNAME) == null) {
            // the entity is the host
        } else {
            a.put(Fields.HOST_HOSTNAME, cause.getString(Fields.HOST_HOSTNAME));
        }
        if (field.equals(Fields.SOURCE_IP) || field.equals(Fields.USER_NAME)) {
            for (String k : PLACE) a.put(k, cause.get(k));
        }
        return a;
    }

    private static void add(List<String> to, String v) {
        if (to != null && v != null && !v.isEmpty() && !to.contains(v)) to.add(v);
    }

    /** The sentence of a counting rule. */
    static String sentence(Rule r, String entity, int observed, Rule.Settings st) {
        String in = " within " + span(st.windowSeconds());
        if (r == Rule.BURST_ACCOUNT) return observed + " messages accepted from account " + entity + in
                + ": if the account's owner did not send them, lock it and hold its queued mail.";
        if (r == Rule.BURST_IP) return observed + " messages accepted from " + entity + in
                + ": find the host behind the address and stop it, or allow-list it if it is a known relay.";
        if (r == Rule.BURST_SENDER) return observed + " messages queued with sender " + entity + in
                + ": check who sends as it and hold its mail if it is a spam run.";
        if (r == Rule.FAILURES_ACCOUNT) return observed + " failed logins for " + entity + in
                + ": someone is guessing its password; block the addresses or have the owner change it.";
        if (r == Rule.FAILURES_IP) return observed + " failed logins from " + entity + in
                + ": a brute-force client; block the address (fail2ban, firewall).";
        if (r == Rule.DNSBL_CLIENT) return entity + " is listed by a DNS blocklist and keeps connecting: nothing to do "
                + "unless it is a partner you expect mail from.";
        if (r == Rule.OWN_IP_LISTED) return "A remote server refused mail from " + entity
                + " citing a blocklist: look up our outbound address on the lists and request delisting.";
        if (r == Rule.DISABLED_CREDENTIALS) return "A login for " + entity + " was refused because the account or its "
                + "password is disabled or expired: find the device still using it.";
        if (r == Rule.MAILBOX_FULL) return observed + " deliveries to " + entity + " failed" + in
                + " because the mailbox is full: raise its quota or ask the owner to clean it up.";
        if (r == Rule.DEFERRED_PILING) return observed + " deliveries to " + entity + " were deferred" + in
                + ": check the destination's replies in mail.response and the queue (mailq).";
        return r.name() + ": " + entity + ".";
    }

    /** "5 minutes", "1 hour", "90 seconds". */
    static String span(long seconds) {
        if (seconds % 3600 == 0 && seconds >= 3600) return seconds == 3600 ? "1 hour" : seconds / 3600 + " hours";
        if (seconds % 60 == 0 && seconds >= 60) return seconds == 60 ? "1 minute" : seconds / 60 + " minutes";
        return seconds == 1 ? "1 second" : seconds + " seconds";
    }
}
