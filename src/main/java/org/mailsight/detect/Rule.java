package org.mailsight.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built-in rule: what it watches, at which entity field its alerts name the culprit, and its default tuning
 * (the thresholds mail admins quote, issue 9). Ids are those of the watches in {@code watcher-rules/} where one
 * exists, so an alert reads the same whoever raised it.
 */
public record Rule(String id, String name, String category, String entity, int severity, String description,
        Settings defaults) {

    /**
     * The tuning of one rule.
     *
     * @param threshold the count (or ratio, distinct accounts, km/h) to reach
     * @param windowSeconds the sliding window, in log time
     * @param throttleSeconds at most one alert per entity in this time; repeats are counted on the next
     * @param minimum a rule's second number: messages before a ratio counts, failures before a success is
     *     suspect, the learning period (seconds) before a new country counts, km before travel counts
     */
    public record Settings(boolean enabled, double threshold, long windowSeconds, long throttleSeconds, double minimum) {
        public Settings withThreshold(double v) { return new Settings(enabled, v, windowSeconds, throttleSeconds, minimum); }
        public Settings withWindow(long v) { return new Settings(enabled, threshold, v, throttleSeconds, minimum); }
        public Settings withThrottle(long v) { return new Settings(enabled, threshold, windowSeconds, v, minimum); }
        public Settings withMinimum(double v) { return new Settings(enabled, threshold, windowSeconds, throttleSeconds, v); }
        public Settings withEnabled(boolean v) { return new Settings(v, threshold, windowSeconds, throttleSeconds, minimum); }
    }

    static final long THROTTLE = 900;
    static final int LOW = 21;
    static final int MEDIUM = 47;
    static final int HIGH = 73;

    private static Rule rule(String id, String name, String category, String entity, int severity, String description,
            double threshold, long window, double minimum) {
        return new Rule(id, name, category, entity, severity, description,
                new Settings(true, threshold, window, THROTTLE, minimum));
    }

    public static final Rule BURST_ACCOUNT = rule("mail-outbound-burst-account", "Outbound burst per account", "email",
            "user.name", HIGH, "More than the threshold of messages accepted from one authenticated account in the window: "
            + "a stolen password used to send spam, or a mailing script on a user's account.", 100, 60, 0);
    public static final Rule BURST_IP = rule("mail-outbound-burst-ip", "Outbound burst per client IP", "email",
            "source.ip", HIGH, "More than the threshold of messages accepted from one client address in the window: "
            + "a compromised host or web form relaying through us.", 100, 60, 0);
    public static final Rule BURST_SENDER = rule("mail-outbound-burst-sender", "Outbound burst per sender", "email",
            "email.from.address", HIGH, "More than the threshold of messages queued with one envelope sender in the "
            + "window: a spam run or a runaway script.", 100, 60, 0);
    public static final Rule FAILURES_ACCOUNT = rule("mail-auth-failures-account", "Failed logins per account",
            "authentication", "user.name", MEDIUM, "Failed logins for one account, counted once per attempt across "
            + "SMTP AUTH, IMAP, POP3 and submission: someone is guessing its password.", 5, 300, 0);
    public static final Rule FAILURES_IP = rule("mail-auth-failures-ip", "Failed logins per IP", "authentication",
            "source.ip", MEDIUM, "Failed logins from one client address, over every account and door: a brute-force "
            + "client.", 8, 120, 0);
    public static final Rule SPRAYING = rule("mail-password-spraying", "Password spraying", "authentication",
            "source.ip", HIGH, "One client address failing logins for many different accounts: it tries common "
            + "passwords over a list of users.", 10, 600, 0);
    public static final Rule SUCCESS_AFTER_FAILURES = rule("mail-login-after-failures", "Successful login after failures",
            "authentication", "user.name", HIGH, "An account logged in from an address that had just failed for it "
            + "(or for many accounts): the password was probably guessed.", 3, 1800, 3);
    public static final Rule NEW_COUNTRY = rule("mail-new-country", "Login from a new country", "authentication",
            "user.name", MEDIUM, "An account logged in from a country it has not used before, after its learning "
            + "period.", 1, 30L * 86400, 86400);
    public static final Rule IMPOSSIBLE_TRAVEL = rule("mail-impossible-travel", "Impossible travel", "authentication",
            "user.name", HIGH, "Two logins of one account from places too far apart for the time between them.",
            1000, 3600, 500);
    public static final Rule BOUNCE_RATIO = rule("mail-bounce-ratio", "Bounce ratio per sender", "email",
            "email.from.address", MEDIUM, "Too many of one sender's messages bounced: a bought or stale address list, "
            + "or a spam run (message summaries).", 0.2, 3600, 20);
    public static final Rule DNSBL_CLIENT = rule("mail-dnsbl-listed-client", "DNSBL-listed client", "intrusion_detection",
            "source.ip", LOW, "A client address listed by a DNS blocklist connected (postscreen, dnsblog, smtpd "
            + "'blocked using').", 1, 900, 0);
    public static final Rule OWN_IP_LISTED = rule("mail-own-ip-blocklisted", "Our IP cited by a remote blocklist",
            "email", "host.hostname", HIGH, "A remote server refused or deferred our mail citing a blocklist: our "
            + "outbound address is listed, so much of our mail will not arrive.", 1, 1800, 0);
    public static final Rule SENDER_MISMATCH = rule("mail-sender-mismatch", "Sender does not match the account",
            "email", "user.name", MEDIUM, "An authenticated account sent with an envelope sender of a domain it does "
            + "not own, or Postfix refused it with 'sender login mismatch'.", 1, 3600, 0);
    public static final Rule DISABLED_CREDENTIALS = rule("mail-disabled-credentials", "Disabled or expired credentials in use",
            "authentication", "user.name", MEDIUM, "Logins refused because the account is disabled or expired, or "
            + "its password expired: an old device, or someone holding a leaked password.", 1, 3600, 0);
    public static final Rule MAILBOX_FULL = rule("mail-mailbox-full", "Mailbox full streak", "email", "email.to.address",
            LOW, "Deliveries to one mailbox keep failing because it is over quota.", 3, 3600, 0);
    public static final Rule DEFERRED_PILING = rule("mail-deferred-piling", "Deferrals piling up for one destination",
            "email", "destination.domain", MEDIUM, "Deliveries to one recipient domain keep being deferred: the "
            + "destination is down, throttles us, or refuses us.", 50, 1800, 0);

    public static final List<Rule> ALL = List.of(BURST_ACCOUNT, BURST_IP, BURST_SENDER, FAILURES_ACCOUNT, FAILURES_IP,
            SPRAYING, SUCCESS_AFTER_FAILURES, NEW_COUNTRY, IMPOSSIBLE_TRAVEL, BOUNCE_RATIO, DNSBL_CLIENT, OWN_IP_LISTED,
            SENDER_MISMATCH, DISABLED_CREDENTIALS, MAILBOX_FULL, DEFERRED_PILING);

    public static final Map<String, Rule> BY_ID;
    static {
        Map<String, Rule> m = new LinkedHashMap<>();
        for (Rule r : ALL) m.put(r.id, r);
        BY_ID = java.util.Collections.unmodifiableMap(m);
    }
}
