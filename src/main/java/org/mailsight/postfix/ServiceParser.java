package org.mailsight.postfix;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;

/** The mail system's own life: master, postfix-script, anvil and scache statistics, postsuper summaries. */
final class ServiceParser {
    private ServiceParser() {}

    static boolean master(Cursor c, MailEvent e) {
        if (c.skip("daemon started -- version ")) return version(c, e, "service-started");
        if (c.skip("reload -- version ")) return version(c, e, "service-reloaded");
        if (c.skip("terminating on signal ")) {
            long sig = c.number();
            if (sig >= 0) e.put(Fields.POSTFIX_SIGNAL, sig);
            Actions.set(e, "service-stopped");
            return c.atEnd();
        }
        return false;
    }

    private static boolean version(Cursor c, MailEvent e, String action) {
        String s = c.text();
        int comma = s.indexOf(", configuration ", c.pos());
        if (comma < 0) return false;
        e.put(Fields.POSTFIX_VERSION, s.substring(c.pos(), comma));
        e.put(Fields.POSTFIX_CONFIG_DIR, s.substring(comma + 16));
        Actions.set(e, action);
        c.rest();
        return true;
    }

    static boolean script(Cursor c, MailEvent e) {
        String m = c.text().substring(c.pos());
        String action = switch (m) {
            case "starting the Postfix mail system" -> "service-started";
            case "stopping the Postfix mail system", "waiting for the Postfix mail system to terminate"
                    -> "service-stopped";
            case "refreshing the Postfix mail system" -> "service-reloaded";
            default -> m.startsWith("the Postfix mail system is ") ? "service-status" : null;
        };
        if (action == null) return false;
        if (m.startsWith("the Postfix mail system is running: PID: ")) {
            try {
                e.put("postfix.master_pid", Long.parseLong(m.substring(41).trim()));
            } catch (NumberFormatException ignored) {
                // left out
            }
        }
        Actions.set(e, action);
        c.rest();
        return true;
    }

    /**
     * anvil: "statistics: max connection rate 1/60s for (smtp:192.0.2.1) at Nov 22 01:02:03",
     * "max connection count N for (...)", "max cache size N at ...";
     * scache: "statistics: start interval ...", "domain lookup hits=...", "address lookup ...",
     * "max simultaneous domains=1 addresses=1 connection=1".
     */
    static boolean statistics(Cursor c, MailEvent e) {
        if (!c.skip("statistics: ")) return false;
        Actions.set(e, "statistics");
        if (c.skip("max ")) {
            String s = c.text();
            int p = c.pos();
            int i = p;
            while (i < s.length() && !Character.isDigit(s.charAt(i))) i++;
            if (i == p || i >= s.length()) {
                e.put(Fields.POSTFIX_SCACHE, c.rest());
                return true;
            }
            String metric = s.substring(p, i).trim().replace(' ', '_');
            if (metric.startsWith("simultaneous_domains=")) {
                e.put(Fields.POSTFIX_SCACHE, s.substring(p));
                c.rest();
                return true;
            }
            e.put(Fields.POSTFIX_ANVIL_METRIC, metric);
            c.pos(i);
            long v = c.number();
            e.put(Fields.POSTFIX_ANVIL_VALUE, v);
            if (c.skip('/')) {
                // "5/60s": per interval; the unit may be s, m, h or d
                long interval = c.number();
                long unit = c.skip('s') ? 1 : c.skip('m') ? 60 : c.skip('h') ? 3600 : c.skip('d') ? 86400 : 1;
                if (interval >= 0) e.put(Fields.POSTFIX_ANVIL_INTERVAL, interval * unit);
            }
            if (c.skip(" for (")) {
                String who = c.until(')');
                if (who != null) anvilClient(who, e);
            }
            c.rest();
            return true;
        }
        e.put(Fields.POSTFIX_SCACHE, c.rest());
        return true;
    }

    /**
     * anvil's "(service:client)": the service is a master.cf name ("smtp") or an inet listener ("127.0.0.1:2525"),
     * the client an address (IPv6 included) or "unknown".
     */
    private static void anvilClient(String who, MailEvent e) {
        int colon = who.indexOf(':', who.startsWith("[") ? Math.max(0, who.indexOf(']')) : 0);
        if (colon > 0 && (Character.isDigit(who.charAt(0)) || who.charAt(0) == '[')) {
            colon = who.indexOf(':', colon + 1); // "127.0.0.1:2525:client", "[::1]:25:client"
        }
        if (colon <= 0) {
            e.put(Fields.POSTFIX_ANVIL_SERVICE, who);
            return;
        }
        e.put(Fields.POSTFIX_ANVIL_SERVICE, who.substring(0, colon));
        org.mailsight.parse.Net.put(e, org.mailsight.parse.Net.Side.SOURCE, null, who.substring(colon + 1), -1);
    }

    /** postsuper: "Deleted: 3 messages", "Placed on hold: 1 message", "Released from hold: ...", "Requeued: ...". */
    static boolean postsuperSummary(Cursor c, MailEvent e) {
        String s = c.text();
        int colon = s.indexOf(": ", c.pos());
        if (colon < 0) return false;
        String action = switch (s.substring(c.pos(), colon)) {
            case "Deleted" -> "removed";
            case "Placed on hold" -> "held";
            case "Released from hold" -> "released";
            case "Requeued" -> "requeued";
            case "Renamed to match inode number", "Removed orphaned" -> "info";
            default -> null;
        };
        if (action == null) return false;
        c.pos(colon + 2);
        long n = c.number();
        if (n < 0) return false;
        e.put(Fields.MAIL_COUNT, n);
        Actions.set(e, action);
        c.rest();
        return true;
    }
}
