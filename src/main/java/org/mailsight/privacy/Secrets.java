package org.mailsight.privacy;

/**
 * Removes secrets that servers log by mistake, from every line, whatever the privacy settings: Dovecot's
 * {@code (given password: ...)} and {@code (SHA1 of given password: ...)} (auth_verbose_passwords),
 * {@code SCHEME(plain) != 'stored'} and {@code Invalid password '...' in passdb} (auth_debug_passwords),
 * {@code resp=}, {@code pass=} and {@code password=} in auth protocol debug lines, {@code cache hit: {SCHEME}...},
 * and SASL payloads: {@code AUTH PLAIN <base64>} anywhere in a line, Postfix's verbose {@code < client: <base64>}
 * and {@code init_response <base64>}. The secret's text becomes {@link #REDACTED}; the rest of the line stays, so
 * the line still parses. One pass looks for the markers first: most lines have none and come back as they are.
 */
public final class Secrets {
    public static final String REDACTED = "<redacted>";

    private Secrets() {}

    /** The line without its secrets; the same instance when it has none. */
    public static String scrub(String s) {
        if (s == null || !suspect(s)) return s;
        String out = givenPassword(s);
        out = schemeMismatch(out);
        out = quotedInvalid(out);
        out = authFields(out);
        out = cacheHit(out);
        out = saslCommand(out);
        out = verboseResponse(out);
        out = after(out, "init_response ");
        out = continuation(out);
        return out;
    }

    /**
     * A whole log line (its syslog header included, as in {@code event.original}): {@link #scrub} plus Postfix's
     * verbose client lines after the header.
     */
    public static String scrubLine(String line) {
        String s = scrub(line);
        if (s == null) return null;
        int at = s.indexOf(": < ");
        if (at < 0) return s;
        String tail = s.substring(at + 2);
        String clean = verboseResponse(tail);
        return clean == tail ? s : s.substring(0, at + 2) + clean;
    }

    /** True when the line holds a marker of some secret (a cheap scan; false positives only cost the rules). */
    static boolean suspect(String s) {
        return s.startsWith("< ") || s.contains("pass") || s.contains("Pass") // pass=, password, Password
                || s.contains("!= '") || s.contains("resp=") || s.contains("init_response ")
                || s.contains("cache hit: {") || s.contains("client in: CONT")
                || authWord(s, "h ") || authWord(s, "H ");
    }

    /** {@code auth } in any case, found from its last letter and space (indexOf is a vector scan, a loop is not). */
    private static boolean authWord(String s, String end) {
        for (int i = s.indexOf(end, 3); i >= 0; i = s.indexOf(end, i + 1)) {
            if (s.regionMatches(true, i - 3, "auth ", 0, 5)) return true;
        }
        return false;
    }

    /** {@code (given password: X)} and {@code (SHA1 of given password: X)}, then maybe {@code - trying the next passdb}. */
    private static String givenPassword(String s) {
        int at = s.indexOf("given password: ");
        if (at < 0 || at == 0 || !(s.charAt(at - 1) == '(' || s.startsWith("(SHA1 of ", at - 9))) return s;
        int from = at + "given password: ".length();
        int end = s.length();
        int next = s.lastIndexOf(" - trying the next ");
        if (next >= from) end = next;
        int close = s.lastIndexOf(')', end - 1);
        int to = close >= from ? close : end;
        return s.substring(0, from) + REDACTED + s.substring(to);
    }

    /** {@code SCHEME(plain) != 'stored'[, try X scheme instead]}: both the password and the stored hash. */
    private static String schemeMismatch(String s) {
        int mark = s.indexOf(") != '");
        if (mark < 0) return s;
        // the scheme is the first upper-case word followed by '(' after a ": " (the driver's prefix is lower case)
        for (int colon = s.indexOf(": "); colon >= 0 && colon < mark; colon = s.indexOf(": ", colon + 1)) {
            int i = colon + 2;
            while (i < mark && schemeChar(s.charAt(i))) i++;
            if (i > colon + 2 && i < mark && s.charAt(i) == '(') {
                return s.substring(0, i + 1) + REDACTED + ") != '" + REDACTED + "'";
            }
        }
        return s.substring(0, mark + 1) + " != '" + REDACTED + "'";
    }

    private static boolean schemeChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    }

    /** {@code Invalid password 'stored' in passdb: ...}. */
    private static String quotedInvalid(String s) {
        int at = s.indexOf("Invalid password '");
        if (at < 0) return s;
        int from = at + "Invalid password '".length();
        int to = s.lastIndexOf("' in passdb");
        if (to < from) to = s.length();
        return s.substring(0, from) + REDACTED + s.substring(to);
    }

    /** Auth protocol fields: the value ends at a tab, its syslog escapes ({@code #011}, {@code ^I}) or the end. */
    private static String authFields(String s) {
        s = field(s, "resp=");
        s = field(s, "pass=");
        return field(s, "password=");
    }

    private static String field(String s, String key) {
        int from = 0;
        while (true) {
            int at = s.indexOf(key, from);
            if (at < 0) return s;
            int start = at + key.length();
            boolean boundary = at == 0 || isTab(s, at - 1);
            if (!boundary || s.startsWith("<hidden>", start) || s.startsWith(REDACTED, start)) {
                from = start;
                continue;
            }
            int end = tabAt(s, start);
            s = s.substring(0, start) + REDACTED + s.substring(end);
            from = start + REDACTED.length();
        }
    }

    /** True when a tab, or its syslog escape, ends at {@code i}. */
    private static boolean isTab(String s, int i) {
        char c = s.charAt(i);
        return c == '\t' || (c == '1' && i >= 3 && s.startsWith("#011", i - 3)) || (c == 'I' && i >= 1 && s.charAt(i - 1) == '^');
    }

    private static int tabAt(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t' || (c == '#' && s.startsWith("#011", i)) || (c == '^' && s.startsWith("^I", i))) return i;
        }
        return s.length();
    }

    /** {@code cache hit: {SCHEME}hash...}: a cached passdb entry starts with its password. */
    private static String cacheHit(String s) {
        int at = s.indexOf("cache hit: {");
        if (at < 0) return s;
        int from = at + "cache hit: ".length();
        return s.substring(0, from) + REDACTED + s.substring(tabAt(s, from));
    }

    /** {@code AUTH MECH payload}, any case, anywhere (a verbose log's command, Postfix's pipelining warning). */
    private static String saslCommand(String s) {
        int from = 0;
        while (true) {
            int at = indexOfIgnoreCase(s, "auth ", from);
            if (at < 0) return s;
            from = at + 5;
            if (at > 0 && Character.isLetterOrDigit(s.charAt(at - 1))) continue;
            int mech = from;
            int i = mech;
            while (i < s.length() && schemeChar(Character.toUpperCase(s.charAt(i)))) i++;
            if (i == mech || i >= s.length() || s.charAt(i) != ' ') continue;
            String name = s.substring(mech, i);
            // a mechanism: one SASL knows, or an upper-case word ("no auth attempts in" is prose)
            if (!MECHANISMS.contains(name.toUpperCase(java.util.Locale.ROOT)) && !upper(name)) continue;
            int start = i + 1;
            int end = token(s, start);
            if (end == start) continue;
            s = s.substring(0, start) + REDACTED + s.substring(end);
            from = start + REDACTED.length();
        }
    }

    /** The end of a base64 token (or {@code =}, the empty response) starting at {@code from}. */
    private static int token(String s, int from) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                    || c == '=') i++;
            else break;
        }
        return i;
    }

    private static final java.util.Set<String> MECHANISMS = java.util.Set.of("PLAIN", "LOGIN", "CRAM-MD5",
            "DIGEST-MD5", "XOAUTH2", "OAUTHBEARER", "SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-1-PLUS",
            "SCRAM-SHA-256-PLUS", "NTLM", "GSSAPI", "EXTERNAL", "ANONYMOUS", "OTP", "APOP");

    private static boolean upper(String w) {
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (c >= 'a' && c <= 'z') return false;
        }
        return true;
    }

    private static final java.util.Set<String> SMTP_VERBS = java.util.Set.of("QUIT", "DATA", "RSET", "NOOP",
            "STARTTLS", "HELP", "TURN", "ETRN", "BDAT", "VRFY", "EXPN", "EHLO", "HELO", "LHLO", "XCLIENT", "XFORWARD");

    /** Postfix's verbose {@code < client[ip]: TOKEN}: a bare base64 line from the client is a SASL response. */
    private static String verboseResponse(String s) {
        if (!s.startsWith("< ")) return s;
        int colon = s.indexOf("]: ");
        int from = colon < 0 ? s.indexOf(": ") + 2 : colon + 3;
        if (from < 2) return s;
        if (token(s, from) != s.length() || from == s.length()) return s;
        if (SMTP_VERBS.contains(s.substring(from).toUpperCase(java.util.Locale.ROOT))) return s;
        return s.substring(0, from) + REDACTED;
    }

    /** Dovecot's {@code client in: CONT<TAB>id<TAB>response}: the client's next SASL response. */
    private static String continuation(String s) {
        int at = s.indexOf("client in: CONT");
        if (at < 0) return s;
        int id = tabAt(s, at + "client in: CONT".length());
        if (id == s.length()) return s;
        int data = tabAt(s, id + 1);
        if (data == s.length()) return s;
        int from = data + (s.charAt(data) == '\t' ? 1 : 2 + (s.charAt(data) == '#' ? 2 : 0));
        if (s.startsWith(REDACTED, from) || s.startsWith("<hidden>", from)) return s;
        return s.substring(0, from) + REDACTED;
    }

    /** Everything after {@code marker} up to the next space or comma. */
    private static String after(String s, String marker) {
        int at = s.indexOf(marker);
        if (at < 0) return s;
        int from = at + marker.length();
        int end = token(s, from);
        if (end == from || s.startsWith(REDACTED, from)) return s;
        return s.substring(0, from) + REDACTED + s.substring(end);
    }

    private static int indexOfIgnoreCase(String s, String needle, int from) {
        for (int i = from, n = s.length() - needle.length(); i <= n; i++) {
            if (s.regionMatches(true, i, needle, 0, needle.length())) return i;
        }
        return -1;
    }
}
