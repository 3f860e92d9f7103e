package org.mailsight.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every regular expression in src/main: listed here with the input that would make a backtracking regex slow,
 * and checked to take linear time on it (the time for twice the input is about twice, not four times). A regex
 * added to src/main and not listed here fails {@link #everyRegexInTheCodeIsListed}.
 */
class RegexTest {
    /** How a regex is used: whole-string match, replaceAll, or split. */
    enum Use { MATCHES, REPLACE_ALL, REPLACE_FIRST, SPLIT }

    record Case(Use use, IntFunction<String> pathological) {}

    /** Each regex as written in the Java source (escaped), with its use and a hostile input of size n. */
    static final Map<String, Case> REGEXES = new LinkedHashMap<>();
    static {
        // Exim's "(1/2)" chunk counters (the call site reads at most 12 characters)
        REGEXES.put("\\\\d+[\\\\\\\\/]\\\\d+", new Case(Use.MATCHES, n -> "1".repeat(n) + "x"));
        REGEXES.put("[a-z0-9_]{1,100}", new Case(Use.MATCHES, n -> "a".repeat(n) + "-"));
        REGEXES.put("^\\\\.", new Case(Use.REPLACE_FIRST, n -> ".".repeat(n)));
        REGEXES.put("(logs-mail\\\\.[a-z]+)-\\\\*", new Case(Use.REPLACE_ALL, n -> "logs-mail.abc".repeat(n / 13)));
        REGEXES.put(" +", new Case(Use.SPLIT, n -> " ".repeat(n) + "x"));
        // detection rules: a window such as "15m", and splits of reasons and names
        REGEXES.put("(\\\\d+)\\\\s*(s|m|h|d)?", new Case(Use.MATCHES, n -> "1".repeat(n / 2) + " ".repeat(n / 2) + "x"));
        REGEXES.put("[;\\\\s]", new Case(Use.SPLIT, n -> "; ".repeat(n / 2)));
        REGEXES.put("\\\\.", new Case(Use.SPLIT, n -> "a.".repeat(n / 2)));
        // the response hook: a whole-argument placeholder, and arguments shown without quotes
        REGEXES.put("\\\\{([a-z_.]+)\\\\}", new Case(Use.MATCHES, n -> "{" + "a".repeat(n)));
        REGEXES.put("[A-Za-z0-9_@%+=:,./-]+", new Case(Use.MATCHES, n -> "a".repeat(n) + " "));
    }

    /** Java source text of the regex literals passed to the regex methods of String and Pattern. */
    static final Pattern CALL = Pattern.compile(
            "(?:Pattern\\.compile|\\.matches|\\.replaceAll|\\.replaceFirst|\\.split)\\(\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Literal single characters and plain separators: split and replace take them without a regex engine. */
    static boolean plain(String literal) {
        String s = literal.replace("\\n", "\n");
        return s.length() <= 2 && s.chars().noneMatch(c -> ".$|()[{^?*+\\".indexOf(c) >= 0)
                || s.equals(", ") || s.equals("; ");
    }

    @Test
    void everyRegexInTheCodeIsListed() throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = CALL.matcher(Files.readString(f));
                while (m.find()) if (!plain(m.group(1))) found.add(m.group(1));
            }
        }
        assertThat(found).as("regexes in src/main (add each to RegexTest with a hostile input)")
                .isSubsetOf(REGEXES.keySet());
        assertThat(found).hasSizeGreaterThan(3);
    }

    @Test
    void everyRegexTakesLinearTime() {
        for (Map.Entry<String, Case> r : REGEXES.entrySet()) {
            // the machine is shared: a linear regex passes one of five tries, a quadratic one (ratio 4) none
            double best = Double.MAX_VALUE;
            String seen = "";
            for (int attempt = 0; attempt < 5 && best >= 3.2; attempt++) {
                double[] ratio = new double[1];
                seen = measure(r.getKey(), r.getValue(), ratio);
                best = Math.min(best, ratio[0]);
            }
            assertThat(best).as(seen).isLessThan(3.2);
        }
    }

    /** Times the regex on an input of n and 2n characters; returns what it measured. */
    static String measure(String regex, Case c, double[] ratioOut) {
        {
            Pattern p = Pattern.compile(unescape(regex));
            int n = 20_000;
            long small = best(p, c, c.pathological.apply(n));
            while (small < 2_000_000 && n < 5_000_000) { // at least 2 ms, so the timer's grain does not count
                n *= 2;
                small = best(p, c, c.pathological.apply(n));
            }
            // warmed up, then the two sizes in turn, so a burst of load hits both
            String one = c.pathological.apply(n);
            String two = c.pathological.apply(2 * n);
            small = Long.MAX_VALUE;
            long large = Long.MAX_VALUE;
            for (int round = 0; round < 4; round++) {
                small = Math.min(small, best(p, c, one));
                large = Math.min(large, best(p, c, two));
            }
            ratioOut[0] = (double) large / small;
            return regex + " on " + n + " and " + 2 * n + " characters: " + small + " ns, " + large + " ns";
        }
    }

    /** The best of five runs, in nanoseconds. */
    static long best(Pattern p, Case c, String input) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            Object out = switch (c.use) {
                case MATCHES -> p.matcher(input).matches();
                case REPLACE_ALL -> p.matcher(input).replaceAll("x");
                case REPLACE_FIRST -> p.matcher(input).replaceFirst("x");
                case SPLIT -> p.split(input);
            };
            best = Math.min(best, System.nanoTime() - t);
            assertThat(out).isNotNull();
        }
        return best;
    }

    /** A Java literal's text to the string it denotes (only the escapes regexes use). */
    static String unescape(String literal) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < literal.length(); i++) {
            char ch = literal.charAt(i);
            if (ch == '\\' && i + 1 < literal.length()) {
                char next = literal.charAt(++i);
                b.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
