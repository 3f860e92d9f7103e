package org.mailsight.correlate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.output.Timestamps;

/**
 * Everything known of one message (one Postfix queue id or Exim message id on one host). Every rule is
 * independent of the order lines arrive in: times are min/max, a recipient's final status beats a deferral,
 * counts are sums, so the same lines in any order give the same summary.
 */
final class MessageState implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final String host;
    final String localId;
    final String module;
    private long firstSec = Long.MAX_VALUE;
    private int firstNanos;
    private long lastSec = Long.MIN_VALUE;
    private int lastNanos;
    int lines;
    private String from;
    private String clientIp;
    private String clientDomain;
    private Object clientPort;
    private String helo;
    private String user;
    private String authMethod;
    private String protocol;
    String messageId;
    private String subject;
    private Object size;
    private Object nrcpt;
    private String notificationId;
    private TreeMap<String, Recipient> recipients;
    private int deferrals;
    private int rejects;
    private boolean held;
    private boolean released;
    private boolean discarded;
    private boolean expired;
    private boolean local;
    private boolean removed;
    private boolean receivedSeen;
    private long receivedSec = Long.MAX_VALUE;
    private boolean queuedSeen; // qmgr (or Exim's acceptance) saw it: it reached the queue
    private boolean canceled;
    private String origin; // smtp, local; null: made by the MTA itself (bounces, notifications)
    private List<String> mailboxes;
    private Verdicts verdicts; // the filters' (milters, policy servers, content filter); null when none spoke
    String nextId;             // a content filter gave the message back under this queue id
    MessageState previous;     // the message a content filter took in, when this is what it gave back
    long created;         // the correlator's count of messages when this one began (summaries keep that order)
    transient Object idleBucket;    // the IdleWheel's links (rebuilt when saved state is read back)
    transient MessageState idlePrev;
    transient MessageState idleNext;

    MessageState(String host, String localId, String module) {
        this.host = host;
        this.localId = localId;
        this.module = module;
    }

    /** One recipient's outcome. */
    static final class Recipient implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        String status;
        String dsn;
        String relay;
        String response;
        String origTo;
        Object delay;
        String mailbox;
        long sec = Long.MIN_VALUE;
        int deferrals;
        int sent; // delivery lines: an alias may deliver to the same address twice (mailbox and command)
        boolean localDelivery;
        boolean remoteDelivery;
    }

    boolean removed() { return removed; }
    String clientIp() { return clientIp; }
    long receivedSec() { return receivedSec == Long.MAX_VALUE ? Long.MIN_VALUE : receivedSec; }
    long lastSeen() { return lastSec; }

    /** Takes what one line says about this message. */
    void absorb(MailEvent e) {
        lines++;
        if (e.hasTimestamp()) {
            long s = e.epochSecond();
            int n = e.nanos();
            if (s < firstSec || (s == firstSec && n < firstNanos)) {
                firstSec = s;
                firstNanos = n;
            }
            if (s > lastSec || (s == lastSec && n > lastNanos)) {
                lastSec = s;
                lastNanos = n;
            }
        }
        if ("mail.filter".equals(e.get(Fields.EVENT_DATASET))) {
            verdicts().absorb(e);
            return;
        }
        String action = e.getString(Fields.EVENT_ACTION);
        if (action == null) return;
        switch (action) {
            case "received" -> {
                receivedSeen = true;
                if (e.hasTimestamp() && e.epochSecond() < receivedSec) receivedSec = e.epochSecond();
                String proc = e.getString(Fields.PROCESS_NAME);
                String proto = e.getString(Fields.MAIL_PROTOCOL);
                String o = "pickup".equals(proc) || (proto != null && proto.startsWith("local")) ? "local" : "smtp";
                origin = origin == null || o.compareTo(origin) < 0 ? o : origin;
                clientIp = first(clientIp, e.getString(Fields.SOURCE_IP));
                clientDomain = first(clientDomain, e.getString(Fields.SOURCE_DOMAIN));
                if (clientPort == null) clientPort = e.get(Fields.SOURCE_PORT);
                user = first(user, e.getString(Fields.USER_NAME));
                authMethod = first(authMethod, e.getString(Fields.MAIL_AUTH_METHOD));
                protocol = first(protocol, e.getString(Fields.MAIL_PROTOCOL));
                helo = first(helo, e.getString(Fields.MAIL_HELO));
                messageId = first(messageId, e.getString(Fields.EMAIL_MESSAGE_ID));
                subject = first(subject, e.getString(Fields.EMAIL_SUBJECT));
                from = first(from, firstOf(e, Fields.EMAIL_FROM));
                if (size == null) size = e.get(Fields.MAIL_SIZE);
                if ("local".equals(protocol) || (protocol != null && protocol.startsWith("local"))) local = true;
                if (e.has("exim.local_user")) local = true;
                if ("exim".equals(module)) {
                    Object to = e.get(Fields.EMAIL_TO);
                    if (to instanceof List<?> list) for (Object r : list) recipient(r.toString());
                }
            }
            case "queued" -> {
                queuedSeen = true;
                from = first(from, firstOf(e, Fields.EMAIL_FROM));
                if (size == null) size = e.get(Fields.MAIL_SIZE);
                if (nrcpt == null) nrcpt = e.get(Fields.MAIL_NRCPT);
            }
            case "message-id" -> messageId = first(messageId, e.getString(Fields.EMAIL_MESSAGE_ID));
            case "delivered", "deferred", "bounced", "expired", "forwarded" -> delivery(e, action);
            case "notification" -> notificationId = first(notificationId, e.getString(Fields.MAIL_NOTIFICATION_ID));
            case "removed" -> {
                removed = true; // qmgr "removed", postsuper -d, Exim "Completed" or "removed by"
                String why = e.getString("postfix.removed_reason");
                if ("canceled".equals(why)) canceled = true;
                if ("discarded".equals(why)) discarded = true;
            }
            case "held" -> held = true;
            case "released" -> released = true;
            case "discarded" -> discarded = true;
            case "rejected" -> rejects++;
            default -> { }
        }
        if (subject == null && e.has(Fields.EMAIL_SUBJECT)) subject = e.getString(Fields.EMAIL_SUBJECT);
        if (helo == null && e.has(Fields.MAIL_HELO)) helo = e.getString(Fields.MAIL_HELO);
    }

    private void delivery(MailEvent e, String action) {
        if ("expired".equals(action) && !e.has(Fields.EMAIL_TO)) {
            expired = true; // qmgr: "from=<s>, status=expired, returned to sender"
            return;
        }
        String status = e.getString(Fields.MAIL_STATUS);
        if ("deliverable".equals(status) || "undeliverable".equals(status)) return; // address probes
        Object to = e.get(Fields.EMAIL_TO);
        if (!(to instanceof List<?> list) || list.isEmpty()) return;
        Recipient r = recipient(list.get(0).toString());
        long sec = e.hasTimestamp() ? e.epochSecond() : Long.MIN_VALUE;
        String response = e.getString(Fields.MAIL_RESPONSE);
        boolean forward = "forwarded".equals(action) || (response != null && response.startsWith("forwarded as "));
        String next = forward ? "forwarded" : status != null ? status : action;
        if ("deferred".equals(next)) {
            deferrals++;
            r.deferrals++;
        }
        if ("sent".equals(next)) r.sent++;
        if (wins(next, sec, e.get(Fields.MAIL_DELAY), e.getString(Fields.MAIL_RESPONSE), r)) {
            r.status = next;
            r.sec = sec;
            r.dsn = e.getString(Fields.MAIL_DSN);
            r.relay = e.getString(Fields.MAIL_RELAY);
            r.response = e.getString(Fields.MAIL_RESPONSE);
            r.delay = e.get(Fields.MAIL_DELAY);
        }
        r.origTo = first(r.origTo, e.getString(Fields.MAIL_ORIG_TO));
        String transport = e.getString(Fields.MAIL_TRANSPORT);
        String relay = e.getString(Fields.MAIL_RELAY);
        if (localTransport(transport) || (relay != null && relay.contains("lmtp"))) r.localDelivery = true;
        else if (e.has(Fields.DESTINATION_IP) || e.has(Fields.DESTINATION_DOMAIN)) r.remoteDelivery = true;
    }

    /**
     * A final status beats a deferral; among equals the later line wins; lines of the same second are ordered by
     * their delay, then their text, so the winner never depends on arrival order.
     */
    private static boolean wins(String status, long sec, Object delay, String response, Recipient r) {
        if (r.status == null) return true;
        int a = rank(status);
        int b = rank(r.status);
        if (a != b) return a > b;
        if (sec != r.sec) return sec > r.sec;
        double d1 = delay instanceof Number n ? n.doubleValue() : -1;
        double d2 = r.delay instanceof Number n ? n.doubleValue() : -1;
        if (d1 != d2) return d1 > d2;
        return response != null && (r.response == null || response.compareTo(r.response) > 0);
    }

    private static int rank(String status) {
        return switch (status) {
            case "deferred" -> 0;
            case "expired" -> 1;
            case "bounced" -> 2;
            case "forwarded" -> 3;
            default -> 4; // sent
        };
    }

    private static boolean localTransport(String t) {
        if (t == null) return false;
        return t.equals("local") || t.equals("virtual") || t.contains("lmtp") || t.contains("dovecot")
                || t.contains("local_delivery") || t.contains("maildir") || t.contains("appendfile")
                || t.startsWith("address_") || t.equals("mail_spool");
    }

    Verdicts verdicts() {
        if (verdicts == null) verdicts = new Verdicts();
        return verdicts;
    }

    Recipient recipient(String address) {
        if (recipients == null) recipients = new TreeMap<>();
        return recipients.computeIfAbsent(address, a -> new Recipient());
    }

    /** A Dovecot delivery of this message: the mailbox it landed in. */
    void mailbox(String user, String mailbox) {
        if (mailbox == null) return;
        Recipient r = recipients == null || user == null ? null : recipients.get(user);
        if (r != null) r.mailbox = mailbox;
        if (mailboxes == null) mailboxes = new ArrayList<>(1);
        if (!mailboxes.contains(mailbox)) mailboxes.add(mailbox);
    }

    /** Fills an event with what is known of the message, where the event says nothing of it yet. */
    void enrich(MailEvent e) {
        e.putIfAbsent(Fields.SOURCE_IP, clientIp);
        e.putIfAbsent(Fields.SOURCE_DOMAIN, clientDomain);
        e.putIfAbsent(Fields.USER_NAME, user);
        e.putIfAbsent(Fields.EMAIL_MESSAGE_ID, messageId);
        if (from != null && !e.has(Fields.EMAIL_FROM)) e.add(Fields.EMAIL_FROM, from.isEmpty() ? null : from);
    }

    /** The summary event: one document per message, dataset mail.message. */
    MailEvent summary(String incompleteReason, Locality locality) {
        MailEvent s = new MailEvent();
        MessageState o = previous != null ? previous : this; // where the message came from, before any filter
        long firstSec = Math.min(this.firstSec, o.firstSec);
        int firstNanos = firstSec == this.firstSec ? this.firstNanos : o.firstNanos;
        if (firstSec != Long.MAX_VALUE) s.timestamp(firstSec, firstNanos);
        Actions.set(s, "message-summary");
        s.put(Fields.EVENT_MODULE, "mailsight");
        s.put(Fields.EVENT_DATASET, "mail.message");
        s.put(Fields.SERVICE_TYPE, module);
        if (host != null) s.put(Fields.HOST_HOSTNAME, host);
        s.put(Fields.EMAIL_LOCAL_ID, localId);
        if (firstSec != Long.MAX_VALUE) {
            s.put("event.start", Timestamps.format(firstSec, firstNanos));
            s.put("event.end", Timestamps.format(lastSec, lastNanos));
            s.put("event.duration", (lastSec - firstSec) * 1_000_000_000L + (lastNanos - firstNanos));
        }
        String from = this.from != null ? this.from : o.from;
        if (from != null) s.add(Fields.EMAIL_FROM, from);
        s.put(Fields.EMAIL_MESSAGE_ID, messageId != null ? messageId : o.messageId);
        s.put(Fields.EMAIL_SUBJECT, subject != null ? subject : o.subject);
        if (o.clientIp != null) {
            s.put(Fields.SOURCE_IP, o.clientIp);
            s.add(Fields.RELATED_IP, o.clientIp);
        }
        s.put(Fields.SOURCE_DOMAIN, o.clientDomain);
        s.put(Fields.SOURCE_PORT, o.clientPort);
        s.put(Fields.MAIL_HELO, o.helo);
        if (o.user != null) {
            s.put(Fields.USER_NAME, o.user);
            s.add(Fields.RELATED_USER, o.user);
        }
        s.put(Fields.MAIL_AUTH_METHOD, o.authMethod);
        s.put(Fields.MAIL_PROTOCOL, o.protocol);
        s.put("mail.origin", o.origin == null ? "internal" : o.origin);
        s.put(Fields.MAIL_SIZE, size);
        s.put(Fields.MAIL_NRCPT, nrcpt);
        s.put(Fields.MAIL_NOTIFICATION_ID, notificationId);
        long delivered = 0;
        long deferred = 0;
        long bounced = 0;
        long expiredCount = 0;
        boolean anyLocal = false;
        boolean anyRemote = false;
        long discardedCount = 0;
        boolean blocked = verdicts != null && verdicts.blocked() && nextId == null;
        if (recipients != null) {
            List<Object> list = new ArrayList<>(recipients.size());
            for (Map.Entry<String, Recipient> en : recipients.entrySet()) {
                Recipient r = en.getValue();
                s.add(Fields.EMAIL_TO, en.getKey());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("address", en.getKey());
                if (r.origTo != null) m.put("orig_to", r.origTo);
                String status = r.status == null ? "unknown" : r.status;
                if (expired && "deferred".equals(status)) status = "expired"; // returned to sender
                if (blocked && "sent".equals(status)) status = "discarded"; // accepted by the filter, then dropped
                m.put("status", status);
                if (r.dsn != null) m.put("dsn", r.dsn);
                if (r.relay != null) m.put("relay", r.relay);
                if (r.delay != null) m.put("delay", r.delay);
                if (r.response != null) m.put("response", r.response);
                if (r.mailbox != null) m.put("mailbox", r.mailbox);
                if (r.deferrals > 0) m.put("deferrals", (long) r.deferrals);
                if (r.sent > 1) m.put("deliveries", (long) r.sent);
                list.add(m);
                switch (status) {
                    case "sent", "forwarded" -> delivered++;
                    case "deferred" -> deferred++;
                    case "bounced" -> bounced++;
                    case "expired" -> expiredCount++;
                    case "discarded" -> discardedCount++;
                    default -> { }
                }
                Boolean byDomain = locality.localDomain(en.getKey());
                boolean localRcpt = byDomain != null ? byDomain : r.localDelivery;
                boolean remoteRcpt = byDomain != null ? !byDomain : r.remoteDelivery;
                anyLocal |= localRcpt;
                anyRemote |= remoteRcpt;
            }
            s.put("mail.recipients", list);
        }
        if (expired) expiredCount = Math.max(expiredCount, 1);
        if (nextId != null) {
            // handed to a content filter: the message it gave back carries the story and the counts
            s.put("mail.hop.role", "handoff");
            s.put("mail.hop.next_local_id", nextId);
            delivered = 0;
        }
        if (previous != null) {
            s.put("mail.hop.role", "return");
            s.put("mail.hop.previous_local_id", previous.localId);
        }
        if (discardedCount > 0) s.put("mail.counts.discarded", discardedCount);
        s.put("mail.counts.delivered", delivered);
        s.put("mail.counts.deferred", deferred);
        s.put("mail.counts.bounced", bounced);
        s.put("mail.counts.expired", expiredCount);
        s.put("mail.counts.rejected", (long) rejects);
        s.put("mail.counts.deferrals", (long) deferrals);
        String status = nextId != null ? "filtered"
                : blocked && delivered == 0 && discardedCount > 0 ? "discarded"
                : finalStatus(delivered, deferred, bounced, expiredCount, "end-of-input".equals(incompleteReason));
        s.put(Fields.MAIL_STATUS, status);
        s.put(Fields.EVENT_OUTCOME, switch (status) {
            case "delivered" -> "success";
            case "bounced", "expired", "rejected", "aborted" -> "failure";
            default -> "unknown";
        });
        // ours: a local submission, an authenticated client, a local network, or a message Postfix made itself
        // (bounces and notifications have no smtpd or pickup line)
        boolean fromUs = o.local || o.user != null || locality.localAddress(o.clientIp)
                || (!o.receivedSeen && "postfix".equals(module) && o.lines > 1);
        s.put(Fields.EMAIL_DIRECTION, fromUs ? (anyRemote ? "outbound" : anyLocal ? "internal" : "unknown")
                : (anyLocal && !anyRemote ? "inbound" : "unknown"));
        if (mailboxes != null) {
            java.util.Collections.sort(mailboxes);
            s.put("mail.mailboxes", mailboxes);
        }
        if (verdicts != null || (previous != null && previous.verdicts != null)) {
            (verdicts != null ? verdicts : new Verdicts()).put(s, from, previous != null ? previous.verdicts : null);
        }
        if (held) s.put("mail.held", Boolean.TRUE);
        if (released) s.put("mail.released", Boolean.TRUE);
        s.put("mail.correlation.complete", incompleteReason == null);
        s.put("mail.correlation.lines", (long) lines);
        if (incompleteReason != null) s.put("mail.correlation.incomplete_reason", incompleteReason);
        return s;
    }

    private String finalStatus(long delivered, long deferred, long bounced, long expiredCount, boolean cutShort) {
        if (discarded && delivered == 0) return "discarded";
        if (rejects > 0 && delivered == 0 && bounced == 0) return "rejected";
        if (deferred > 0) return "deferred";
        if (delivered > 0 && bounced == 0 && expiredCount == 0) return "delivered";
        if (delivered > 0) return "partial";
        if (bounced > 0) return "bounced";
        if (expiredCount > 0) return "expired";
        if (held && !released) return "held";
        // a queue id, a client, then nothing queued: the client left (or hit a limit) before the end of DATA
        // (unless the input simply ended first)
        if (canceled || receivedSeen && !queuedSeen && !cutShort && "postfix".equals(module)) return "aborted";
        return "unknown";
    }

    private static String first(String current, String candidate) {
        if (candidate == null) return current;
        if (current == null || candidate.compareTo(current) < 0) return candidate; // smallest: order-independent
        return current;
    }

    private static String firstOf(MailEvent e, String key) {
        Object v = e.get(key);
        if (v instanceof List<?> list && !list.isEmpty()) return String.valueOf(list.get(0));
        return null;
    }
}
