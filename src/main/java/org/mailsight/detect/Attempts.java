package org.mailsight.detect;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * Turns failed-login lines into attempts, counting one attempt seen by two daemons once:
 * <ul>
 * <li>Dovecot's auth process line ({@code passwd-file(user,ip,<session>): Password mismatch}) and its login
 *     process line for the same session ({@code imap-login: ... (auth failed, N attempts ...) session=<...>}):
 *     a session counts max(auth lines, N);</li>
 * <li>Postfix's (or Exim's) SASL failure and Dovecot's auth line without a session for the same address and
 *     account a few seconds apart (the MTA authenticates through Dovecot): one attempt.</li>
 * </ul>
 * Lines that are not a wrong password (a lost database connection, a plaintext refusal, a client that gave up,
 * a passdb lookup without a client address) are not attempts. Both memories are bounded.
 */
final class Attempts {
    static final long PAIR_MILLIS = 10_000;

    private final Map<String, int[]> sessions;
    private final Map<String, long[]> unpaired; // "ip" -> {time, side (1 MTA, 2 Dovecot auth), ...}
    private long merged;

    Attempts(int cap) {
        sessions = bounded(cap);
        unpaired = bounded(cap);
    }

    private static <V> Map<String, V> bounded(int cap) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > cap;
            }
        };
    }

    /** How many new attempts this auth-failed line adds (0 when another line already counted it). */
    int count(MailEvent e, long t, String reason) {
        String module = e.getString(Fields.EVENT_MODULE);
        String process = e.getString(Fields.PROCESS_NAME);
        String session = e.getString("dovecot.session");
        String ip = e.getString(Fields.SOURCE_IP);
        if ("dovecot".equals(module)) {
            boolean authProcess = process != null && process.startsWith("auth");
            if (authProcess) {
                if (ip == null || reason.contains("query failed") || "error".equals(e.get(Fields.LOG_LEVEL))) return 0;
                if (session != null) return session(session, 1, 0);
                return pair(ip, e.getString(Fields.USER_NAME), t, 2);
            }
            if (!reason.contains("auth failed")) return 0; // plaintext refused, client gave up, auth not ready
            long n = e.get("dovecot.auth_attempts") instanceof Number a ? a.longValue() : 1;
            if (session != null) return session(session, 0, (int) Math.max(1, n));
            return (int) Math.max(1, n);
        }
        // Postfix smtpd, Exim authenticators
        if (ip == null) return 1;
        return pair(ip, e.getString(Fields.USER_NAME), t, 1);
    }

    private int session(String id, int authLines, int loginAttempts) {
        int[] s = sessions.get(id);
        if (s == null) {
            s = new int[2];
            sessions.put(id, s);
        }
        int before = Math.max(s[0], s[1]);
        s[0] += authLines;
        s[1] = Math.max(s[1], loginAttempts);
        int delta = Math.max(s[0], s[1]) - before;
        if (delta == 0) merged++;
        return delta;
    }

    /** Pairs an MTA failure with a Dovecot auth failure of the same address (and account) within a few seconds. */
    private int pair(String ip, String user, long t, int side) {
        long[] open = unpaired.get(ip);
        int userHash = user == null ? 0 : user.toLowerCase(java.util.Locale.ROOT).hashCode();
        if (open != null) {
            for (int i = 0; i < open.length; i += 3) {
                if (open[i + 1] != 0 && open[i + 1] != side && Math.abs(open[i] - t) <= PAIR_MILLIS
                        && (open[i + 2] == 0 || userHash == 0 || open[i + 2] == userHash)) {
                    open[i + 1] = 0; // paired: used up
                    merged++;
                    return 0;
                }
            }
        }
        // remember this one, keeping the 8 most recent per address
        long[] next = open == null ? new long[3] : java.util.Arrays.copyOf(open, Math.min(open.length + 3, 24));
        if (open != null && open.length == 24) System.arraycopy(next, 3, next, 0, 21);
        int at = next.length - 3;
        next[at] = t;
        next[at + 1] = side;
        next[at + 2] = userHash;
        unpaired.put(ip, next);
        return 1;
    }

    long merged() {
        return merged;
    }
}
