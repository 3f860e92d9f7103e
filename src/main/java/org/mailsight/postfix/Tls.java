package org.mailsight.postfix;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;
import org.mailsight.parse.TlsVersion;

/** TLS lines shared by smtpd, smtp, lmtp, tlsproxy and postscreen. */
final class Tls {
    private Tls() {}

    /**
     * {@code TRUST TLS connection established from|to HOST: VERSION with cipher CIPHER (B/A bits)}
     * followed, since Postfix 3.4, by {@code key-exchange K server-signature S (N bits) server-digest D}
     * and optionally {@code client-signature S (N bits) client-digest D}.
     */
    static boolean established(Cursor c, MailEvent e) {
        int start = c.pos();
        String trust = c.until(" TLS connection ");
        if (trust == null || trust.indexOf(' ') >= 0 || trust.length() > 12
                || !(c.skip("established ") || c.skip("reused "))) {
            c.pos(start);
            return false;
        }
        Net.Side side;
        if (c.skip("from ")) side = Net.Side.SOURCE;
        else if (c.skip("to ")) side = Net.Side.DESTINATION;
        else {
            c.pos(start);
            return false;
        }
        c.skipSpaces();
        if (!Net.endpoint(c, e, side)) {
            c.pos(start);
            return false;
        }
        if (c.skip(" to ")) e.put("tls.client.server_name", c.upTo(':', ' '));
        if (!c.skip(": ")) {
            c.pos(start);
            return false;
        }
        Actions.set(e, "tls-established");
        e.put(Fields.POSTFIX_TLS_LEVEL, trust);
        e.put(Fields.TLS_ESTABLISHED, Boolean.TRUE);
        e.put("network.direction", side == Net.Side.SOURCE ? "inbound" : "outbound");
        TlsVersion.put(c.word(), e);
        if (c.skip("with cipher ")) e.put(Fields.TLS_CIPHER, c.word());
        if (c.skip('(')) {
            long bits = c.number();
            if (bits >= 0) e.put(Fields.POSTFIX_TLS_BITS, bits);
            if (c.skip('/')) {
                long alg = c.number();
                if (alg >= 0) e.put(Fields.POSTFIX_TLS_ALG_BITS, alg);
            }
            c.until(") ");
        }
        while (!c.atEnd()) {
            String key = c.word();
            String value = c.word();
            switch (key) {
                case "key-exchange" -> e.put(Fields.POSTFIX_TLS_KEY_EXCHANGE, value);
                case "server-signature" -> e.put(Fields.POSTFIX_TLS_SERVER_SIGNATURE, value);
                case "server-digest" -> e.put(Fields.POSTFIX_TLS_SERVER_DIGEST, value);
                case "client-signature" -> e.put(Fields.POSTFIX_TLS_CLIENT_SIGNATURE, value);
                case "client-digest" -> e.put(Fields.POSTFIX_TLS_CLIENT_DIGEST, value);
                default -> { }
            }
            if (c.peek() == '(') c.until(") ");
        }
        return true;
    }

    /**
     * Other TLS lines: "setting up TLS connection from|to H", "H: TLS cipher list ...", "SSL_accept error from H: -1",
     * "SSL_connect error to H: -1", "certificate verification failed for H: ...", "server certificate verification
     * failed for H: ...", "H: Trusted subject_CN=...", "H: subject_CN=..., issuer_CN=...", "H: depth=0 verify=1 ...",
     * "H: Matched subjectAltName: ...", "H: Server certificate not trusted", "Cannot start TLS: handshake failure".
     */
    static boolean other(Cursor c, MailEvent e) {
        int start = c.pos();
        if (c.skip("setting up TLS connection ")) {
            endpointAfter(c, e);
            Actions.set(e, "tls-info");
            return true;
        }
        if (c.skip("SSL_accept error from ") || c.skip("SSL_connect error to ")) {
            boolean accept = c.text().startsWith("SSL_accept", start);
            Net.endpoint(c, e, accept ? Net.Side.SOURCE : Net.Side.DESTINATION);
            Actions.set(e, "tls-failed");
            reason(c, e);
            return true;
        }
        if (c.skip("certificate verification failed for ") || c.skip("server certificate verification failed for ")
                || c.skip("client certificate verification failed for ")) {
            Net.endpoint(c, e, c.text().startsWith("client", start) ? Net.Side.SOURCE : Net.Side.DESTINATION);
            Actions.set(e, "tls-verify-failed");
            reason(c, e);
            return true;
        }
        if (c.skip("Cannot start TLS: ")) {
            Actions.set(e, "tls-failed");
            e.put(Fields.ERROR_MESSAGE, c.rest());
            return true;
        }
        // "host[addr]:port: TLS detail"
        String text = c.text();
        int close = text.indexOf(']', start);
        int colon = close < 0 ? -1 : text.indexOf(": ", close);
        if (colon > 0 && colon - close <= 7 && tlsDetail(text, colon + 2)) {
            String rest = text.substring(colon + 2);
            Net.endpoint(c, e, sideOf(e));
            boolean failed = rest.startsWith("Server certificate not ") || rest.startsWith("Client certificate not ");
            Actions.set(e, failed ? "tls-verify-failed" : "tls-info");
            if (failed) e.put(Fields.ERROR_MESSAGE, rest);
            if (rest.startsWith("subject_CN=") || rest.startsWith("Trusted subject_CN=")) subject(rest, e);
            c.rest();
            return true;
        }
        c.pos(start);
        return false;
    }

    private static final String[] DETAILS = {
        "TLS cipher list", "depth=", "subject_CN=", "Trusted subject_CN=", "Untrusted subject_CN=", "Matched ",
        "issuer=", "subject=", "pkey_fingerprint", "fingerprint", "cert_fingerprint", "Server certificate not ",
        "Client certificate not ", "re-using session", "Reusing old session", "save session", "TLS handshake",
        "certificate verification", "verify error", "SNI", "Issuing session ticket", "Decrypting session ticket",
        "Reusing session ticket"
    };

    private static boolean tlsDetail(String s, int at) {
        for (String d : DETAILS) if (s.startsWith(d, at)) return true;
        return false;
    }

    private static Net.Side sideOf(MailEvent e) {
        String proc = e.getString(Fields.PROCESS_NAME);
        return proc != null && (proc.equals("smtpd") || proc.equals("tlsproxy") || proc.equals("postscreen"))
                ? Net.Side.SOURCE : Net.Side.DESTINATION;
    }

    private static void subject(String rest, MailEvent e) {
        int cn = rest.indexOf("subject_CN=");
        int end = rest.indexOf(',', cn);
        String v = rest.substring(cn + 11, end < 0 ? rest.length() : end);
        e.put(sideOf(e) == Net.Side.SOURCE ? Fields.TLS_CLIENT_SUBJECT : Fields.TLS_SERVER_SUBJECT, v);
    }

    private static void endpointAfter(Cursor c, MailEvent e) {
        if (c.skip("from ")) Net.endpoint(c, e, Net.Side.SOURCE);
        else if (c.skip("to ")) Net.endpoint(c, e, Net.Side.DESTINATION);
        c.rest();
    }

    private static void reason(Cursor c, MailEvent e) {
        if (c.skip(": ")) e.put(Fields.ERROR_MESSAGE, c.rest());
        else c.rest();
    }
}
