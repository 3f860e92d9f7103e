package org.mailsight.exim;

import org.mailsight.event.Actions;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;

/** {@code DKIM: d=example.com s=sel c=relaxed/relaxed a=rsa-sha256 b=2048 [verification succeeded]}. */
final class Dkim {
    private Dkim() {}

    static boolean parse(Cursor c, MailEvent e) {
        String s = c.text();
        int open = s.lastIndexOf(" [");
        String fields = open > c.pos() ? s.substring(c.pos(), open) : s.substring(c.pos());
        for (String kv : fields.split(" ")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) continue;
            String v = kv.substring(eq + 1);
            switch (kv.substring(0, eq)) {
                case "d" -> e.put("exim.dkim.domain", v);
                case "s" -> e.put("exim.dkim.selector", v);
                case "a" -> e.put("exim.dkim.algorithm", v);
                case "i" -> e.put("exim.dkim.identity", v);
                default -> { }
            }
        }
        String result = open > c.pos() && s.endsWith("]") ? s.substring(open + 2, s.length() - 1) : "";
        e.put("exim.dkim.result", result.isEmpty() ? "signed" : result);
        Actions.set(e, "info");
        if (result.startsWith("verification succeeded")) Actions.outcome(e, "success");
        else if (result.startsWith("verification failed") || result.startsWith("invalid")) Actions.outcome(e, "failure");
        c.rest();
        return true;
    }
}
