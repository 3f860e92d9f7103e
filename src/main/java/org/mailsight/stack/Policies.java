package org.mailsight.stack;

import java.util.Locale;
import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/** Policy servers Postfix asks at RCPT time: policyd-spf (postfix-policyd-spf-python) and postgrey. */
final class Policies {
    private Policies() {}

    /**
     * policyd-spf: "prepend Received-SPF: Pass (mailfrom) identity=mailfrom; client-ip=..; helo=..; envelope-from=..;
     * receiver=..", its debug form "None; identity=helo; client-ip=..", and the reject "550 5.7.23 Message rejected
     * due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=..;ip=..;r=..".
     */
    static boolean spf(String m, MailEvent e) {
        String t = m.startsWith(": ") ? m.substring(2) : m; // the daemon logs an empty instance name first
        int id = StackParser.queueIdEnd(t);
        if (id > 0) {
            e.put(Fields.EMAIL_LOCAL_ID, t.substring(0, id));
            t = t.substring(id + 2);
        }
        if (t.startsWith("prepend Received-SPF: ")) t = t.substring(22);
        int code = Net.code(t, 0);
        if (code >= 400) {
            Cursor c = new Cursor(t);
            Net.reply(c, e);
            Net.error(e, t);
            int why = t.indexOf("Why?s=");
            if (why > 0) {
                for (String kv : t.substring(why + 6).split(";")) {
                    int eq = kv.indexOf('=');
                    if (eq < 0) continue;
                    String k = kv.substring(0, eq);
                    String v = kv.substring(eq + 1);
                    if (k.equals("id")) e.add(Fields.EMAIL_FROM, v);
                    else if (k.equals("ip") && Net.isIp(v)) e.put(Fields.SOURCE_IP, v);
                    else if (k.equals("s")) e.put(StackFields.SPF_IDENTITY, v.equals("mfrom") ? "mailfrom" : v);
                }
            }
            int due = t.indexOf("SPF ");
            if (due > 0) {
                String r = word(t, due + 4);
                if (r != null) e.put(StackFields.SPF, r.toLowerCase(Locale.ROOT));
            }
            Actions.set(e, "rejected");
            return true;
        }
        // "Pass (mailfrom) identity=..." or "Pass; identity=..."
        int sp = 0;
        while (sp < t.length() && Character.isLetter(t.charAt(sp))) sp++;
        if (sp == 0 || sp >= t.length()) return false;
        String result = t.substring(0, sp).toLowerCase(Locale.ROOT);
        if (!result.equals("pass") && !result.equals("fail") && !result.equals("softfail") && !result.equals("neutral")
                && !result.equals("none") && !result.equals("temperror") && !result.equals("permerror")) return false;
        int ident = t.indexOf("identity=", sp);
        if (ident < 0) return false;
        for (String kv : t.substring(ident).split("; ")) {
            int eq = kv.indexOf('=');
            if (eq < 0) continue;
            String k = kv.substring(0, eq);
            String v = kv.substring(eq + 1).trim();
            switch (k) {
                case "identity" -> e.put(StackFields.SPF_IDENTITY, v);
                case "client-ip" -> { if (Net.isIp(v)) e.put(Fields.SOURCE_IP, v); }
                case "helo" -> e.put(Fields.MAIL_HELO, v);
                case "envelope-from" -> e.add(Fields.EMAIL_FROM, v);
                case "receiver" -> e.put(Fields.DESTINATION_DOMAIN, v);
                default -> { }
            }
        }
        e.put(StackFields.SPF, result);
        Actions.set(e, "auth-checked");
        StackParser.outcome(e, result);
        return true;
    }

    private static String word(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isLetter(s.charAt(i))) i++;
        return i > from ? s.substring(from, i) : null;
    }

    /**
     * postgrey: "[QUEUEID: ]action=greylist, reason=new, client_name=.., client_address=.., sender=.., recipient=.."
     * ("pass" with reason "triplet found" and a delay, "client whitelist", "recipient whitelist", ...), and its
     * Net::Server start-up lines.
     */
    static boolean postgrey(String m, MailEvent e) {
        String t = m;
        int id = StackParser.queueIdEnd(t);
        if (id > 0 && t.startsWith("action=", id + 2)) {
            e.put(Fields.EMAIL_LOCAL_ID, t.substring(0, id));
            t = t.substring(id + 2);
        }
        if (t.startsWith("action=")) {
            String action = null;
            // sender and recipient come last and are the client's words: cut them off by position
            int sender = t.indexOf(", sender=");
            int recipient = t.lastIndexOf(", recipient=");
            if (sender > 0 && recipient > sender) {
                e.add(Fields.EMAIL_FROM, t.substring(sender + 9, recipient));
                e.add(Fields.EMAIL_TO, t.substring(recipient + 12));
                t = t.substring(0, sender);
            }
            for (String kv : t.split(", ")) {
                int eq = kv.indexOf('=');
                if (eq < 0) return false;
                String k = kv.substring(0, eq);
                String v = kv.substring(eq + 1);
                switch (k) {
                    case "action" -> action = v;
                    case "reason" -> e.put(StackFields.GREYLIST_REASON, v);
                    case "delay" -> e.put(StackFields.GREYLIST_DELAY, StackParser.integer(v));
                    case "client_name" -> { if (!v.equals("unknown")) e.put(Fields.SOURCE_DOMAIN, v); }
                    case "client_address" -> { if (Net.isIp(v)) e.put(Fields.SOURCE_IP, v); }
                    case "sender" -> e.add(Fields.EMAIL_FROM, v);
                    case "recipient" -> e.add(Fields.EMAIL_TO, v);
                    default -> { }
                }
            }
            if (action == null) return false;
            e.put(StackFields.GREYLIST_ACTION, action);
            Actions.set(e, action.equals("greylist") ? "greylisted" : "accepted");
            return true;
        }
        if (t.contains(" starting! pid(")) {
            Actions.set(e, "service-started");
            return true;
        }
        if (t.equals("Process Backgrounded") || t.startsWith("Binding to ") || t.startsWith("Setting gid to ")
                || t.startsWith("Setting uid to ") || t.startsWith("cleaning up ") || t.startsWith("cleaning ")
                || t.startsWith("Couldn't finish daemonizing")) {
            Actions.set(e, "service-status");
            return true;
        }
        if (t.endsWith("Server closing!")) {
            Actions.set(e, "service-stopped");
            return true;
        }
        return false;
    }
}
