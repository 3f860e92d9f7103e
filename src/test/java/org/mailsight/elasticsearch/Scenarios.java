package org.mailsight.elasticsearch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.mailsight.TestParsers;
import org.mailsight.engine.MailParser;
import org.mailsight.event.MailEvent;
import org.mailsight.output.Documents;

/**
 * Scenario data for the watches, made of real events: the real and documented-format corpora with their
 * timestamps moved to now ("normal"), and the same plus attacks built by repeating real lines of the kind an
 * attack produces ("attack"). Source countries stand in for a GeoIP ingest pipeline.
 */
final class Scenarios {
    private Scenarios() {}

    /** Incidents the corpora really contain (the capture script's restarts, a full mailbox): alerts by definition, kept out of "normal". */
    static final Set<String> INCIDENT_ACTIONS = Set.of("service-stopped", "fatal", "panic");

    static List<Map<String, Object>> events(Path file) throws IOException {
        MailParser parser = TestParsers.parser();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (MailEvent e : TestParsers.parse(parser, TestParsers.lines(file))) docs.add(Documents.nested(e));
        return docs;
    }

    /** A file through the real correlator: its events, enriched, followed by the message summaries. */
    /** The file through the engine's Pipeline with correlation and GeoIP/ASN enrichment (real GeoLite2 databases). */
    static List<Map<String, Object>> enriched(Path file) throws IOException {
        org.mailsight.engine.Pipeline pipeline = org.mailsight.engine.Pipeline.of(org.mailsight.engine.PipelineConfig.builder()
                .correlate(true).closeGrace(0, 0)
                .geoipDatabase(org.mailsight.enrich.GeoTestDatabases.city())
                .asnDatabase(org.mailsight.enrich.GeoTestDatabases.asn()).build());
        List<MailEvent> out = new ArrayList<>();
        for (MailEvent e : TestParsers.parse(TestParsers.parser(), TestParsers.lines(file))) {
            List<MailEvent> made = new ArrayList<>();
            pipeline.accept(e, made::add);
            out.add(e);
            out.addAll(made);
        }
        pipeline.close(out::add);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (MailEvent e : out) docs.add(Documents.nested(e));
        return docs;
    }

    /**
     * Alert documents with every field the engine's detect stage writes (issue 9's alert contract), one per kind
     * of entity, as the Logstash filter or {@code mailsight parse --detect} would ship them.
     */
    static List<Map<String, Object>> engineAlerts(Instant at) {
        List<Map<String, Object>> docs = new ArrayList<>();
        String[][] entities = {
            {"user.name", "alice@example.test", "mail-auth-failures-account", "authentication"},
            {"source.ip", "203.0.113.66", "mail-password-spraying", "authentication"},
            {"email.from.address", "bulk@example.test", "mail-outbound-burst-sender", "email"},
            {"destination.domain", "mx.example.net", "mail-deferred-piling", "email"},
        };
        for (String[] en : entities) {
            MailEvent e = new MailEvent();
            e.timestamp(at.getEpochSecond(), at.getNano());
            e.put("event.kind", "alert").put("event.module", "mailsight").put("event.dataset", "mail.alert")
                    .put("event.action", en[2]).put("event.severity", 73L).put("event.risk_score", 73.0)
                    .put("event.start", at.minusSeconds(240).toString()).put("event.end", at.toString())
                    .put("rule.id", en[2]).put("rule.name", "A rule").put("rule.category", en[3])
                    .put("rule.ruleset", "mailsight").put("rule.description", "What it means.")
                    .put("rule.reference", "https://example.test/docs/alerts.md#" + en[2])
                    .put(en[0].intern(), en[0].equals("email.from.address") ? List.of(en[1]) : en[1])
                    .put("mail.alert.entity", en[0]).put("mail.alert.entity_value", en[1])
                    .put("mail.alert.observed", 12.0).put("mail.alert.threshold", 5.0)
                    .put("mail.alert.window_seconds", 300L).put("mail.alert.suppressed", 3L)
                    .put("mail.alert.evidence.local_ids", List.of("AAB3A160675", "D4518160676"))
                    .put("mail.alert.evidence.session_ids", List.of("lkrPc9Vgkr1/AAAB"))
                    .put("related.ip", List.of("203.0.113.66")).put("related.user", List.of("alice@example.test"))
                    .put("source.geo.country_iso_code", "SE").put("source.geo.location", Map.of("lat", 59.33, "lon", 18.07))
                    .put("source.as.number", 1653L)
                    .put("message", "12 failed logins in 5 minutes for " + en[1] + ": check the account.");
            docs.add(Documents.nested(e));
        }
        return docs;
    }

    /** The engine's own alerts: the real attack capture (corpus/attack) through the Pipeline with detection on. */
    static List<Map<String, Object>> detected() throws IOException {
        Path dir = TestParsers.RESOURCES.resolve("corpus/attack");
        List<MailEvent> events = new ArrayList<>();
        for (String f : List.of("postfix.log", "dovecot.log")) {
            events.addAll(TestParsers.parse(TestParsers.parser(), TestParsers.lines(dir.resolve(f))));
        }
        events.sort(java.util.Comparator.comparingLong(MailEvent::epochSecond));
        org.mailsight.engine.Pipeline pipeline = org.mailsight.engine.Pipeline.of(
                org.mailsight.engine.PipelineConfig.builder().detect(true).closeGrace(0, 0).build());
        List<Map<String, Object>> docs = new ArrayList<>();
        java.util.function.Consumer<MailEvent> keep = m -> {
            if ("alert".equals(m.get("event.kind"))) docs.add(Documents.nested(m));
        };
        for (MailEvent e : events) pipeline.accept(e, keep);
        pipeline.close(keep);
        return docs;
    }

    static List<Map<String, Object>> correlated(Path file) throws IOException {
        org.mailsight.correlate.Correlator c = new org.mailsight.correlate.Correlator(
                org.mailsight.correlate.Correlator.Options.defaults());
        List<MailEvent> out = new ArrayList<>();
        for (MailEvent e : TestParsers.parse(TestParsers.parser(), TestParsers.lines(file))) {
            c.accept(e, out::add);
            out.add(e);
        }
        c.close(out::add);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (MailEvent e : out) docs.add(Documents.nested(e));
        return docs;
    }

    /**
     * Normal traffic: the real capture, Postfix's syslog and Dovecot's log of one server (maillog.iso and
     * postfix.log are the same traffic in other formats; the documented-format corpora are catalogues of line
     * formats packed into seconds, not traffic), moved so that its last event is {@code now}, logins from DE.
     */
    static List<Map<String, Object>> normal(Instant now) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        Path capture = TestParsers.RESOURCES.resolve("corpus/postfix");
        for (Path f : List.of(capture.resolve("maillog"), capture.resolve("dovecot.log"))) {
            List<Map<String, Object>> docs = events(f);
            Instant last = docs.stream().map(Scenarios::time).max(Instant::compareTo).orElseThrow();
            Duration shift = Duration.between(last, now);
            for (Map<String, Object> d : docs) {
                if (INCIDENT_ACTIONS.contains(action(d)) || Boolean.TRUE.equals(get(d, "dovecot.quota_exceeded"))) continue;
                d.put("@timestamp", time(d).plus(shift).toString());
                if (isLogin(d)) {
                    put(d, "source.geo.country_iso_code", "DE");
                    // the same login three weeks earlier: the account's history
                    Map<String, Object> earlier = copy(d);
                    earlier.put("@timestamp", time(d).minus(Duration.ofDays(21)).toString());
                    out.add(earlier);
                }
                out.add(d);
            }
        }
        return out;
    }

    /** Attacks, each made of real events of the kind it produces, repeated with timestamps just before {@code now}. */
    static List<Map<String, Object>> attacks(List<Map<String, Object>> normal, Instant now) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> submission = first(normal, d -> "received".equals(action(d)) && get(d, "user.name") != null);
        Map<String, Object> queued = first(normal, d -> "queued".equals(action(d)) && !"".equals(first(get(d, "email.from.address"))));
        Map<String, Object> authFailed = first(normal, d -> "auth-failed".equals(action(d)) && get(d, "user.name") != null && get(d, "source.ip") != null);
        Map<String, Object> dnsbl = first(normal, d -> "dnsbl-listed".equals(action(d)) && get(d, "source.ip") != null);
        Map<String, Object> deferred = first(normal, d -> "deferred".equals(action(d)) && get(d, "destination.domain") != null);
        Map<String, Object> rejected = first(normal, d -> "rejected".equals(action(d)) && get(d, "host.hostname") != null);
        Map<String, Object> login = first(normal, d -> "mailbox-login".equals(action(d)) && get(d, "user.name") != null);
        // outbound burst of one account, and so of its client IP: 150 messages in 15 s
        out.addAll(repeat(submission, 150, now, 100, d -> put(d, "user.name", "burst@example.test")));
        // one sender queues 450 messages
        out.addAll(repeat(queued, 450, now, 30, d -> put(d, "email.from.address", List.of("newsletter@example.test"))));
        // one client IP hands over 320 messages in 5 minutes
        out.addAll(repeat(submission, 320, now, 500, d -> put(d, "source.ip", "198.51.100.77")));
        // password guessing against one account from rotating IPs, against many accounts from one IP
        int[] n = {0};
        out.addAll(repeat(authFailed, 6, now, 2000, d -> {
            put(d, "user.name", "victim@example.test");
            put(d, "source.ip", "203.0.113." + (100 + n[0]++));
        }));
        out.addAll(repeat(authFailed, 10, now, 1000, d -> put(d, "source.ip", "203.0.113.66")));
        out.addAll(repeat(authFailed, 7, now, 3000, d -> {
            put(d, "source.ip", "203.0.113.99");
            put(d, "user.name", "user" + n[0]++ + "@example.test");
        }));
        // a login from a new country; another account from two countries within the hour
        Object usual = get(login, "user.name");
        out.addAll(repeat(login, 1, now, 0, d -> {
            put(d, "source.geo.country_iso_code", "RU");
            put(d, "source.ip", "192.0.2.200");
        }));
        out.addAll(repeat(login, 2, now, 600_000, d -> {
            put(d, "user.name", "traveller@example.test");
            put(d, "source.geo.country_iso_code", n[0]++ % 2 == 0 ? "DE" : "BR");
        }));
        assert usual != null;
        // a listed client that keeps coming
        out.addAll(repeat(dnsbl, 12, now, 30_000, d -> put(d, "source.ip", "192.0.2.66")));
        // a remote server cites a blocklist (documented Postfix delivery format with a Spamhaus reply)
        String line = "Nov 22 03:00:00 mail postfix/smtp[4242]: 4A1B2C3D4E: to=<ceo@partner.example>, relay=mx.partner.example[198.51.100.25]:25,"
                + " delay=1.2, delays=0.1/0/0.6/0.5, dsn=5.7.1, status=bounced (host mx.partner.example[198.51.100.25] said:"
                + " 554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org (in reply to RCPT TO command))";
        out.addAll(repeat(Documents.nested(TestParsers.parser().parse(line)), 1, now, 0, d -> { }));
        // deferrals pile up for one destination
        out.addAll(repeat(deferred, 60, now, 20_000, d -> put(d, "destination.domain", "slow.example.net")));
        // a mailbox over quota (the documented Dovecot line)
        Map<String, Object> quota = first(events(TestParsers.RESOURCES.resolve("corpus/dovecot-documented/dovecot.log")),
                d -> Boolean.TRUE.equals(get(d, "dovecot.quota_exceeded")));
        out.addAll(repeat(quota, 1, now, 0, d -> put(d, "email.to.address", List.of("bob@example.com"))));
        // a rejection storm
        out.addAll(repeat(rejected, 210, now, 1000, d -> { }));
        // the service stops (a real stop line of the capture)
        Map<String, Object> stop = first(events(TestParsers.RESOURCES.resolve("corpus/postfix/maillog")), d -> "service-stopped".equals(action(d)));
        out.addAll(repeat(stop, 1, now, 0, d -> { }));
        return out;
    }

    /** Attacks on message summaries: a sender whose mail bounces, an account that sends as others. */
    static List<Map<String, Object>> attackSummaries(List<Map<String, Object>> summaries, Instant now) {
        Map<String, Object> s = first(summaries, d -> get(d, "email.from.address") != null);
        List<Map<String, Object>> out = new ArrayList<>();
        int[] n = {0};
        out.addAll(repeat(s, 30, now, 30_000, d -> {
            put(d, "email.from.address", List.of("campaign@example.test"));
            put(d, "mail.counts.bounced", n[0] % 3 == 0 ? 1L : 0L);
            put(d, "mail.status", n[0]++ % 3 == 0 ? "bounced" : "sent");
        }));
        out.addAll(repeat(s, 4, now, 60_000, d -> {
            put(d, "user.name", "mallory@example.test");
            put(d, "email.from.address", List.of("ceo" + n[0]++ + "@example.test"));
        }));
        return out;
    }

    static List<Map<String, Object>> repeat(Map<String, Object> template, int count, Instant now, long stepMillis,
            java.util.function.Consumer<Map<String, Object>> change) {
        if (template == null) throw new IllegalStateException("no real event to build the scenario from");
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> d = copy(template);
            d.put("@timestamp", now.minusMillis(i * stepMillis).toString());
            change.accept(d);
            out.add(d);
        }
        return out;
    }

    static boolean isLogin(Map<String, Object> d) {
        String a = action(d);
        return get(d, "user.name") != null && get(d, "source.ip") != null
                && ("mailbox-login".equals(a) || "authenticated".equals(a) || "received".equals(a));
    }

    static Map<String, Object> first(List<Map<String, Object>> docs, Predicate<Map<String, Object>> p) {
        return docs.stream().filter(p).findFirst().orElse(null);
    }

    static Object first(Object v) {
        return v instanceof List<?> l && !l.isEmpty() ? l.get(0) : v;
    }

    static String action(Map<String, Object> d) {
        return (String) get(d, "event.action");
    }

    static Instant time(Map<String, Object> d) {
        return Instant.parse((String) d.get("@timestamp"));
    }

    @SuppressWarnings("unchecked")
    static Object get(Map<String, Object> d, String path) {
        Object v = d;
        for (String p : path.split("\\.")) {
            if (!(v instanceof Map)) return null;
            v = ((Map<String, Object>) v).get(p);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static void put(Map<String, Object> d, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> m = d;
        for (int i = 0; i < parts.length - 1; i++) m = (Map<String, Object>) m.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
        m.put(parts[parts.length - 1], value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copy(Map<String, Object> d) {
        Map<String, Object> out = new LinkedHashMap<>();
        d.forEach((k, v) -> out.put(k, v instanceof Map ? copy((Map<String, Object>) v) : v instanceof List<?> l ? new ArrayList<>(l) : v));
        return out;
    }

    /**
     * Message summaries (dataset mail.message) from events, grouped by queue id: simple ones beside the real
     * correlator's, so the watches get summaries shaped as the scenarios need. Lines without a time (a shipper
     * stamps them) are left out of them.
     */
    static List<Map<String, Object>> summaries(List<Map<String, Object>> events) {
        Map<String, List<Map<String, Object>>> byId = new LinkedHashMap<>();
        for (Map<String, Object> e : events) {
            Object id = get(e, "email.local_id");
            String module = (String) get(e, "event.module");
            // a line without a timestamp (golden catalogues have a few) belongs to no message's time span
            if (id != null && e.get("@timestamp") != null && ("postfix".equals(module) || "exim".equals(module))) {
                byId.computeIfAbsent(get(e, "host.hostname") + "/" + id, k -> new ArrayList<>()).add(e);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Map<String, Object>> group : byId.values()) {
            group.sort(java.util.Comparator.comparing(Scenarios::time));
            Instant start = time(group.get(0));
            Instant end = time(group.get(group.size() - 1));
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("@timestamp", start.toString());
            put(s, "event.kind", "event");
            put(s, "event.category", List.of("email"));
            put(s, "event.type", List.of("info"));
            put(s, "event.action", "message-summary");
            put(s, "event.module", "mailsight");
            put(s, "event.dataset", "mail.message");
            put(s, "event.start", start.toString());
            put(s, "event.end", end.toString());
            put(s, "event.duration", Duration.between(start, end).toNanos());
            put(s, "host.hostname", get(group.get(0), "host.hostname"));
            put(s, "email.local_id", get(group.get(0), "email.local_id"));
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String c : List.of("delivered", "deferred", "bounced", "expired", "rejected", "discarded")) counts.put(c, 0L);
            Map<String, Map<String, Object>> recipients = new LinkedHashMap<>();
            Set<String> to = new LinkedHashSet<>();
            boolean removed = false;
            for (Map<String, Object> e : group) {
                String a = action(e);
                for (String f : List.of("email.message_id", "email.from.address", "user.name", "source.ip", "source.domain",
                        "mail.helo", "mail.auth.method", "mail.protocol", "mail.size", "mail.nrcpt", "email.subject")) {
                    if (get(s, f) == null && get(e, f) != null) put(s, f, get(e, f));
                }
                if (counts.containsKey(a)) counts.merge(a, 1L, Long::sum);
                if ("removed".equals(a)) removed = true;
                Object rcpt = get(e, "email.to.address");
                if (rcpt instanceof List<?> l && ("delivered".equals(a) || "deferred".equals(a) || "bounced".equals(a) || "expired".equals(a))) {
                    for (Object r : l) {
                        to.add((String) r);
                        Map<String, Object> rc = new LinkedHashMap<>();
                        rc.put("address", r);
                        rc.put("status", get(e, "mail.status"));
                        if (get(e, "mail.orig_to") != null) rc.put("orig_to", get(e, "mail.orig_to"));
                        if (get(e, "mail.dsn") != null) rc.put("dsn", get(e, "mail.dsn"));
                        if (get(e, "mail.relay") != null) rc.put("relay", get(e, "mail.relay"));
                        if (get(e, "dovecot.mailbox") != null) rc.put("mailbox", get(e, "dovecot.mailbox"));
                        if (get(e, "mail.response") != null) rc.put("response", get(e, "mail.response"));
                        if (get(e, "mail.delay") != null) rc.put("delay", get(e, "mail.delay"));
                        recipients.put((String) r, rc);
                    }
                }
            }
            if (!to.isEmpty()) put(s, "email.to.address", new ArrayList<>(to));
            put(s, "email.direction", get(s, "user.name") != null ? "outbound" : "inbound");
            counts.forEach((k, v) -> put(s, "mail.counts." + k, v));
            put(s, "mail.status", counts.get("bounced") + counts.get("expired") > 0 ? "bounced"
                    : counts.get("delivered") > 0 ? "sent" : counts.get("deferred") > 0 ? "deferred" : "unknown");
            if (!recipients.isEmpty()) put(s, "mail.recipients", new ArrayList<>(recipients.values()));
            put(s, "mail.correlation.complete", removed);
            put(s, "mail.correlation.lines", (long) group.size());
            if (!removed) put(s, "mail.correlation.incomplete_reason", "not-removed");
            out.add(s);
        }
        return out;
    }
}
