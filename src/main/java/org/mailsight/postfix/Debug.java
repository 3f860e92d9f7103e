package org.mailsight.postfix;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/**
 * What a daemon writes with {@code -v} or {@code debug_peer_list}: the SMTP transcript ({@code > host[addr]: 250-ETRN},
 * {@code < host[addr]: MAIL FROM:<a>}), internal function traces ({@code extract_addr: ...},
 * {@code master_notify: status 1}) and IPC chatter ({@code connect to subsystem private/proxymap}).
 * Kept as {@code info} events at log level {@code debug}.
 */
final class Debug {
    private Debug() {}

    private static final String[] CHATTER = {
        "connect to subsystem ", "connection closed", "connection established", "send attr ", "private/",
        "public/", "input attribute ", "Compiled against ", "Run-time linked against ", "server features: ",
        "SSL_accept:", "SSL_connect:", "initializing the server-side TLS engine",
        "initializing the client-side TLS engine", "setting up TLS connection", "auto_clnt_",
        "skipping reply for event "
    };

    static boolean parse(Cursor c, MailEvent e) {
        if (e.has(Fields.LOG_LEVEL)) return false; // warning:, error: ... lines are not debugging
        String s = c.text();
        int p = c.pos();
        if ((s.startsWith("> ", p) || s.startsWith("< ", p)) && Net.endpointEnd(s, p + 2) > 0) {
            c.pos(p + 2);
            Net.endpoint(c, e, Net.Side.SOURCE);
            mark(e, s.substring(p));
            return true;
        }
        for (String prefix : CHATTER) {
            if (s.startsWith(prefix, p)) {
                boolean tls = prefix.startsWith("SSL_") || prefix.contains("TLS");
                mark(e, s.substring(p));
                if (tls) Actions.set(e, "tls-info");
                return true;
            }
        }
        // "function_name: text": a C identifier with an underscore, then a colon
        int i = p;
        boolean underscore = false;
        while (i < s.length() && (Character.isLowerCase(s.charAt(i)) || Character.isDigit(s.charAt(i))
                || s.charAt(i) == '_')) {
            underscore |= s.charAt(i) == '_';
            i++;
        }
        if (underscore && i > p && i < s.length() && s.charAt(i) == ':') {
            mark(e, s.substring(p));
            return true;
        }
        return false;
    }

    private static void mark(MailEvent e, String text) {
        Actions.set(e, "info");
        e.put(Fields.LOG_LEVEL, "debug");
        e.put(Fields.EVENT_REASON, text);
    }
}
