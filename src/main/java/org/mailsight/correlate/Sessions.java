package org.mailsight.correlate;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * SMTP sessions (Postfix smtpd and postscreen: host and pid, from connect to disconnect) and IMAP/POP sessions
 * (Dovecot: session id, from login to logout). Events inside a session get what the session knows: the client,
 * its HELO, TLS and authenticated user; the end of a session gets its totals.
 */
final class Sessions {
    private final int max;
    private final LinkedHashMap<String, Session> open = new LinkedHashMap<>();
    private long evicted;

    Sessions(int max) {
        this.max = max;
    }

    private static final class Session implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        String ip;
        String domain;
        Object port;
        String helo;
        String tlsVersion;
        String tlsProtocol;
        String tlsCipher;
        String user;
        String method;
        long startSec = Long.MIN_VALUE;
        int startNanos;
        long rejects;
        long authFailures;
        long messages;
    }

    long evicted() { return evicted; }

    /** A copy of the open sessions, for a snapshot. */
    LinkedHashMap<String, ? extends java.io.Serializable> open() {
        return new LinkedHashMap<>(open);
    }

    @SuppressWarnings("unchecked")
    void restore(LinkedHashMap<String, ? extends java.io.Serializable> saved, long evictedBefore) {
        for (Map.Entry<String, ? extends java.io.Serializable> e : saved.entrySet()) put(e.getKey(), (Session) e.getValue());
        evicted += evictedBefore;
    }

    void clear() {
        open.clear();
    }

    void accept(MailEvent e) {
        String module = e.getString(Fields.EVENT_MODULE);
        String action = e.getString(Fields.EVENT_ACTION);
        if (action == null) return;
        if ("postfix".equals(module)) smtp(e, action);
        else if ("dovecot".equals(module)) mailbox(e, action);
    }

    private void smtp(MailEvent e, String action) {
        String process = e.getString(Fields.PROCESS_NAME);
        if (!"smtpd".equals(process)) return;
        Object pid = e.get(Fields.PROCESS_PID);
        if (pid == null) return;
        String key = e.getString(Fields.HOST_HOSTNAME) + '\u0000' + e.getString(Fields.LOG_SYSLOG_APPNAME) + '\u0000' + pid;
        Session s = open.get(key);
        if ("connect".equals(action)) {
            s = new Session();
            s.ip = e.getString(Fields.SOURCE_IP);
            s.domain = e.getString(Fields.SOURCE_DOMAIN);
            s.port = e.get(Fields.SOURCE_PORT);
            start(s, e);
            put(key, s);
            return;
        }
        if (s == null) return;
        switch (action) {
            case "tls-established" -> {
                s.tlsVersion = e.getString(Fields.TLS_VERSION);
                s.tlsProtocol = e.getString(Fields.TLS_VERSION_PROTOCOL);
                s.tlsCipher = e.getString(Fields.TLS_CIPHER);
            }
            case "rejected" -> s.rejects++;
            case "auth-failed" -> s.authFailures++;
            case "received" -> s.messages++;
            default -> { }
        }
        if (e.has(Fields.MAIL_HELO) && s.helo == null) s.helo = e.getString(Fields.MAIL_HELO);
        if (e.has(Fields.USER_NAME) && "received".equals(action)) s.user = e.getString(Fields.USER_NAME);
        enrich(e, s);
        if ("disconnect".equals(action) || "lost-connection".equals(action) || "timeout".equals(action)
                || "too-many-errors".equals(action)) {
            open.remove(key);
            duration(e, s);
            e.put("mail.session.rejects", s.rejects);
            e.put("mail.session.auth_failures", s.authFailures);
            e.put("mail.session.messages", s.messages);
        }
    }

    private void mailbox(MailEvent e, String action) {
        String id = e.getString("dovecot.session");
        if (id == null) return;
        int r = id.indexOf(":R");
        if (r > 0) id = id.substring(0, r); // a recipient's sub-session of one LMTP session
        Session s = open.get(id);
        if ("mailbox-login".equals(action)) {
            s = new Session();
            s.ip = e.getString(Fields.SOURCE_IP);
            s.user = e.getString(Fields.USER_NAME);
            s.method = e.getString(Fields.MAIL_AUTH_METHOD);
            s.tlsProtocol = e.has(Fields.TLS_ESTABLISHED) ? "tls" : null;
            start(s, e);
            put(id, s);
            return;
        }
        if (s == null) return;
        e.putIfAbsent(Fields.SOURCE_IP, s.ip);
        e.putIfAbsent(Fields.MAIL_AUTH_METHOD, s.method);
        if ("mailbox-logout".equals(action)) {
            open.remove(id);
            duration(e, s);
        }
    }

    private static void start(Session s, MailEvent e) {
        if (e.hasTimestamp()) {
            s.startSec = e.epochSecond();
            s.startNanos = e.nanos();
        }
    }

    private static void duration(MailEvent e, Session s) {
        if (s.startSec != Long.MIN_VALUE && e.hasTimestamp()) {
            long ns = (e.epochSecond() - s.startSec) * 1_000_000_000L + (e.nanos() - s.startNanos);
            if (ns >= 0) e.put("event.duration", ns);
        }
    }

    private static void enrich(MailEvent e, Session s) {
        if (!e.has(Fields.SOURCE_IP) && s.ip != null) {
            e.put(Fields.SOURCE_IP, s.ip);
            e.add(Fields.RELATED_IP, s.ip);
        }
        e.putIfAbsent(Fields.SOURCE_DOMAIN, s.domain);
        e.putIfAbsent(Fields.SOURCE_PORT, s.port);
        e.putIfAbsent(Fields.MAIL_HELO, s.helo);
        if (!"tls-established".equals(e.get(Fields.EVENT_ACTION))) {
            e.putIfAbsent(Fields.TLS_VERSION, s.tlsVersion);
            e.putIfAbsent(Fields.TLS_VERSION_PROTOCOL, s.tlsProtocol);
            e.putIfAbsent(Fields.TLS_CIPHER, s.tlsCipher);
        }
        if (s.user != null && !e.has(Fields.USER_NAME)) {
            e.put(Fields.USER_NAME, s.user);
            e.add(Fields.RELATED_USER, s.user);
        }
    }

    private void put(String key, Session s) {
        open.put(key, s);
        if (open.size() > max) {
            Iterator<Map.Entry<String, Session>> it = open.entrySet().iterator();
            it.next();
            it.remove();
            evicted++;
        }
    }
}
