package org.mailsight.correlate;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mailsight.event.Fields;
import org.mailsight.engine.StageState;
import org.mailsight.event.MailEvent;
import org.mailsight.stack.StackFields;

/**
 * Gathers the lines of each message (Postfix queue id or Exim message id, per host) and emits one summary per
 * message; enriches events as they pass with what is already known of their message and SMTP or IMAP/POP session.
 *
 * <p>Lines may arrive out of order (Logstash runs many workers): a message that ended ({@code removed},
 * {@code Completed}) is summarized only after {@code closeGrace} further events and {@code closeGraceSeconds} of
 * wall time (a stalled worker may hold a line back for a while), so late lines still count. Messages silent for {@code idleTimeout} seconds of log time are summarized as
 * incomplete; past {@code maxMessages} the oldest are, and are counted. Thread-safe: one lock, held only to update
 * state (parsing happens outside it).
 */
public final class Correlator implements StageState {

    /** Settings; validated by the front doors. */
    public record Options(int maxMessages, int maxSessions, long idleTimeoutSeconds, int closeGrace,
                          long closeGraceSeconds, Locality locality) {
        public static Options defaults() {
            return new Options(100_000, 100_000, 3600, 1000, 10, Locality.defaults());
        }
    }

    private record Closing(String key, long seq, long nanoTime) implements Serializable {}

    /** What survives a restart: messages and sessions in flight, and the counters. */
    private record Saved(LinkedHashMap<String, MessageState> messages, ArrayList<Closing> closing,
                         LinkedHashMap<String, ? extends Serializable> sessions, HashMap<String, String> byMessageId,
                         long seq, long logClock, long summaries, long incomplete, long evicted,
                         long sessionsEvicted, HashMap<String, List<MailEvent>> policyByClient,
                         HashMap<String, List<MailEvent>> earlyVerdicts, HashMap<String, MessageState> earlyReturns,
                         HashMap<String, String> earlyHandoffs, HashMap<String, List<MailEvent>> byDeliveredCopy)
            implements Serializable {}

    private final Options options;
    private final LinkedHashMap<String, MessageState> messages = new LinkedHashMap<>();
    private final ArrayDeque<Closing> closing = new ArrayDeque<>();
    private final IdleWheel idle = new IdleWheel();
    private long created;
    private final Sessions sessions;
    private final Map<String, String> byMessageId = new HashMap<>(); // Message-ID -> message key (for LMTP links)
    private final Map<String, List<MailEvent>> policyByClient = new HashMap<>(); // host+client IP -> policy answers
    // lines that came before their message (out of order): filter verdicts by message key or Message-ID, hop links
    private final Map<String, List<MailEvent>> earlyVerdicts = new HashMap<>();
    private final Map<String, MessageState> earlyReturns = new HashMap<>(); // key of the return -> its hand-off
    private final Map<String, String> earlyHandoffs = new HashMap<>();      // key of the hand-off -> the return's id
    private final Map<String, List<MailEvent>> byDeliveredCopy = new HashMap<>(); // Message-ID -> spamd's lines
    private long seq;
    private long logClock = Long.MIN_VALUE;
    private long summaries;
    private long incomplete;
    private long evicted;

    public Correlator(Options options) {
        this.options = options;
        this.sessions = new Sessions(options.maxSessions());
    }

    /** Takes one event (enriching it in place) and passes every summary that is now complete to out. */
    public synchronized void accept(MailEvent e, Consumer<MailEvent> out) {
        seq++;
        if (e.hasTimestamp() && e.epochSecond() > logClock) logClock = e.epochSecond();
        String module = e.getString(Fields.EVENT_MODULE);
        String id = e.getString(Fields.EMAIL_LOCAL_ID);
        if (id != null && ("postfix".equals(module) || "exim".equals(module))) {
            String key = key(e.getString(Fields.HOST_HOSTNAME), id);
            MessageState m = messages.get(key);
            if (m == null) {
                m = new MessageState(e.getString(Fields.HOST_HOSTNAME), id, module);
                m.created = created++;
                messages.put(key, m);
                if (messages.size() > options.maxMessages()) evictOldest(out);
                arrived(key, m);
            }
            boolean wasRemoved = m.removed();
            String oldMessageId = m.messageId;
            m.absorb(e); // the line's own facts only: session enrichment must not leak into summaries
            if (m.messageId != null && !m.messageId.equals(oldMessageId)) {
                byMessageId.put(m.messageId, key);
                if (byMessageId.size() > options.maxMessages() * 2L) byMessageId.clear();
            }
            sessions.accept(e);
            m.enrich(e);
            if ("postfix".equals(module)) hops(e, m);
            if (m.removed()) {
                idle.remove(m); // ended: summarized after the grace, never idle
                if (!wasRemoved) closing.add(new Closing(key, seq, System.nanoTime()));
            } else {
                idle.touch(m);
            }
        } else if ("mail.filter".equals(e.get(Fields.EVENT_DATASET))) {
            filter(e);
        } else {
            sessions.accept(e);
        }
        String action = e.getString(Fields.EVENT_ACTION);
        boolean delivered = "delivered".equals(action)
                || "mail-saved".equals(action) && "lmtp".equals(e.get(Fields.PROCESS_NAME));
        if ("dovecot".equals(module) && (delivered || action != null && action.startsWith("mail-"))) {
            // Postfix (or Exim) handed the message to Dovecot LMTP, or mail_log saw it in a mailbox: link by Message-ID
            String msgId = e.getString(Fields.EMAIL_MESSAGE_ID);
            String key = msgId == null ? null : byMessageId.get(msgId);
            MessageState m = key == null ? null : messages.get(key);
            if (m != null) {
                if (delivered) m.mailbox(e.getString(Fields.USER_NAME), e.getString("dovecot.mailbox"));
                e.put("mail.correlation.local_id", m.localId);
            }
        }
        drain(false, out);
        if ((seq & 1023) == 0) expireIdle(out);
    }

    /**
     * A filter's line joins its message: by queue id (milters, amavis, rspamd), by Message-ID (spamd, which sees the
     * delivered copy), or, for policy answers given before the queue id existed, by the client's address.
     */
    private void filter(MailEvent e) {
        String host = e.getString(Fields.HOST_HOSTNAME);
        String id = e.getString(Fields.EMAIL_LOCAL_ID);
        MessageState m = id == null ? null : messages.get(key(host, id));
        if (m != null) {
            verdict(host, m, e);
            return;
        }
        if (id != null) {
            bounded(earlyVerdicts).computeIfAbsent(key(host, id), k -> new java.util.ArrayList<>(4)).add(e);
            return;
        }
        String msgId = e.getString(Fields.EMAIL_MESSAGE_ID);
        if (msgId != null && "spamassassin".equals(e.get(Fields.EVENT_MODULE))) {
            // spamd judges the delivered copy: it joins the message with this Message-ID that is no hand-off
            bounded(byDeliveredCopy).computeIfAbsent(msgId, k -> new java.util.ArrayList<>(4)).add(e);
            return;
        }
        String ip = e.getString(Fields.SOURCE_IP);
        if (id == null && ip != null && (e.has(StackFields.SPF) || e.has(StackFields.GREYLIST_ACTION))) {
            if (policyByClient.size() > options.maxSessions()) policyByClient.clear();
            List<MailEvent> answers = policyByClient.computeIfAbsent(key(host, ip), k -> new java.util.ArrayList<>(4));
            if (answers.size() == 8) answers.remove(oldest(answers)); // SPF and greylisting of the last sessions
            answers.add(e);
        }
    }

    private void verdict(String host, MessageState m, MailEvent e) {
        m.absorb(e);
        String next = e.getString(StackFields.FILTER_NEXT_ID);
        if (next != null) link(host, m, next);
    }

    /** A message's first line: the lines and links that came before it join it now. */
    private void arrived(String key, MessageState m) {
        List<MailEvent> early = earlyVerdicts.remove(key);
        if (early != null) for (MailEvent e : early) verdict(m.host, m, e);
        MessageState handoff = earlyReturns.remove(key);
        if (handoff != null) link(m.host, handoff, m.localId);
        String next = earlyHandoffs.remove(key);
        if (next != null) link(m.host, m, next);
    }

    /**
     * Policy answers given at RCPT time, before the queue id existed: for each kind (SPF, greylisting) the client's
     * latest answer at or before the message's first smtpd line and at most five minutes older (times, not
     * arrival order, decide).
     */
    private void policies(MessageState m) {
        if (m.clientIp() == null || m.receivedSec() == Long.MIN_VALUE) return;
        List<MailEvent> answers = policyByClient.get(key(m.host, m.clientIp()));
        if (answers == null) return;
        MailEvent spf = null;
        MailEvent grey = null;
        for (MailEvent p : answers) {
            long t = p.epochSecond();
            if (t > m.receivedSec() || t < m.receivedSec() - 300) continue;
            if (p.has(StackFields.SPF) && later(p, spf)) spf = p;
            if (p.has(StackFields.GREYLIST_ACTION) && later(p, grey)) grey = p;
        }
        if (spf != null) m.verdicts().policy(spf);
        if (grey != null) m.verdicts().policy(grey);
    }

    private static boolean later(MailEvent a, MailEvent b) {
        if (b == null) return true;
        if (a.epochSecond() != b.epochSecond()) return a.epochSecond() > b.epochSecond();
        return a.getString(Fields.MESSAGE).compareTo(b.getString(Fields.MESSAGE)) < 0;
    }

    private static MailEvent oldest(List<MailEvent> answers) {
        MailEvent o = answers.get(0);
        for (MailEvent p : answers) if (p.epochSecond() < o.epochSecond()) o = p;
        return o;
    }

    private <V> Map<String, V> bounded(Map<String, V> map) {
        if (map.size() > options.maxMessages()) map.clear(); // out-of-order help only: never unbounded
        return map;
    }

    /** Postfix lines that tie two queue ids of one message (a content filter took it in and gave it back). */
    private void hops(MailEvent e, MessageState m) {
        String host = e.getString(Fields.HOST_HOSTNAME);
        Object action = e.get(Fields.EVENT_ACTION);
        // the filter's return through smtpd: "client=localhost[127.0.0.1], orig_queue_id=OLD" (pickup's orig_id is
        // postsuper -r, the same message re-queued, not a filter hop)
        String orig = "received".equals(action) && "smtpd".equals(e.get(Fields.PROCESS_NAME))
                ? e.getString(Fields.POSTFIX_ORIG_QUEUE_ID) : null;
        if (orig != null) {
            MessageState old = messages.get(key(host, orig));
            if (old != null) link(host, old, m.localId);
            else bounded(earlyHandoffs).put(key(host, orig), m.localId);
        }
        String queuedAs = e.getString("mail.remote_local_id"); // the hand-off's reply: "... queued as NEW"
        if (queuedAs != null && !queuedAs.equals(m.localId) && messages.containsKey(key(host, queuedAs))) {
            link(host, m, queuedAs);
            e.put(StackFields.HOP_ROLE, "content-filter");
            e.put(StackFields.HOP_NEXT, queuedAs);
        }
    }

    private void link(String host, MessageState old, String nextId) {
        MessageState next = messages.get(key(host, nextId));
        if (next == null) {
            bounded(earlyReturns).put(key(host, nextId), old); // the return's lines come later (out of order)
            return;
        }
        if (next == old || next.nextId != null) return;
        old.nextId = nextId;
        next.previous = old;
    }

    /** Periodic flush (Logstash calls it every few seconds): summaries whose grace ran out in wall time, idle ones. */
    public synchronized void flush(Consumer<MailEvent> out) {
        drain(false, out);
        expireIdle(out);
    }

    /** End of input: every message in flight is summarized, the unfinished ones marked incomplete. */
    public synchronized void close(Consumer<MailEvent> out) {
        drain(true, out);
        idle.clear();
        for (Iterator<Map.Entry<String, MessageState>> it = messages.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, MessageState> en = it.next();
            it.remove();
            emit(en.getValue(), en.getValue().removed() ? null : "end-of-input", out);
        }
        byMessageId.clear();
        policyByClient.clear();
        earlyVerdicts.clear();
        earlyReturns.clear();
        earlyHandoffs.clear();
        byDeliveredCopy.clear();
        sessions.clear();
    }

    private void drain(boolean all, Consumer<MailEvent> out) {
        long now = Long.MIN_VALUE; // read once, and only when a message is past its grace in lines (the clock costs)
        while (!closing.isEmpty()) {
            Closing c = closing.peek();
            if (!all) {
                if (seq - c.seq() < options.closeGrace()) return;
                if (now == Long.MIN_VALUE) now = System.nanoTime();
                if (now - c.nanoTime() < options.closeGraceSeconds() * 1_000_000_000L) return;
            }
            closing.poll();
            MessageState m = messages.remove(c.key());
            if (m != null) {
                idle.remove(m);
                emit(m, null, out);
            }
        }
    }

    private void expireIdle(Consumer<MailEvent> out) {
        if (logClock == Long.MIN_VALUE) return;
        for (MessageState m : idle.expire(logClock - options.idleTimeoutSeconds())) {
            messages.remove(key(m.host, m.localId));
            emit(m, "idle-timeout", out);
        }
    }

    private void evictOldest(Consumer<MailEvent> out) {
        Iterator<Map.Entry<String, MessageState>> it = messages.entrySet().iterator();
        MessageState m = it.next().getValue();
        it.remove();
        idle.remove(m);
        evicted++;
        emit(m, "evicted", out);
    }

    private void emit(MessageState m, String incompleteReason, Consumer<MailEvent> out) {
        if (m.messageId != null) byMessageId.remove(m.messageId);
        policies(m);
        if (m.previous != null) policies(m.previous);
        List<MailEvent> spamd = m.nextId == null && m.messageId != null ? byDeliveredCopy.remove(m.messageId) : null;
        if (spamd != null) spamd.forEach(m::absorb);
        summaries++;
        if (incompleteReason != null) incomplete++;
        out.accept(m.summary(incompleteReason, options.locality()));
    }

    private static String key(String host, String id) {
        return host == null ? id : host + '\u0000' + id;
    }

    @Override
    public String stateName() {
        return "correlation";
    }

    @Override
    public synchronized void writeState(ObjectOutputStream out) throws IOException {
        out.writeObject(new Saved(new LinkedHashMap<>(messages), new ArrayList<>(closing), sessions.open(),
                new HashMap<>(byMessageId), seq, logClock, summaries, incomplete, evicted, sessions.evicted(),
                new HashMap<>(policyByClient), new HashMap<>(earlyVerdicts), new HashMap<>(earlyReturns),
                new HashMap<>(earlyHandoffs), new HashMap<>(byDeliveredCopy)));
    }

    @Override
    public void readState(ObjectInputStream in) throws IOException, ClassNotFoundException {
        Saved s = (Saved) in.readObject(); // all of it first: a damaged file leaves this correlator as it is
        synchronized (this) {
            messages.putAll(s.messages());
            for (MessageState m : s.messages().values()) {
                created = Math.max(created, m.created + 1);
                if (!m.removed()) idle.touch(m);
            }
            long now = System.nanoTime(); // the grace in wall time starts again: nanoTime is per process
            for (Closing c : s.closing()) closing.add(new Closing(c.key(), c.seq(), now));
            sessions.restore(s.sessions(), s.sessionsEvicted());
            byMessageId.putAll(s.byMessageId());
            // lines that came before the message they belong to (policy answers, verdicts, returns, spamd)
            policyByClient.putAll(s.policyByClient());
            earlyVerdicts.putAll(s.earlyVerdicts());
            earlyReturns.putAll(s.earlyReturns());
            earlyHandoffs.putAll(s.earlyHandoffs());
            byDeliveredCopy.putAll(s.byDeliveredCopy());
            seq = Math.max(seq, s.seq());
            logClock = Math.max(logClock, s.logClock());
            summaries += s.summaries();
            incomplete += s.incomplete();
            evicted += s.evicted();
        }
    }

    /** Counters for --stats and Logstash metrics. */
    public synchronized Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("summaries", summaries);
        c.put("incomplete", incomplete);
        c.put("evicted", evicted);
        c.put("in_flight", (long) messages.size());
        c.put("sessions_evicted", sessions.evicted());
        return c;
    }

    public synchronized int inFlight() {
        return messages.size();
    }

    List<String> keysForTest() {
        return List.copyOf(messages.keySet());
    }
}
