package org.mailsight.stack;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Net;

/** opendkim, opendmarc and clamav-milter: "QUEUEID: text" lines about one message, and start/stop lines. */
final class Milters {
    private Milters() {}

    static boolean opendkim(String m, MailEvent e) {
        if (m.startsWith("OpenDKIM Filter v")) return lifecycle(m, e);
        int id = StackParser.queueIdEnd(m);
        if (id < 0) return false;
        e.put(Fields.EMAIL_LOCAL_ID, m.substring(0, id));
        String t = m.substring(id + 2);
        if (t.startsWith("DKIM-Signature field added (s=") && t.endsWith(")")) {
            // "DKIM-Signature field added (s=test, d=example.test)"
            int d = t.indexOf(", d=");
            if (d < 0) return false;
            e.put(StackFields.DKIM_SELECTOR, t.substring(30, d));
            e.put(StackFields.DKIM_DOMAIN, t.substring(d + 4, t.length() - 1));
            Actions.set(e, "signed");
            return true;
        }
        String result = switch (t) {
            case "DKIM verification successful" -> "pass";
            case "bad signature data" -> "fail";
            case "no signature data" -> "none";
            default -> null;
        };
        if (result != null) {
            e.put(StackFields.DKIM, result);
            Actions.set(e, "auth-checked");
            StackParser.outcome(e, result);
            return true;
        }
        if (t.startsWith("s=")) {
            // the signature being checked: "s=test d=example.test a=rsa-sha256 SSL"
            for (String word : t.trim().split(" ")) {
                if (word.startsWith("s=")) e.put(StackFields.DKIM_SELECTOR, word.substring(2));
                else if (word.startsWith("d=")) e.put(StackFields.DKIM_DOMAIN, word.substring(2));
            }
            return info(e);
        }
        if (t.endsWith(" not internal")) {
            // "client5.remote.test [127.0.0.5] not internal"
            int open = t.indexOf(" [");
            int close = t.indexOf("] ", open + 2);
            if (open < 0 || close < 0) return false;
            e.put(Fields.SOURCE_DOMAIN, t.substring(0, open));
            e.put(Fields.SOURCE_IP, t.substring(open + 2, close));
            return info(e);
        }
        if (t.startsWith("external host ") && t.contains(" attempted to send as ")) {
            int as = t.lastIndexOf(" attempted to send as ");
            e.put(Fields.SOURCE_DOMAIN, t.substring(14, as));
            return info(e);
        }
        if (t.equals("not authenticated") || t.startsWith("no signing domain match for ")
                || t.startsWith("no signing subdomain match for ") || t.startsWith("no signing table match for ")
                || t.startsWith("key retrieval failed") || t.startsWith("SSL error")) {
            return info(e);
        }
        return false;
    }

    static boolean opendmarc(String m, MailEvent e) {
        if (m.startsWith("OpenDMARC Filter v")) return lifecycle(m, e);
        if (m.startsWith("additional trusted authentication services: ")) {
            Actions.set(e, "service-status");
            return true;
        }
        if (m.startsWith("ignoring connection from ")) {
            e.put(Fields.SOURCE_DOMAIN, m.substring(25));
            return info(e);
        }
        int id = StackParser.queueIdEnd(m);
        if (id < 0) return false;
        // "3500252A703: example.test pass"
        String t = m.substring(id + 2);
        int sp = t.lastIndexOf(' ');
        if (sp <= 0 || t.indexOf(' ') != sp) return false;
        String result = t.substring(sp + 1);
        if (!result.equals("pass") && !result.equals("fail") && !result.equals("none") && !result.equals("bestguesspass")
                && !result.equals("temperror") && !result.equals("permerror")) return false;
        e.put(Fields.EMAIL_LOCAL_ID, m.substring(0, id));
        e.put(StackFields.DMARC_DOMAIN, t.substring(0, sp));
        e.put(StackFields.DMARC, result);
        Actions.set(e, "auth-checked");
        StackParser.outcome(e, result);
        return true;
    }

    static boolean clamav(String m, MailEvent e) {
        if (m.startsWith("+++ Started at ")) {
            Actions.set(e, "service-started");
            return true;
        }
        if (m.startsWith("--- Stopped at ")) {
            Actions.set(e, "service-stopped");
            return true;
        }
        // "Clean message ID from <a> to <b> with subject '...' ..." / "Message ID from <a> ... infected by NAME"
        boolean clean = m.startsWith("Clean message ");
        if (!clean && !m.startsWith("Message ")) return false;
        int p = clean ? 14 : 8;
        int sp = m.indexOf(' ', p);
        if (sp < 0 || !m.startsWith(" from <", sp)) return false;
        e.put(Fields.EMAIL_LOCAL_ID, m.substring(p, sp));
        int fromEnd = m.indexOf("> to <", sp + 7);
        if (fromEnd < 0) return false;
        e.add(Fields.EMAIL_FROM, m.substring(sp + 7, fromEnd));
        int toEnd = m.indexOf('>', fromEnd + 6);
        if (toEnd < 0) return false;
        e.add(Fields.EMAIL_TO, m.substring(fromEnd + 6, toEnd));
        e.put(StackFields.VIRUS_ENGINE, "clamav");
        if (clean) {
            e.put(StackFields.VIRUS_VERDICT, "clean");
            Actions.set(e, "scanned");
            Actions.outcome(e, "success");
            return true;
        }
        int by = m.lastIndexOf(" infected by ");
        if (by < toEnd) return false;
        e.put(StackFields.VIRUS_VERDICT, "infected");
        e.put(StackFields.VIRUS_NAME, m.substring(by + 13));
        Actions.set(e, "scanned");
        Actions.outcome(e, "failure");
        return true;
    }

    /** "OpenDKIM Filter v2.11.0 starting (args: ...)", "... terminating with status 0, errno = 0". */
    private static boolean lifecycle(String m, MailEvent e) {
        int sp = m.indexOf(' ', m.indexOf(" v") + 2);
        if (sp < 0) return false;
        e.put("service.version", m.substring(m.indexOf(" v") + 2, sp));
        if (m.startsWith(" starting", sp)) Actions.set(e, "service-started");
        else if (m.startsWith(" terminating", sp)) Actions.set(e, "service-stopped");
        else return false;
        return true;
    }

    static boolean info(MailEvent e) {
        Actions.set(e, "info");
        return true;
    }

    static String angle(String s) {
        return s != null && s.length() >= 2 && s.charAt(0) == '<' && s.charAt(s.length() - 1) == '>'
                ? s.substring(1, s.length() - 1) : s;
    }

    static String ipOf(String s) {
        return Net.isIp(s) ? s : null;
    }
}
