package org.mailsight.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * The detect stage: watches line events, session-enriched events and message summaries for the rules of
 * {@link Rule} and makes one alert event per firing ({@link Alerts}). Sliding windows per entity are exact (sample
 * times kept, not buckets) and in log time ({@code @timestamp}); events up to {@link Rules#reorderSeconds} late
 * still count, so the reordering of Logstash workers changes nothing. Each rule tracks at most
 * {@link Rules#maxEntities} entities, evicting the least recently seen. No I/O, no static state; thread-safe
 * (one lock: the work per event is a few map lookups).
 */
public final class Detector {
    private final Rules rules;
    private final Map<Rule, Tracker> trackers = new LinkedHashMap<>();
    private final Attempts attempts;
    private final Allow allow;
    private final long reorder;
    private long watermark = Long.MIN_VALUE;
    private long events;
    private long late;
    private long alerts;
    private long suppressed;
    private long sinceSweep;

    public Detector(Rules rules) {
        this.rules = rules;
        this.reorder = rules.reorderSeconds() * 1000;
        this.attempts = new Attempts(rules.maxEntities());
        this.allow = new Allow(rules.allowAccounts(), rules.allowSenders(), rules.allowNetworks());
        for (Rule r : Rule.ALL) {
            Rule.Settings s = rules.of(r);
            if (s.enabled()) trackers.put(r, new Tracker(rules.maxEntities(), keep(r, s)));
        }
    }

    private static long keep(Rule r, Rule.Settings s) {
        long w = s.windowSeconds();
        if (r == Rule.FAILURES_IP || r == Rule.FAILURES_ACCOUNT) w = Math.max(w, 1); // also the source of rule 5
        return w * 1000;
    }

    public Rules rules() {
        return rules;
    }

    /** Looks at one event (a line event, enriched, or a summary); alerts it causes go to {@code out}. */
    public synchronized void accept(MailEvent e, Consumer<MailEvent> out) {
        if (!e.hasTimestamp() || "alert".equals(e.get(Fields.EVENT_KIND))) return;
        long t = e.epochSecond() * 1000 + e.nanos() / 1_000_000;
        events++;
        boolean summary = "message-summary".equals(e.get(Fields.EVENT_ACTION)); // made when a message ends: late by nature
        if (!summary && watermark != Long.MIN_VALUE && t < watermark - reorder) {
            late++;
            return;
        }
        if (!summary && t > watermark) watermark = t;
        String action = e.getString(Fields.EVENT_ACTION);
        if (action == null) return;
        switch (action) {
            case "auth-failed" -> authFailed(e, t, out);
            case "mailbox-login", "authenticated" -> login(e, t, out);
            case "received" -> received(e, t, out);
            case "queued" -> {
                if (!"exim".equals(e.get(Fields.SERVICE_TYPE))) sender(e, t, out);
            }
            case "message-summary" -> summary(e, t, out);
            case "dnsbl-listed" -> single(Rule.DNSBL_CLIENT, ip(e), e, t, out);
            case "rejected" -> rejected(e, t, out);
            case "bounced", "deferred", "delivery-attempt", "expired" -> delivery(e, action, t, out);
            default -> { }
        }
        if (++sinceSweep >= 4096) {
            sinceSweep = 0;
            for (Map.Entry<Rule, Tracker> tr : trackers.entrySet()) {
                tr.getValue().expire(watermark - reorder, rules.of(tr.getKey()).throttleSeconds() * 1000);
            }
        }
    }

    // --- logins

    private void authFailed(MailEvent e, long t, Consumer<MailEvent> out) {
        String reason = lower(e.getString(Fields.EVENT_REASON));
        String user = e.getString(Fields.USER_NAME);
        if (reason.contains("disabled") || reason.contains("expired")) {
            single(Rule.DISABLED_CREDENTIALS, user, e, t, out);
            return;
        }
        int n = attempts.count(e, t, reason);
        if (n <= 0) return;
        String ip = ip(e);
        String id = evidenceId(e);
        for (int i = 0; i < n; i++) {
            count(Rule.FAILURES_ACCOUNT, user, id, ip, e, t, out);
            count(Rule.FAILURES_IP, ip, id, user, e, t, out);
        }
        if (ip != null && user != null && !allow.network(ip)) {
            Tracker tr = trackers.get(Rule.SPRAYING);
            Tracker by = trackers.get(Rule.SUCCESS_AFTER_FAILURES);
            if (by != null) {
                Track f = by.get(ip);
                for (int i = 0; i < n; i++) f.key(user.toLowerCase(Locale.ROOT), t, 32);
                f.seen(t);
                // a success that arrived before these failures (reordered) is checked again now
                int ok = f.keyIndex(SUCCESS + user.toLowerCase(Locale.ROOT));
                if (ok >= 0 && f.keyTimes[ok] >= t) afterFailures(e, user, ip, f.keyTimes[ok], f, out);
            }
            if (tr != null) {
                Track s = tr.get(ip);
                s.key(user.toLowerCase(Locale.ROOT), t, 64);
                s.seen(t);
                s.evidence(id);
                s.related(user);
                Rule.Settings st = rules.of(Rule.SPRAYING);
                long w = st.windowSeconds() * 1000;
                int distinct = s.keysBetween(t - w, t + w);
                if (distinct >= st.threshold()) {
                    s.mark = t;
                    fire(Rule.SPRAYING, ip, s, distinct, s.firstKey(t - w), t, e, out,
                            ip + " failed logins for " + distinct + " different accounts within " + Alerts.span(st.windowSeconds())
                            + ": password spraying; block the address and check those accounts.");
                }
            }
        }
    }

    private void login(MailEvent e, long t, Consumer<MailEvent> out) {
        String user = e.getString(Fields.USER_NAME);
        String ip = ip(e);
        if (user == null || allow.account(user)) return;
        Tracker by = trackers.get(Rule.SUCCESS_AFTER_FAILURES);
        if (by != null && ip != null) {
            Track f = by.get(ip);
            f.key(SUCCESS + user.toLowerCase(Locale.ROOT), t, 32); // for failures that arrive after it
            f.seen(t);
            afterFailures(e, user, ip, t, f, out);
        }
        geo(e, user, t, out);
    }

    /** Marks the successes among an address's failed accounts. */
    private static final String SUCCESS = "\u0000ok:";

    /** Fires when the address failed for this account (or for many) before its success at {@code t}. */
    private void afterFailures(MailEvent e, String user, String ip, long t, Track f, Consumer<MailEvent> out) {
        Rule.Settings s = rules.of(Rule.SUCCESS_AFTER_FAILURES);
        long w = s.windowSeconds() * 1000;
        int i = f.keyIndex(user.toLowerCase(Locale.ROOT));
        int own = i < 0 || f.keyTimes[i] < t - w ? 0 : f.keyCounts[i];
        int accounts = 0;
        for (int k = 0; k < f.k; k++) {
            if (!f.keys[k].startsWith(SUCCESS) && f.keyTimes[k] >= t - w && f.keyTimes[k] <= t + reorder) accounts++;
        }
        if (own < s.minimum() && accounts < s.threshold()) return;
        Track a = trackers.get(Rule.SUCCESS_AFTER_FAILURES).get("login:" + user);
        a.seen(t);
        a.evidence(evidenceId(e));
        a.related(ip);
        String what = own >= s.minimum() ? own + " failed logins for it" : "failures for " + accounts + " accounts";
        fire(Rule.SUCCESS_AFTER_FAILURES, user, a, own >= s.minimum() ? own : accounts, f.first, t, e, out,
                user + " logged in from " + ip + " after " + what + " from that address: the password was "
                + "probably guessed; reset it and end the account's sessions.");
    }

    private void geo(MailEvent e, String user, long t, Consumer<MailEvent> out) {
        String country = e.getString("source.geo.country_iso_code");
        if (country == null) return;
        Tracker nc = trackers.get(Rule.NEW_COUNTRY);
        if (nc != null) {
            Track a = nc.get(user);
            Rule.Settings s = rules.of(Rule.NEW_COUNTRY);
            boolean known = a.keyIndex(country) >= 0;
            boolean learned = a.k > 0 && t - a.first >= s.minimum() * 1000;
            if (!known && learned) {
                a.evidence(evidenceId(e));
                a.related(ip(e));
                fire(Rule.NEW_COUNTRY, user, a, 1, t, t, e, out, user + " logged in from " + country
                        + ", a country this account has not used before (from " + ip(e) + "): confirm with its owner.");
            }
            a.key(country, t, 16);
            a.seen(t);
        }
        Tracker it = trackers.get(Rule.IMPOSSIBLE_TRAVEL);
        if (it != null && e.get("source.geo.location") instanceof Map<?, ?> loc
                && loc.get("lat") instanceof Number lat && loc.get("lon") instanceof Number lon) {
            Track a = it.get(user);
            Rule.Settings s = rules.of(Rule.IMPOSSIBLE_TRAVEL);
            String here = country + (e.getString("source.geo.city_name") == null ? "" : " (" + e.getString("source.geo.city_name") + ")");
            if (!Double.isNaN(a.lat) && Math.abs(t - a.last) <= s.windowSeconds() * 1000) {
                double km = km(a.lat, a.lon, lat.doubleValue(), lon.doubleValue());
                double hours = Math.max(Math.abs(t - a.last), 60_000) / 3_600_000.0;
                double speed = km / hours;
                if (km >= s.minimum() && speed > s.threshold()) {
                    a.evidence(evidenceId(e));
                    a.related(ip(e));
                    fire(Rule.IMPOSSIBLE_TRAVEL, user, a, Math.round(speed), Math.min(a.last, t), Math.max(a.last, t), e, out,
                            user + " logged in from " + a.place + " and " + here + ", " + Math.round(km) + " km apart within "
                            + Alerts.span(Math.abs(t - a.last) / 1000) + ": one of them is probably not its owner.");
                }
            }
            if (t >= a.last) {
                a.lat = lat.doubleValue();
                a.lon = lon.doubleValue();
                a.place = here;
            }
            a.related(ip(e));
            a.seen(t);
        }
    }

    static double km(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1), p2 = Math.toRadians(lat2);
        double dp = p2 - p1, dl = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 6371.0 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    }

    // --- sending

    private void received(MailEvent e, long t, Consumer<MailEvent> out) {
        String user = e.getString(Fields.USER_NAME);
        String id = e.getString(Fields.EMAIL_LOCAL_ID);
        String ip = ip(e);
        if (user != null && "postfix".equals(e.get(Fields.SERVICE_TYPE))) login(e, t, out);
        count(Rule.BURST_ACCOUNT, user, id, ip, e, t, out);
        count(Rule.BURST_IP, ip, id, user, e, t, out);
        if ("exim".equals(e.get(Fields.SERVICE_TYPE))) {
            if (user != null) login(e, t, out);
            sender(e, t, out);
        }
    }

    private void sender(MailEvent e, long t, Consumer<MailEvent> out) {
        String from = first(e.get(Fields.EMAIL_FROM));
        if (from == null || from.isEmpty()) return;
        count(Rule.BURST_SENDER, from.toLowerCase(Locale.ROOT), e.getString(Fields.EMAIL_LOCAL_ID), ip(e), e, t, out);
    }

    private void summary(MailEvent e, long t, Consumer<MailEvent> out) {
        if ("inbound".equals(e.get(Fields.EMAIL_DIRECTION)) || "internal".equals(e.get("mail.origin"))) return;
        String user = e.getString(Fields.USER_NAME);
        String from = first(e.get(Fields.EMAIL_FROM));
        String key = user != null ? user : from == null || from.isEmpty() ? null : from.toLowerCase(Locale.ROOT);
        Tracker tr = trackers.get(Rule.BOUNCE_RATIO);
        if (key != null && tr != null && !allow.account(key) && !allow.sender(key)) {
            Track s = tr.get(key);
            Rule.Settings st = rules.of(Rule.BOUNCE_RATIO);
            boolean bounced = e.get("mail.counts.bounced") instanceof Number b && b.longValue() > 0;
            s.add(t << 1 | (bounced ? 1 : 0), 4096);
            s.dropBefore((t - st.windowSeconds() * 1000) << 1);
            if (bounced) s.evidence(e.getString(Fields.EMAIL_LOCAL_ID));
            int b = 0;
            for (int i = 0; i < s.n; i++) b += (int) (s.times[i] & 1);
            if (s.n >= st.minimum() && (double) b / s.n > st.threshold()) {
                double ratio = (double) b / s.n;
                int total = s.n;
                long from0 = s.times[0] >> 1;
                s.clear();
                fire(Rule.BOUNCE_RATIO, key, s, Math.round(ratio * 1000) / 1000.0, from0, t, e, out,
                        Math.round(ratio * 100) + " % of " + total + " messages from " + key + " bounced within "
                        + Alerts.span(st.windowSeconds()) + ": check its recipient list and whether it sends spam.");
            }
        }
        // an account sending as a domain it does not own
        if (user != null && from != null && !from.isEmpty() && user.indexOf('@') > 0 && from.indexOf('@') > 0) {
            String own = domain(user);
            String used = domain(from);
            if (!own.equals(used) && !used.endsWith("." + own) && !allow.sender(from.toLowerCase(Locale.ROOT))) {
                mismatch(user, from, e, t, out);
            }
        }
    }

    private void mismatch(String user, String from, MailEvent e, long t, Consumer<MailEvent> out) {
        if (allow.account(user)) return;
        Tracker tr = trackers.get(Rule.SENDER_MISMATCH);
        if (tr == null) return;
        Track s = tr.get(user);
        Rule.Settings st = rules.of(Rule.SENDER_MISMATCH);
        s.add(t, Math.max(1, (int) Math.ceil(st.threshold())));
        s.evidence(e.getString(Fields.EMAIL_LOCAL_ID));
        s.related(from);
        long[] run = s.run((int) Math.ceil(st.threshold()), st.windowSeconds() * 1000);
        if (run != null) {
            s.clear();
            fire(Rule.SENDER_MISMATCH, user, s, st.threshold(), run[0], run[1], e, out, user + " sent as " + from
                    + ", an address of a domain it does not own: check the account, or allow-list the sender.");
        }
    }

    private void rejected(MailEvent e, long t, Consumer<MailEvent> out) {
        String reason = e.getString(Fields.EVENT_REASON);
        String r = lower(reason);
        int owned = r.indexOf("not owned by user ");
        if (owned >= 0) {
            String user = reason.substring(owned + "not owned by user ".length()).split("[;\\s]", 2)[0];
            String from = first(e.get(Fields.EMAIL_FROM));
            mismatch(user, from == null ? "another sender" : from, e, t, out);
            return;
        }
        // the client's address listed (not the sender's or HELO domain: RHSBLs)
        if ((r.contains("blocked using") && (r.contains("client host [") || r.contains("client ["))) || r.contains("in a black list at")) {
            single(Rule.DNSBL_CLIENT, ip(e), e, t, out);
        }
    }

    private void delivery(MailEvent e, String action, long t, Consumer<MailEvent> out) {
        String response = lower(e.getString(Fields.MAIL_RESPONSE));
        if (response.isEmpty()) response = lower(e.getString(Fields.EVENT_REASON));
        String dsn = e.getString(Fields.MAIL_DSN);
        String to = first(e.get(Fields.EMAIL_TO));
        boolean full = Boolean.TRUE.equals(e.get("dovecot.quota_exceeded")) || "4.2.2".equals(dsn) || "5.2.2".equals(dsn)
                || response.contains("mailbox full") || response.contains("quota exceeded") || response.contains("over quota");
        if (full) {
            String box = to != null ? to : e.getString(Fields.USER_NAME);
            Tracker tr = box == null ? null : trackers.get(Rule.MAILBOX_FULL);
            if (tr != null) {
                Track s = tr.get(box.toLowerCase(Locale.ROOT));
                // Postfix's lmtp client and Dovecot's lmtp log the same refusal: one attempt
                boolean store = "dovecot".equals(e.get(Fields.EVENT_MODULE));
                long other = store ? s.unpairedMta : s.unpairedStore;
                if (other != Long.MIN_VALUE && Math.abs(other - t) <= 2000) {
                    if (store) s.unpairedMta = Long.MIN_VALUE;
                    else s.unpairedStore = Long.MIN_VALUE;
                    return;
                }
                if (store) s.unpairedStore = t;
                else s.unpairedMta = t;
                count(Rule.MAILBOX_FULL, box.toLowerCase(Locale.ROOT), e.getString(Fields.EMAIL_LOCAL_ID), null, e, t, out);
            }
            return;
        }
        if (cites(response)) {
            String host = e.getString(Fields.HOST_HOSTNAME);
            String remote = e.getString(Fields.DESTINATION_DOMAIN) != null ? e.getString(Fields.DESTINATION_DOMAIN)
                    : e.getString(Fields.DESTINATION_IP);
            single(Rule.OWN_IP_LISTED, host == null ? "this server" : host, e, t, out, remote);
            return;
        }
        if ("deferred".equals(action) && to != null && to.indexOf('@') > 0) {
            count(Rule.DEFERRED_PILING, domain(to), e.getString(Fields.EMAIL_LOCAL_ID), e.getString(Fields.DESTINATION_IP), e, t, out);
        }
    }

    private static final List<String> BLOCKLIST_WORDS = List.of("spamhaus", "blocklist", "blacklist", "block list",
            "black list", "blocked using", "rbl", "dnsbl", "listed at", "poor reputation");

    private static boolean cites(String response) {
        for (String w : BLOCKLIST_WORDS) {
            int i = response.indexOf(w);
            if (i < 0) continue;
            if (!w.equals("rbl")) return true;
            boolean startOk = i == 0 || !Character.isLetter(response.charAt(i - 1));
            boolean endOk = i + 3 >= response.length() || !Character.isLetter(response.charAt(i + 3));
            if (startOk && endOk) return true;
        }
        return false;
    }

    // --- windows

    /** Counts one occurrence for the entity; fires when the rule's count is reached within its window. */
    private void count(Rule r, String entity, String id, String other, MailEvent e, long t, Consumer<MailEvent> out) {
        Tracker tr = trackers.get(r);
        if (tr == null || entity == null || entity.isEmpty() || allowed(r, entity, e)) return;
        Rule.Settings st = rules.of(r);
        boolean more = r == Rule.BURST_ACCOUNT || r == Rule.BURST_IP || r == Rule.BURST_SENDER; // "more than"
        int need = Math.max(1, (int) Math.ceil(st.threshold()) + (more ? 1 : 0));
        long w = st.windowSeconds() * 1000;
        Track s = tr.get(entity);
        // the newest samples, twice what the rule needs: enough for any run still open when lines come reordered
        s.add(t, 2 * need + 8);
        s.dropBefore(s.last - w - reorder);
        s.evidence(id);
        s.related(other);
        long[] run = s.run(need, w);
        if (run == null) return;
        int observed = s.countBetween(run[0], run[0] + w);
        s.clear();
        fire(r, entity, s, observed, run[0], run[1], e, out, Alerts.sentence(r, entity, observed, st));
    }

    private void single(Rule r, String entity, MailEvent e, long t, Consumer<MailEvent> out) {
        single(r, entity, e, t, out, null);
    }

    private void single(Rule r, String entity, MailEvent e, long t, Consumer<MailEvent> out, String other) {
        count(r, entity, evidenceId(e), other != null ? other : r.entity().equals("source.ip") ? e.getString(Fields.USER_NAME) : ip(e), e, t, out);
    }

    private boolean allowed(Rule r, String entity, MailEvent e) {
        return switch (r.entity()) {
            case "user.name" -> allow.account(entity);
            case "source.ip" -> allow.network(entity);
            case "email.from.address" -> allow.sender(entity) || allow.account(entity);
            default -> false;
        } || (e.getString(Fields.USER_NAME) != null && allow.account(e.getString(Fields.USER_NAME)))
                || (ip(e) != null && allow.network(ip(e)));
    }

    /** Applies the throttle and emits the alert. */
    private void fire(Rule r, String entity, Track s, double observed, long from, long to, MailEvent cause,
            Consumer<MailEvent> out, String message) {
        Rule.Settings st = rules.of(r);
        if (s.lastAlert != Long.MIN_VALUE && Math.abs(to - s.lastAlert) < st.throttleSeconds() * 1000) {
            s.suppressed++;
            suppressed++;
            return;
        }
        String field = r.entity();
        if (r == Rule.BOUNCE_RATIO && entity.equals(cause.getString(Fields.USER_NAME))) field = Fields.USER_NAME;
        out.accept(Alerts.make(r, st, field, entity, observed, from, to, s, cause, message));
        s.lastAlert = to;
        s.suppressed = 0;
        alerts++;
    }

    // --- helpers

    static String first(Object v) {
        if (v instanceof List<?> l) return l.isEmpty() ? null : String.valueOf(l.get(0));
        return v == null ? null : v.toString();
    }

    private static String ip(MailEvent e) {
        return e.getString(Fields.SOURCE_IP);
    }

    /** Marks a session id among the evidence (the rest are queue ids). */
    static final String SESSION = "session:";

    /** A queue id, else a session id (marked), of the event. */
    static String evidenceId(MailEvent e) {
        String id = e.getString(Fields.EMAIL_LOCAL_ID);
        if (id != null) return id;
        String session = e.getString("dovecot.session");
        return session == null ? null : SESSION + session;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static String domain(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /** Counters for --stats and the plugin's logs: events seen, late, alerts, suppressed, per-rule evictions. */
    public synchronized Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("events", events);
        c.put("late", late);
        c.put("alerts", alerts);
        c.put("suppressed", suppressed);
        long tracked = 0, evicted = 0, expired = 0;
        for (Tracker t : trackers.values()) {
            tracked += t.size();
            evicted += t.evicted();
            expired += t.expired();
        }
        c.put("tracked", tracked);
        c.put("evicted", evicted);
        c.put("expired", expired);
        c.put("attempts_merged", attempts.merged());
        return c;
    }

    /** Entities tracked now, per rule id (for the memory benchmark). */
    public synchronized Map<String, Integer> tracked() {
        Map<String, Integer> m = new LinkedHashMap<>();
        trackers.forEach((r, t) -> m.put(r.id(), t.size()));
        return m;
    }
}
