package org.mailsight.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.mailsight.enrich.IpLiteral;
import org.mailsight.event.MailEvent;

/**
 * The opt-in response hook (docs/alerts.md, "Response"): for chosen rules, runs an admin's command with the alert's
 * entity. The command is a list of arguments run without a shell; a placeholder such as {@code {source.ip}} fills a
 * whole argument with the alert's entity, and only after the value is checked: an IP must be an IP literal, any
 * other entity must match the rule's {@code account_pattern}. At most {@code rate_limit} runs per rule per minute
 * (wall time); each run has a timeout and its exit code goes to stderr. Refusals and excess are counted.
 *
 * <pre>
 * mail-auth-failures-ip: {command: ["/usr/bin/fail2ban-client", "set", "postfix-sasl", "banip", "{source.ip}"]}
 * mail-outbound-burst-account:
 *   command: ["/usr/sbin/postsuper", "-h", "ALL"]
 *   account_pattern: "^[a-z0-9._-]+@example\\.com$"
 *   rate_limit: 2        # runs per minute (default 10)
 *   timeout: 10          # seconds (default 10)
 * </pre>
 */
public final class Responder {
    static final int RATE_LIMIT = 10;
    static final int TIMEOUT_SECONDS = 10;
    private static final Set<String> KEYS = Set.of("command", "account_pattern", "rate_limit", "timeout");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "csh", "tcsh", "fish", "busybox", "env");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_.]+)\\}");

    /** One rule's action. */
    record Action(String rule, String entity, List<String> command, Pattern accounts, int rateLimit, int timeoutSeconds) {}

    private final Map<String, Action> actions;
    private final Map<String, ArrayDeque<Long>> recent = new LinkedHashMap<>();
    private final boolean dryRun;
    private final PrintWriter err;
    private final LongSupplier nanos;
    private long ran;
    private long refused;
    private long limited;
    private long failed;

    Responder(Map<String, Action> actions, boolean dryRun, PrintWriter err, LongSupplier nanos) {
        this.actions = actions;
        this.dryRun = dryRun;
        this.err = err;
        this.nanos = nanos;
    }

    /** Reads a respond file; every mistake is one sentence, all thrown at once in an IllegalArgumentException. */
    public static Responder read(Path file, boolean dryRun, PrintWriter err) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file.");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read it (" + e.getMessage() + ").");
        }
        return new Responder(parse(text), dryRun, err, System::nanoTime);
    }

    static Map<String, Action> parse(String yaml) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("it is not valid YAML (" + m.strip() + ").");
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new IllegalArgumentException("it must map rule ids to actions, e.g. mail-auth-failures-ip: {command: [\"/usr/bin/fail2ban-client\", \"set\", \"JAIL\", \"banip\", \"{source.ip}\"]}.");
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (Rule r : Rule.ALL) rules.put(r.id(), r);
        List<String> problems = new ArrayList<>();
        Map<String, Action> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String id = f.getKey();
            Rule r = rules.get(id);
            if (r == null) {
                problems.add("'" + id + "' is not a rule; the rules are listed in docs/alerts.md.");
                continue;
            }
            Action a = action(r, f.getValue(), problems);
            if (a != null) out.put(id, a);
        }
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join(" ", problems));
        return out;
    }

    private static Action action(Rule r, JsonNode n, List<String> problems) {
        String id = r.id();
        int before = problems.size();
        if (!n.isObject()) {
            problems.add(id + " must be a mapping with a command list.");
            return null;
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) problems.add(id + ": '" + k + "' is not a setting; use command, account_pattern, rate_limit or timeout.");
        }
        JsonNode c = n.get("command");
        List<String> command = new ArrayList<>();
        if (c == null || !c.isArray() || c.isEmpty()) {
            problems.add(id + ": command must be a list of arguments (program first), never a shell string.");
        } else {
            for (JsonNode arg : c) {
                if (!arg.isTextual() && !arg.isNumber()) problems.add(id + ": every command argument must be a string.");
                else command.add(arg.asText());
            }
        }
        boolean needsPattern = false;
        for (int i = 0; i < command.size(); i++) {
            String arg = command.get(i);
            var m = PLACEHOLDER.matcher(arg);
            if (m.matches()) {
                if (i == 0) problems.add(id + ": the program cannot be a placeholder.");
                else if (!m.group(1).equals(r.entity())) {
                    problems.add(id + ": its alerts name a " + r.entity() + ", so the only placeholder is {" + r.entity() + "}, not " + arg + ".");
                } else if (!isIpField(r.entity())) needsPattern = true;
            } else if (arg.contains("{") && PLACEHOLDER.matcher(arg).find()) {
                problems.add(id + ": a placeholder must be a whole argument, not part of '" + arg + "'.");
            }
        }
        if (!command.isEmpty()) {
            Path program = Path.of(command.get(0));
            String name = program.getFileName() == null ? "" : program.getFileName().toString();
            if (!program.isAbsolute()) problems.add(id + ": the program " + command.get(0) + " must be an absolute path.");
            else if (SHELLS.contains(name)) problems.add(id + ": the program must not be a shell (" + name + "); name the command itself.");
            else if (!Files.isRegularFile(program) || !Files.isExecutable(program)) problems.add(id + ": " + command.get(0) + " is not an executable file.");
        }
        Pattern accounts = null;
        JsonNode p = n.get("account_pattern");
        if (p != null) {
            try {
                accounts = Pattern.compile(p.asText());
            } catch (PatternSyntaxException e) {
                problems.add(id + ": account_pattern is not a valid regular expression (" + e.getDescription() + ").");
            }
        } else if (needsPattern) {
            problems.add(id + ": its command uses {" + r.entity() + "}, so it needs an account_pattern that every value must match.");
        }
        int rate = number(id, "rate_limit", n.get("rate_limit"), RATE_LIMIT, problems);
        int timeout = number(id, "timeout", n.get("timeout"), TIMEOUT_SECONDS, problems);
        return problems.size() > before ? null : new Action(id, r.entity(), List.copyOf(command), accounts, rate, timeout);
    }

    private static int number(String id, String key, JsonNode v, int otherwise, List<String> problems) {
        if (v == null) return otherwise;
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            problems.add(id + ": " + key + " must be a whole number of at least 1, not " + v.asText() + ".");
            return otherwise;
        }
        return v.asInt();
    }

    static boolean isIpField(String field) {
        return field.endsWith(".ip");
    }

    /** Hands one alert to its rule's action, if any: refused, over the limit, printed (dry run) or run. */
    public void accept(MailEvent alert) {
        Action a = actions.get(alert.getString("rule.id"));
        if (a == null) return;
        String value = alert.getString("mail.alert.entity_value");
        String problem = check(a, alert.getString("mail.alert.entity"), value);
        if (problem != null) {
            refused++;
            say("refused " + a.rule() + " for " + quoted(value) + ": " + problem);
            return;
        }
        if (!withinLimit(a)) {
            limited++;
            say("not running " + a.rule() + " for " + quoted(value) + ": more than " + a.rateLimit() + " runs in a minute.");
            return;
        }
        List<String> argv = new ArrayList<>();
        for (String arg : a.command()) argv.add(PLACEHOLDER.matcher(arg).matches() ? value : arg);
        if (dryRun) {
            ran++;
            say("would run: " + shown(argv));
            return;
        }
        run(a, argv);
    }

    /** Null when the value may fill the action's placeholder, else why not. */
    static String check(Action a, String field, String value) {
        if (value == null || value.isEmpty()) return "the alert names no entity.";
        if (field != null && !field.equals(a.entity())) return "the alert names a " + field + ", not a " + a.entity() + ".";
        if (value.startsWith("-")) return "a value may not start with '-'.";
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i)) || Character.isWhitespace(value.charAt(i))) return "it holds spaces or control characters.";
        }
        if (isIpField(a.entity())) {
            return value.indexOf('%') < 0 && IpLiteral.parse(value) != null ? null : "it is not an IP address.";
        }
        if (a.accounts() != null && !a.accounts().matcher(value).matches()) return "it does not match the account_pattern.";
        return null;
    }

    private boolean withinLimit(Action a) {
        long now = nanos.getAsLong();
        ArrayDeque<Long> times = recent.computeIfAbsent(a.rule(), k -> new ArrayDeque<>());
        while (!times.isEmpty() && now - times.peekFirst() >= TimeUnit.MINUTES.toNanos(1)) times.removeFirst();
        if (times.size() >= a.rateLimit()) return false;
        times.addLast(now);
        return true;
    }

    private void run(Action a, List<String> argv) {
        ran++;
        try {
            Process p = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD) // stdout carries the events
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!p.waitFor(a.timeoutSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                failed++;
                say(shown(argv) + ": killed after " + a.timeoutSeconds() + " s.");
                return;
            }
            int code = p.exitValue();
            if (code != 0) failed++;
            say(shown(argv) + ": exit code " + code + ".");
        } catch (IOException e) {
            failed++;
            say("cannot run " + argv.get(0) + " (" + e.getMessage() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The counts of this run, e.g. for stderr at the end. */
    public String counts() {
        return (dryRun ? "would run " : "ran ") + ran + ", failed " + failed + ", refused " + refused
                + ", over the rate limit " + limited;
    }

    public long refused() {
        return refused;
    }

    public long limited() {
        return limited;
    }

    private void say(String line) {
        err.println("mailsight: respond: " + line);
        err.flush();
    }

    /** The arguments as a reader would type them: quoted where needed. */
    static String shown(List<String> argv) {
        StringBuilder b = new StringBuilder();
        for (String arg : argv) {
            if (b.length() > 0) b.append(' ');
            b.append(arg.matches("[A-Za-z0-9_@%+=:,./-]+") ? arg : quoted(arg));
        }
        return b.toString();
    }

    /** In single quotes, control characters escaped: a hostile value cannot disturb the terminal. */
    static String quoted(String s) {
        if (s == null) return "''";
        StringBuilder b = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            if (c == '\'') b.append("'\\''");
            else if (Character.isISOControl(c)) b.append(String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        return b.append('\'').toString();
    }
}
