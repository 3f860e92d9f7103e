package org.mailsight.report;

import java.util.List;

/**
 * The admin's report, computed once ({@link ReportBuilder}, or from Elasticsearch) and shown by the views
 * ({@link TextView}, {@link JsonView}, {@link HtmlView}). Every number a view shows is a field here.
 */
public record Report(
        Period period,
        Totals totals,
        List<Traffic> hourly,
        List<Traffic> daily,
        Tops tops,
        Delays delays,
        List<Group> deferralReasons,
        List<Group> bounceReasons,
        List<Group> rejectReasons,
        List<Count> warnings,
        List<Count> fatal,
        Queue queue,
        TlsUsage tls,
        Auth auth,
        Mailbox mailbox,
        List<Group> alerts,
        List<Count> direction,
        List<Ranked> outboundByAccount) {

    /** First and last event time of the report (ISO 8601 UTC), and the range asked for, if any. */
    public record Period(String first, String last, String since, String until, long events) {}

    /**
     * Grand totals with pflogsumm's and eximstats' meanings: messages received from a client or a local
     * submission; delivery lines (a recipient delivered twice counts twice) and delivered recipients; deferred
     * messages and deferral lines; bounced recipients and messages with one (eximstats' "failed"), expired
     * recipients; verdicts (rejected, reject warnings, held,
     * discarded) as events; bytes of messages received and of each delivery; distinct senders, recipients and
     * domains, and the distinct clients messages came from (eximstats' received "hosts", "local" for local
     * submissions).
     */
    public record Totals(long received, long delivered, long deliveredRecipients, long forwarded, long deferred,
            long deferrals, long bounced, long failedMessages, long expired, long rejected, long rejectWarnings, long held,
            long discarded, long bytesReceived, long bytesDelivered, long senders, long sendingHosts, long clientHosts,
            long recipients,
            long recipientHosts, long messages, long incomplete) {}

    /** Traffic in one hour ({@code 2026-11-22T03}) or one day ({@code 2026-11-22}). */
    public record Traffic(String period, long received, long delivered, long deferred, long bounced, long rejected) {}

    public record Count(String name, long count) {}

    public record Ranked(String name, long count, long bytes) {}

    /** Reasons under one heading (a relay, a transport, a restriction), most frequent first. */
    public record Group(String name, long total, List<Count> reasons) {}

    /** Top lists, by count and by bytes. */
    public record Tops(List<Ranked> sendersByCount, List<Ranked> sendersByBytes, List<Ranked> recipientsByCount,
            List<Ranked> recipientsByBytes, List<Ranked> sendingDomains, List<Ranked> recipientDomains,
            List<Ranked> sendingHosts) {}

    /** Delivery delays in seconds (queue entry to final delivery), nearest-rank percentiles. */
    public record Delays(long count, double p50, double p90, double p95, double p99, double max) {}

    /** Messages still in flight at the end of the input (no final line yet), and the oldest of them. */
    public record Queue(long messages, List<Count> byStatus, List<String> oldest) {}

    /** TLS sessions by protocol version, cipher and trust level; failures. */
    public record TlsUsage(long established, long failed, List<Count> versions, List<Count> ciphers, List<Count> trust) {}

    /** Logins and SMTP authentication: successes and failures per account, per client address, per door. */
    public record Auth(long successes, long failures, List<Outcome> byAccount, List<Outcome> byAddress,
            List<Outcome> byDoor, List<Outcome> byCountry) {}

    public record Outcome(String name, long successes, long failures) {}

    /** Dovecot: logins per protocol, logouts, and its other events by action (LMTP deliveries, quota bounces, ...). */
    public record Mailbox(long logins, long logouts, List<Count> loginsByProtocol, List<Count> actions) {}
}
