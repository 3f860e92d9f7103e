package org.mailsight.report;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.output.Timestamps;

/**
 * Computes a {@link Report} from the events of the engine (parsed lines and the message summaries of correlation,
 * in any order). Messages are counted from summaries, verdicts and sessions from events. Events outside
 * [{@code since}, {@code until}) are left out; hours and days are those of {@code zone}.
 */
public final class ReportBuilder {
    private final ZoneId zone;
    private final Instant since;
    private final Instant until;

    private long events;
    private long firstSec = Long.MAX_VALUE;
    private long lastSec = Long.MIN_VALUE;
    private int firstNanos;
    private int lastNanos;

    private long received, delivered, deliveredRecipients, forwarded, deferred, deferrals, bounced, expired;
    private long rejected, rejectWarnings, held, discarded, bytesReceived, bytesDelivered, messages, incomplete, failedMessages;
    private final Set<String> senders = new HashSet<>();
    private final Set<String> sendingHosts = new HashSet<>();
    private final Set<String> recipients = new HashSet<>();
    private final Set<String> recipientHosts = new HashSet<>();

    private final Map<String, long[]> hourly = new TreeMap<>();
    private final Map<String, long[]> daily = new TreeMap<>();
    private final Map<String, long[]> senderTop = new HashMap<>();
    private final Map<String, long[]> recipientTop = new HashMap<>();
    private final Map<String, long[]> sendingDomainTop = new HashMap<>();
    private final Map<String, long[]> recipientDomainTop = new HashMap<>();
    private final Map<String, long[]> sendingHostTop = new HashMap<>();
    private final Map<String, long[]> outbound = new HashMap<>();
    private final List<Double> delays = new ArrayList<>();

    private final Map<String, Map<String, Long>> deferralReasons = new HashMap<>();
    private final Map<String, Map<String, Long>> bounceReasons = new HashMap<>();
    private final Map<String, Map<String, Long>> rejectReasons = new HashMap<>();
    private final Map<String, Long> warnings = new HashMap<>();
    private final Map<String, Long> fatal = new HashMap<>();
    private final Map<String, Long> queueStatus = new HashMap<>();
    private final List<String[]> queued = new ArrayList<>();
    private long tlsEstablished, tlsFailed;
    private final Map<String, Long> tlsVersions = new HashMap<>();
    private final Map<String, Long> tlsCiphers = new HashMap<>();
    private final Map<String, Long> tlsTrust = new HashMap<>();
    private long authOk, authFailed;
    private final Map<String, long[]> authAccount = new HashMap<>();
    private final Map<String, long[]> authAddress = new HashMap<>();
    private final Map<String, long[]> authDoor = new HashMap<>();
    private final Map<String, long[]> authCountry = new HashMap<>();
    private long logins, logouts;
    private final Map<String, Long> loginProtocols = new HashMap<>();
    private final Map<String, Long> mailboxActions = new HashMap<>();
    private final Map<String, Map<String, Long>> alerts = new HashMap<>();
    private final Map<String, Long> direction = new HashMap<>();

    public ReportBuilder(ZoneId zone, Instant since, Instant until) {
        this.zone = zone;
        this.since = since;
        this.until = until;
    }

    /** One event of the engine: a parsed line, a message summary or an alert. */
    public void accept(MailEvent e) {
        if (!e.hasTimestamp()) return;
        Instant t = Instant.ofEpochSecond(e.epochSecond(), e.nanos());
        if ((since != null && t.isBefore(since)) || (until != null && !t.isBefore(until))) return;
        events++;
        if (e.epochSecond() < firstSec || (e.epochSecond() == firstSec && e.nanos() < firstNanos)) {
            firstSec = e.epochSecond();
            firstNanos = e.nanos();
        }
        if (e.epochSecond() > lastSec || (e.epochSecond() == lastSec && e.nanos() > lastNanos)) {
            lastSec = e.epochSecond();
            lastNanos = e.nanos();
        }
        LocalDateTime local = LocalDateTime.ofInstant(t, zone);
        String action = e.getString(Fields.EVENT_ACTION);
        if ("alert".equals(e.getString(Fields.EVENT_KIND))) {
            group(alerts, text(e.get("rule.name"), action), text(e.get("mail.alert.entity_value"), "(no entity)"));
            return;
        }
        if ("message-summary".equals(action)) {
            summary(e, local);
            return;
        }
        switch (action == null ? "" : action) {
            case "delivered" -> {
                // delivery lines as the totals count them: not a forward, not Dovecot's repeat of the MTA's LMTP
                // delivery, not an admin's "marked delivered" (these have no status)
                String response = e.getString(Fields.MAIL_RESPONSE);
                if ("sent".equals(e.getString(Fields.MAIL_STATUS)) && !"dovecot".equals(e.getString(Fields.SERVICE_TYPE))
                        && (response == null || !response.startsWith("forwarded as "))) {
                    traffic(local, 1);
                }
            }
            case "deferred" -> {
                traffic(local, 2);
                group(deferralReasons, text(e.getString(Fields.MAIL_TRANSPORT), e.getString(Fields.PROCESS_NAME)), reason(e));
            }
            case "bounced" -> {
                traffic(local, 3);
                group(bounceReasons, text(e.getString(Fields.MAIL_RELAY), e.getString(Fields.MAIL_TRANSPORT), "none"), reason(e));
            }
            case "rejected" -> {
                traffic(local, 4);
                rejected++;
                String r = reason(e);
                group(rejectReasons, Restrictions.of(r, e.getString(Fields.MAIL_SMTP_COMMAND)), r);
            }
            case "reject-warning" -> rejectWarnings++;
            // pflogsumm's reject warnings include the content checks' "warning" verdicts
            case "warned" -> { if (e.has(Fields.MAIL_CHECK) && "cleanup".equals(e.getString(Fields.PROCESS_NAME))) rejectWarnings++; }
            // a verdict; postsuper -h is the admin's hand, not a verdict
            case "held" -> { if (!"postsuper".equals(e.getString(Fields.PROCESS_NAME))) held++; }
            case "discarded" -> discarded++;
            case "warning" -> add(warnings, text(e.getString(Fields.EVENT_REASON), e.getString(Fields.MESSAGE)));
            case "fatal", "panic" -> add(fatal, text(e.getString(Fields.EVENT_REASON), e.getString(Fields.MESSAGE)));
            case "tls-failed", "tls-verify-failed" -> tlsFailed++;
            case "mailbox-logout" -> logouts++;
            default -> { }
        }
        // Postfix logs each TLS session once; Exim puts it on the arrival and delivery lines
        if ("tls-established".equals(action) || ("exim".equals(e.getString(Fields.SERVICE_TYPE)) && e.has(Fields.TLS_CIPHER))) {
            tlsEstablished++;
            String v = e.getString(Fields.TLS_VERSION);
            if (v != null) add(tlsVersions, e.getString(Fields.TLS_VERSION_PROTOCOL) == null ? v
                    : e.getString(Fields.TLS_VERSION_PROTOCOL).toUpperCase(Locale.ROOT) + "v" + v);
            add(tlsCiphers, e.getString(Fields.TLS_CIPHER));
            if (e.has(Fields.POSTFIX_TLS_LEVEL)) add(tlsTrust, e.getString(Fields.POSTFIX_TLS_LEVEL));
        }
        boolean success = "mailbox-login".equals(action) || "authenticated".equals(action)
                || ("received".equals(action) && e.has(Fields.USER_NAME) && !"dovecot".equals(e.getString(Fields.SERVICE_TYPE)));
        boolean failure = "auth-failed".equals(action);
        if (success || failure) auth(e, success);
        if ("mailbox-login".equals(action)) {
            logins++;
            add(loginProtocols, text(e.getString(Fields.NETWORK_PROTOCOL), "unknown"));
        }
        if ("dovecot".equals(e.getString(Fields.SERVICE_TYPE)) && action != null && !"mailbox-login".equals(action)
                && !"mailbox-logout".equals(action)) {
            add(mailboxActions, action);
        }
    }

    private void summary(MailEvent s, LocalDateTime local) {
        messages++;
        long size = s.get(Fields.MAIL_SIZE) instanceof Long l ? l : 0;
        String from = first(s.get(Fields.EMAIL_FROM));
        boolean arrived = !"internal".equals(s.getString("mail.origin"));
        if (arrived) {
            received++;
            traffic(local, 0);
            bytesReceived += size;
            if (from != null) {
                String sender = address(from);
                senders.add(sender);
                rank(senderTop, sender, size);
                String domain = domain(sender);
                sendingHosts.add(domain);
                rank(sendingDomainTop, domain, size);
            }
            String host = text(s.getString(Fields.SOURCE_DOMAIN), s.getString(Fields.SOURCE_IP));
            rank(sendingHostTop, host == null ? "local" : host, size);
        }
        long d = counter(s, "mail.counts.deferrals");
        deferrals += d;
        if (d > 0) deferred++;
        String dir = text(s.getString(Fields.EMAIL_DIRECTION), "unknown");
        add(direction, dir);
        if ("outbound".equals(dir) && s.has(Fields.USER_NAME)) rank(outbound, s.getString(Fields.USER_NAME), size);
        boolean failedMessage = false;
        if (s.get("mail.recipients") instanceof List<?> rs) {
            for (Object o : rs) {
                Map<?, ?> r = (Map<?, ?>) o;
                String status = String.valueOf(r.get("status"));
                switch (status) {
                    case "sent" -> {
                        long times = r.get("deliveries") instanceof Long n ? n : 1;
                        deliveredRecipients++;
                        delivered += times;
                        bytesDelivered += times * size;
                        String rcpt = address(String.valueOf(r.get("address")));
                        recipients.add(rcpt);
                        recipientHosts.add(domain(rcpt));
                        rank(recipientTop, rcpt, size);
                        rank(recipientDomainTop, domain(rcpt), size);
                        if (r.get("delay") instanceof Number n) delays.add(n.doubleValue());
                    }
                    case "forwarded" -> forwarded++;
                    case "bounced" -> {
                        bounced++;
                        failedMessage = true;
                    }
                    case "expired" -> expired++;
                    default -> { }
                }
            }
        }
        if (failedMessage) failedMessages++;
        if (Boolean.FALSE.equals(s.get("mail.correlation.complete"))) {
            incomplete++;
            add(queueStatus, text(s.getString(Fields.MAIL_STATUS), "unknown"));
            queued.add(new String[] {Timestamps.format(s.epochSecond(), s.nanos()), s.getString(Fields.EMAIL_LOCAL_ID)});
        }
    }

    private void auth(MailEvent e, boolean success) {
        if (success) authOk++;
        else authFailed++;
        int i = success ? 0 : 1;
        String account = e.getString(Fields.USER_NAME);
        if (account != null) outcome(authAccount, account)[i]++;
        String ip = e.getString(Fields.SOURCE_IP);
        if (ip != null) outcome(authAddress, ip)[i]++;
        outcome(authDoor, door(e))[i]++;
        String country = e.getString("source.geo.country_iso_code");
        if (country != null) outcome(authCountry, country)[i]++;
    }

    /** The way in: imap, pop3, submission, smtps, smtp (Postfix's service name), or the server's auth process. */
    static String door(MailEvent e) {
        String protocol = e.getString(Fields.NETWORK_PROTOCOL);
        if (protocol != null) return protocol;
        String type = text(e.getString(Fields.SERVICE_TYPE), "unknown");
        String app = e.getString(Fields.LOG_SYSLOG_APPNAME);
        if ("postfix".equals(type) && app != null) {
            String[] parts = app.split("/");
            return parts.length == 3 ? parts[1] : "smtp";
        }
        if ("dovecot".equals(type)) return "dovecot-" + text(e.getString(Fields.PROCESS_NAME), "auth");
        return "exim".equals(type) ? "smtp" : type;
    }

    /** The report, with the {@code top} first entries of each list. */
    public Report build(int top) {
        boolean any = firstSec != Long.MAX_VALUE;
        Report.Period period = new Report.Period(any ? Timestamps.format(firstSec, firstNanos) : null,
                any ? Timestamps.format(lastSec, lastNanos) : null,
                since == null ? null : Timestamps.format(since.getEpochSecond(), since.getNano()),
                until == null ? null : Timestamps.format(until.getEpochSecond(), until.getNano()), events);
        Report.Totals totals = new Report.Totals(received, delivered, deliveredRecipients, forwarded, deferred,
                deferrals, bounced, failedMessages, expired, rejected, rejectWarnings, held, discarded, bytesReceived, bytesDelivered,
                senders.size(), sendingHosts.size(), sendingHostTop.size(), recipients.size(), recipientHosts.size(), messages,
                incomplete);
        Report.Tops tops = new Report.Tops(ranked(senderTop, top, false), ranked(senderTop, top, true),
                ranked(recipientTop, top, false), ranked(recipientTop, top, true), ranked(sendingDomainTop, top, false),
                ranked(recipientDomainTop, top, false), ranked(sendingHostTop, top, false));
        queued.sort(Comparator.comparing((String[] q) -> q[0]).thenComparing(q -> String.valueOf(q[1])));
        Report.Queue queue = new Report.Queue(incomplete, counts(queueStatus, Integer.MAX_VALUE),
                queued.stream().limit(top).map(q -> q[0] + " " + q[1]).toList());
        Report.TlsUsage tls = new Report.TlsUsage(tlsEstablished, tlsFailed, counts(tlsVersions, top),
                counts(tlsCiphers, top), counts(tlsTrust, top));
        Report.Auth auth = new Report.Auth(authOk, authFailed, outcomes(authAccount, top), outcomes(authAddress, top),
                outcomes(authDoor, top), outcomes(authCountry, top));
        Report.Mailbox mailbox = new Report.Mailbox(logins, logouts, counts(loginProtocols, top), counts(mailboxActions, top));
        return new Report(period, totals, traffic(hourly), traffic(daily), tops, delays(),
                groups(deferralReasons, top), groups(bounceReasons, top), groups(rejectReasons, top),
                counts(warnings, top), counts(fatal, top), queue, tls, auth, mailbox, groups(alerts, top),
                counts(direction, Integer.MAX_VALUE), ranked(outbound, top, true));
    }

    private Report.Delays delays() {
        double[] d = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Report.Delays(d.length, rank(d, 50), rank(d, 90), rank(d, 95), rank(d, 99),
                d.length == 0 ? 0 : d[d.length - 1]);
    }

    /** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
    static double rank(double[] sorted, int p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, i - 1)];
    }

    /** Counts in the hour's and the day's traffic: 0 received, 1 delivered, 2 deferred, 3 bounced, 4 rejected. */
    private void traffic(LocalDateTime t, int column) {
        String hour = t.toString().substring(0, 13);
        hourly.computeIfAbsent(hour, k -> new long[5])[column]++;
        daily.computeIfAbsent(hour.substring(0, 10), k -> new long[5])[column]++;
    }

    private static List<Report.Traffic> traffic(Map<String, long[]> m) {
        List<Report.Traffic> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new Report.Traffic(k, v[0], v[1], v[2], v[3], v[4])));
        return out;
    }

    private static List<Report.Ranked> ranked(Map<String, long[]> m, int top, boolean byBytes) {
        Comparator<Map.Entry<String, long[]>> c = byBytes
                ? Comparator.comparingLong((Map.Entry<String, long[]> en) -> -en.getValue()[1]).thenComparingLong(en -> -en.getValue()[0])
                : Comparator.comparingLong((Map.Entry<String, long[]> en) -> -en.getValue()[0]).thenComparingLong(en -> -en.getValue()[1]);
        return m.entrySet().stream().sorted(c.thenComparing(Map.Entry::getKey)).limit(top)
                .map(en -> new Report.Ranked(en.getKey(), en.getValue()[0], en.getValue()[1])).toList();
    }

    static List<Report.Count> counts(Map<String, Long> m, int top) {
        return m.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Long> en) -> -en.getValue()).thenComparing(Map.Entry::getKey))
                .limit(top).map(en -> new Report.Count(en.getKey(), en.getValue())).toList();
    }

    private static List<Report.Outcome> outcomes(Map<String, long[]> m, int top) {
        return m.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> en) -> -en.getValue()[1])
                        .thenComparingLong(en -> -en.getValue()[0]).thenComparing(Map.Entry::getKey))
                .limit(top).map(en -> new Report.Outcome(en.getKey(), en.getValue()[0], en.getValue()[1])).toList();
    }

    private static List<Report.Group> groups(Map<String, Map<String, Long>> m, int top) {
        List<Report.Group> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new Report.Group(k, v.values().stream().mapToLong(Long::longValue).sum(), counts(v, top))));
        out.sort(Comparator.comparingLong((Report.Group g) -> -g.total()).thenComparing(Report.Group::name));
        return out.size() > top ? out.subList(0, top) : out;
    }

    private static void add(Map<String, Long> m, String key) {
        if (key != null) m.merge(key, 1L, Long::sum);
    }

    private static void group(Map<String, Map<String, Long>> m, String group, String reason) {
        add(m.computeIfAbsent(text(group, "unknown"), k -> new HashMap<>()), text(reason, "(no reason given)"));
    }

    private static void rank(Map<String, long[]> m, String key, long bytes) {
        long[] v = m.computeIfAbsent(key, k -> new long[2]);
        v[0]++;
        v[1] += bytes;
    }

    private static long[] outcome(Map<String, long[]> m, String key) {
        return m.computeIfAbsent(key, k -> new long[2]);
    }

    private static long counter(MailEvent s, String key) {
        return s.get(key) instanceof Long l ? l : 0;
    }

    private static String reason(MailEvent e) {
        return text(e.getString(Fields.MAIL_RESPONSE), e.getString(Fields.EVENT_REASON), e.getString(Fields.ERROR_MESSAGE));
    }

    private static String first(Object list) {
        return list instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0)) : null;
    }

    /** An address as pflogsumm counts it: the domain lower-cased, the null sender as {@code from=<>}. */
    static String address(String a) {
        if (a.isEmpty()) return "from=<>";
        int at = a.lastIndexOf('@');
        return at < 0 ? a : a.substring(0, at) + a.substring(at).toLowerCase(Locale.ROOT);
    }

    static String domain(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? address : address.substring(at + 1);
    }

    private static String text(Object... candidates) {
        for (Object c : candidates) if (c != null && !c.toString().isEmpty()) return c.toString();
        return null;
    }
}
