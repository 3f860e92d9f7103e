package org.mailsight.report;

/**
 * The restriction behind an SMTP reject, from its reply text, for grouping: "Recipient address rejected",
 * "Client host rejected", "Service unavailable; Client host [1.2.3.4] blocked using zen.example" becomes
 * "blocked using zen.example". Without a recognizable phrase, the SMTP command the reject answered.
 */
final class Restrictions {
    private Restrictions() {}

    static String of(String reply, String command) {
        String fallback = command == null ? "other" : command + " command";
        if (reply == null) return fallback;
        String r = reply;
        // drop "550 5.7.1 " and a leading "<address>: "
        int i = 0;
        while (i < r.length() && (Character.isDigit(r.charAt(i)) || r.charAt(i) == '.' || r.charAt(i) == ' ')) i++;
        r = r.substring(i);
        if (r.startsWith("<")) {
            int end = r.indexOf(">: ");
            if (end > 0) r = r.substring(end + 3);
        }
        int blocked = r.indexOf(" blocked using ");
        if (blocked >= 0) {
            String list = r.substring(blocked + 15);
            int stop = firstOf(list, ";", ",", " ");
            return "blocked using " + (stop < 0 ? list : list.substring(0, stop));
        }
        int stop = firstOf(r, ":", ";");
        String phrase = (stop < 0 ? r : r.substring(0, stop)).strip();
        if (phrase.isEmpty() || phrase.length() > 60) return fallback;
        return phrase;
    }

    private static int firstOf(String s, String... marks) {
        int best = -1;
        for (String m : marks) {
            int i = s.indexOf(m);
            if (i >= 0 && (best < 0 || i < best)) best = i;
        }
        return best;
    }
}
