package org.mailsight.parse;

import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/** TLS protocol names as MTAs write them: {@code TLSv1.3}, {@code TLS1.3}, {@code SSLv3}. */
public final class TlsVersion {
    private TlsVersion() {}

    /** Puts tls.version_protocol and tls.version ("TLSv1.3" gives tls and 1.3). */
    public static void put(String v, MailEvent e) {
        if (v.startsWith("TLSv") || v.startsWith("SSLv")) {
            e.put(Fields.TLS_VERSION_PROTOCOL, v.startsWith("T") ? "tls" : "ssl");
            e.put(Fields.TLS_VERSION, v.substring(4));
        } else if (v.startsWith("TLS") || v.startsWith("SSL")) {
            e.put(Fields.TLS_VERSION_PROTOCOL, v.startsWith("T") ? "tls" : "ssl");
            e.put(Fields.TLS_VERSION, v.substring(3));
        } else if (!v.isEmpty()) {
            e.put(Fields.TLS_VERSION, v);
        }
    }
}
