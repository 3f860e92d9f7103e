package org.mailsight.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * The privacy stage, last in the pipeline (the stages before it saw the real values): removes the fields of the
 * drop list and, with the {@code minimal} profile, every field detection and the dashboards do not use; then, with
 * a key, replaces every mail address, user name and (optionally) IP address in every remaining value, free text
 * ({@code message}, {@code event.original}, replies) included, by its keyed pseudonym. No I/O, no static state;
 * safe for many threads.
 */
public final class Privacy {
    /** The profiles: {@code full} keeps every field, {@code minimal} only {@link #MINIMAL}. */
    public enum Profile { full, minimal }

    /**
     * The settings: the pseudonym key (null for no pseudonyms), whether IP addresses get pseudonyms too, the fields
     * to drop (a name drops the field and everything under it) and the profile.
     */
    public record Options(byte[] key, boolean ip, List<String> drop, Profile profile) {
        public Options {
            key = key == null ? null : key.clone();
            drop = List.copyOf(drop);
        }

        public boolean on() {
            return key != null || !drop.isEmpty() || profile == Profile.minimal;
        }

        @Override
        public String toString() { // never the key
            return "Options[pseudonyms=" + (key != null) + ", ip=" + ip + ", drop=" + drop + ", profile=" + profile + "]";
        }
    }

    /**
     * What the {@code minimal} profile keeps (a name keeps everything under it): what the kit's dashboards, watches
     * and Kibana rules and the detection rules read, and the categorization. PrivacyKitTest checks the kit against it.
     */
    public static final List<String> MINIMAL = List.of(
            "event.action", "event.kind", "event.category", "event.type", "event.outcome", "event.dataset",
            "event.module", "event.reason", "event.severity", "event.risk_score", "event.start", "event.end",
            "event.duration", "host.hostname", "service.type", "service.name", "process.name", "log.level", "tags",
            "email.local_id", "email.from.address", "email.to.address", "email.direction", "user.name",
            "source.ip", "source.geo", "source.as", "destination.ip", "destination.domain", "destination.geo",
            "destination.as", "related", "network.protocol", "tls.version", "tls.cipher", "tls.established",
            "error.message", "error.code", "mail.status", "mail.dsn", "mail.delay", "mail.relay", "mail.response",
            "mail.recipient_domain", "mail.counts", "mail.nrcpt", "mail.size", "mail.dnsbl",
            "mail.source.network_type", "mail.destination.network_type", "mail.auth.method", "mail.auth_results",
            "mail.smtp.code",
            "mail.alert", "mail.hop", "mail.spam", "mail.virus", "mail.integrity", "mail.correlation", "rule", "postfix.postscreen.test",
            "dovecot.quota_exceeded");

    private final Options options;
    private final Pseudonyms pseudonyms;
    private final LongAdder events = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder replaced = new LongAdder();

    public Privacy(Options options) {
        this.options = options;
        this.pseudonyms = options.key() == null ? null : new Pseudonyms(options.key());
    }

    /** Applies the settings to one event in place. */
    public void accept(MailEvent e) {
        events.increment();
        if (options.profile() == Profile.minimal || !options.drop().isEmpty()) drop(e);
        if (pseudonyms != null) pseudonymize(e);
    }

    /** Counters for --stats: events seen, fields dropped, values given a pseudonym. */
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("events", events.sum());
        c.put("dropped", dropped.sum());
        c.put("pseudonymized", replaced.sum());
        return c;
    }

    private void drop(MailEvent e) {
        for (int i = e.size() - 1; i >= 0; i--) {
            String key = e.keyAt(i);
            boolean gone = options.profile() == Profile.minimal && !under(key, MINIMAL) || under(key, options.drop());
            if (gone) {
                e.remove(key);
                dropped.increment();
            }
        }
    }

    /** True when the key is one of the names or under one of them. */
    static boolean under(String key, List<String> names) {
        for (String n : names) {
            if (key.equals(n) || key.length() > n.length() && key.startsWith(n) && key.charAt(n.length()) == '.') {
                return true;
            }
        }
        return false;
    }

    private void pseudonymize(MailEvent e) {
        Set<String> users = users(e);
        List<String> phrases = phrases(e);
        for (int i = 0, n = e.size(); i < n; i++) {
            String key = e.keyAt(i);
            if (structural(key)) continue;
            Object v = e.valueAt(i);
            Object out = rewrite(v, users, phrases);
            if (out != v) e.put(key, out);
        }
    }

    /**
     * Text people wrote (the Subject, a logged header's value): any name could be in it, so wherever it stands it
     * becomes one pseudonym, longest first (a Subject is also inside the header line that carries it).
     */
    private static List<String> phrases(MailEvent e) {
        List<String> phrases = new ArrayList<>(1);
        for (String key : PHRASE_FIELDS) {
            if (e.get(key) instanceof String s && !s.isEmpty() && !s.startsWith(Pseudonyms.PREFIX)) phrases.add(s);
        }
        if (phrases.size() > 1) phrases.sort((a, b) -> b.length() - a.length());
        return phrases;
    }

    private static final String[] PHRASE_FIELDS = {Fields.EMAIL_SUBJECT, Fields.MAIL_HEADER_VALUE, "exim.header_from"};

    /** Fields that name what happened and who logged it, never a person: left as they are. */
    private static boolean structural(String key) {
        if (key == Fields.EVENT_ORIGINAL || key == Fields.EVENT_REASON) return false;
        return key.startsWith("event.") || key.startsWith("process.") || key.startsWith("service.")
                || key.startsWith("log.") || key.startsWith("host.") || key == Fields.TAGS
                || key == Fields.EMAIL_LOCAL_ID;
    }

    /** User names without a domain that this event names (addresses are found by their '@' anywhere). */
    private static Set<String> users(MailEvent e) {
        Set<String> users = new LinkedHashSet<>(2);
        for (String key : USER_FIELDS) {
            Object v = e.get(key);
            if (v instanceof String s) addUser(users, s);
            else if (v instanceof List<?> l) for (Object o : l) if (o instanceof String s) addUser(users, s);
        }
        return users;
    }

    /** Where a user name or a bare local part (an address without domain: {@code <alice>}) stands. */
    private static final String[] USER_FIELDS = {Fields.USER_NAME, Fields.RELATED_USER, "exim.local_user",
        "exim.authenticated", "exim.local_part", "user.id", Fields.EMAIL_FROM, Fields.EMAIL_TO, "mail.orig_to"};

    private static void addUser(Set<String> users, String s) {
        // a file or pipe recipient (/dev/null, |/usr/bin/procmail) or Exim's ":blackhole:" and "DATA ACL
        // discarded recipients" name a program or a verdict, not a person
        if (!s.isEmpty() && s.indexOf('@') < 0 && !s.startsWith(Pseudonyms.PREFIX) && s.charAt(0) != '/'
                && s.charAt(0) != '|' && s.charAt(0) != ':' && s.indexOf(' ') < 0 && !system(s)) users.add(s);
    }

    /** System and role accounts (root, postmaster, MAILER-DAEMON, ...) name no person: they stay readable. */
    public static final Set<String> SYSTEM_ACCOUNTS = Set.of("root", "postmaster", "mailer-daemon", "nobody", "mail",
            "daemon", "www-data", "debian-exim", "exim", "postfix", "dovecot", "dovenull", "vmail", "abuse",
            "hostmaster", "webmaster", "noreply", "no-reply");

    static boolean system(String local) {
        return SYSTEM_ACCOUNTS.contains(local.toLowerCase(java.util.Locale.ROOT));
    }

    /** The value with every address, user name and IP replaced; the same instance when nothing changed. */
    private Object rewrite(Object v, Set<String> users, List<String> phrases) {
        if (v instanceof String s) return text(s, users, phrases);
        if (v instanceof List<?> list) {
            List<Object> copy = null;
            for (int i = 0; i < list.size(); i++) {
                Object o = list.get(i);
                Object r = rewrite(o, users, phrases);
                if (r != o && copy == null) copy = new ArrayList<>(list.subList(0, i));
                if (copy != null) copy.add(r);
            }
            return copy == null ? v : copy;
        }
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> copy = null;
            for (Map.Entry<?, ?> en : map.entrySet()) {
                Object r = rewrite(en.getValue(), users, phrases);
                if (r != en.getValue() && copy == null) copy = new LinkedHashMap<>(map);
                if (copy != null) copy.put(en.getKey(), r);
            }
            return copy == null ? v : copy;
        }
        return v;
    }

    /** Free text or a single value with its personal values replaced by pseudonyms. */
    String text(String s, Set<String> users, List<String> phrases) {
        String out = s;
        for (String p : phrases) out = phrase(out, p);
        out = eximSubject(out);
        out = addresses(out);
        for (String u : users) out = word(out, u);
        if (options.ip()) out = ips(out);
        return out;
    }

    /** Exim's {@code T="subject"} in a line's text, whether or not the parser read it (quotes inside are \"). */
    private String eximSubject(String s) {
        int at = s.indexOf(" T=\"");
        if (at < 0) return s;
        int from = at + 4;
        int to = from;
        while (to < s.length() && s.charAt(to) != '"') to += s.charAt(to) == '\\' ? 2 : 1;
        to = Math.min(to, s.length());
        String subject = s.substring(from, to);
        if (subject.startsWith(Pseudonyms.PREFIX)) return s;
        replaced.increment();
        return s.substring(0, from) + pseudonyms.token(subject) + s.substring(to);
    }

    private String phrase(String s, String p) {
        if (s.indexOf(p) < 0) return s;
        replaced.increment();
        return s.replace(p, pseudonyms.token(p));
    }

    private String addresses(String s) {
        int at = s.indexOf('@');
        if (at < 0) return s;
        StringBuilder b = null;
        int copied = 0;
        while (at >= 0) {
            int from = at;
            while (from > 0 && localChar(s.charAt(from - 1))) from--;
            while (from < at && s.charAt(from) == '.') from++;
            int to = at + 1;
            while (to < s.length() && domainChar(s.charAt(to))) to++;
            while (to > at + 1 && (s.charAt(to - 1) == '.' || s.charAt(to - 1) == '-')) to--;
            boolean pseudonym = from >= 2 && s.charAt(from - 1) == ':' && s.charAt(from - 2) == 'h';
            if (from < at && to > at + 1 && !pseudonym && from >= copied && !system(s.substring(from, at))) {
                if (b == null) b = new StringBuilder(s.length() + 16);
                b.append(s, copied, from).append(pseudonyms.address(s.substring(from, at), s.substring(at + 1, to)));
                copied = to;
                replaced.increment();
            }
            at = s.indexOf('@', Math.max(at + 1, to));
        }
        if (b == null) return s;
        return b.append(s, copied, s.length()).toString();
    }

    private static boolean localChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                || c == '-' || c == '+' || c == '%' || c == '&' || c > 127 && Character.isLetterOrDigit(c);
    }

    private static boolean domainChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
                || c > 127 && Character.isLetterOrDigit(c);
    }

    /** Every whole-word occurrence of a user name (not inside a longer name or an address). */
    private String word(String s, String user) {
        int at = s.indexOf(user);
        if (at < 0) return s;
        StringBuilder b = null;
        int copied = 0;
        while (at >= 0) {
            int end = at + user.length();
            boolean whole = (at == 0 || !nameChar(s.charAt(at - 1)) && s.charAt(at - 1) != ':')
                    && (end == s.length() || !nameChar(s.charAt(end)) && s.charAt(end) != '@');
            if (whole) {
                if (b == null) b = new StringBuilder(s.length() + 16);
                b.append(s, copied, at).append(pseudonyms.token(user));
                copied = end;
                replaced.increment();
            }
            at = s.indexOf(user, end);
        }
        if (b == null) return s;
        return b.append(s, copied, s.length()).toString();
    }

    private static boolean nameChar(char c) {
        return localChar(c) || c == '@';
    }

    /** IPv4 and IPv6 literals anywhere, by their shape; what does not parse as an address stays. */
    private String ips(String s) {
        StringBuilder b = null;
        int copied = 0;
        int n = s.length();
        for (int i = 0; i < n; ) {
            char c = s.charAt(i);
            if (!ipChar(c) || i > 0 && (ipChar(s.charAt(i - 1)) || Character.isLetter(s.charAt(i - 1)))) {
                i++;
                continue;
            }
            int end = i;
            while (end < n && ipChar(s.charAt(end))) end++;
            int to = end;
            while (to > i && (s.charAt(to - 1) == '.' || s.charAt(to - 1) == ':') && !s.startsWith("::", to - 2)) to--;
            String run = s.substring(i, to);
            boolean shaped = run.indexOf(':') >= 0 ? run.length() > 2 : dots(run) == 3;
            String p = shaped && (end == n || !Character.isLetter(s.charAt(end))) ? pseudonyms.ip(run) : null;
            if (p != null) {
                if (b == null) b = new StringBuilder(n + 16);
                b.append(s, copied, i).append(p);
                copied = to;
                replaced.increment();
            }
            i = end;
        }
        if (b == null) return s;
        return b.append(s, copied, n).toString();
    }

    private static boolean ipChar(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '.' || c == ':';
    }

    private static int dots(String s) {
        int d = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '.') d++;
        return d;
    }
}
