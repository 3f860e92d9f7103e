package org.mailsight.correlate;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

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
public final class Correlator {

    /** Settings; validated by the front doors. */
    public record Options(int maxMessages, int maxSessions, long idleTimeoutSeconds, int closeGrace,
                          long closeGraceSeconds, Locality locality) {
        public static Options defaults() {
            return new Options(100_000, 100_000, 3600, 1000, 10, Locality.defaults());
        }
    }

    private record Closing(String key, long seq, long nanoTime) {}

    private final Options options;
    private final LinkedHashMap<String, MessageState> messages = new LinkedHashMap<>();
    private final ArrayDeque<Closing> closing = new ArrayDeque<>();
    private final IdleWheel idle = new IdleWheel();
    private long created;
    private final Sessions sessions;
    private final Map<String, String> byMessageId = new HashMap<>(); // Message-ID -> message key (for LMTP links)
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
            if (m.removed()) {
                idle.remove(m); // ended: summarized after the grace, never idle
                if (!wasRemoved) closing.add(new Closing(key, seq, System.nanoTime()));
            } else {
                idle.touch(m);
            }
        } else {
            sessions.accept(e);
        }
        if ("dovecot".equals(module) && "delivered".equals(e.get(Fields.EVENT_ACTION))) {
            // Postfix (or Exim) handed the message to Dovecot LMTP: link by Message-ID
            String msgId = e.getString(Fields.EMAIL_MESSAGE_ID);
            String key = msgId == null ? null : byMessageId.get(msgId);
            MessageState m = key == null ? null : messages.get(key);
            if (m != null) {
                m.mailbox(e.getString(Fields.USER_NAME), e.getString("dovecot.mailbox"));
                e.put("mail.correlation.local_id", m.localId);
            }
        }
        drain(false, out);
        if ((seq & 1023) == 0) expireIdle(out);
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
        sessions.clear();
    }

    private void drain(boolean all, Consumer<MailEvent> out) {
        long now = System.nanoTime();
        while (!closing.isEmpty()) {
            Closing c = closing.peek();
            boolean due = all || (seq - c.seq() >= options.closeGrace()
                    && now - c.nanoTime() >= options.closeGraceSeconds() * 1_000_000_000L);
            if (!due) return;
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
        summaries++;
        if (incompleteReason != null) incomplete++;
        out.accept(m.summary(incompleteReason, options.locality()));
    }

    private static String key(String host, String id) {
        return host == null ? id : host + '\u0000' + id;
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
