package org.mailsight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsight.TestParsers;

/**
 * parse --detect --respond on the real attack capture: a small executable script (run directly, no shell string)
 * appends its arguments to a file, so the test sees exactly what each action received.
 */
class RespondOptionsTest {
    static final Path ATTACK = TestParsers.RESOURCES.resolve("corpus/attack");

    @TempDir
    Path dir;
    @RegisterExtension
    final Console console = new Console();
    private final ByteArrayOutputStream err = console.err;
    private Path script;
    private Path log;
    private Path respond;

    @BeforeEach
    void script() throws Exception {
        log = dir.resolve("argv.log");
        script = dir.resolve("act");
        Files.writeString(script, "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done >> '" + log + "'\necho >> '" + log + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        respond = dir.resolve("respond.yml");
    }

    private int parse(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("parse", "--alerts-only", "--year", "2026", "--timezone", "UTC",
                "--respond", respond.toString()));
        args.addAll(List.of(extra));
        args.add(ATTACK.resolve("postfix.log").toString());
        args.add(ATTACK.resolve("dovecot.log").toString());
        return Main.run(args.toArray(String[]::new));
    }

    private void respondFile(String ipExtra, String accountPattern) throws Exception {
        Files.writeString(respond, "mail-auth-failures-ip: {command: [\"" + script + "\", \"banip\", \"{source.ip}\"]" + ipExtra + "}\n"
                + "mail-outbound-burst-account:\n  command: [\"" + script + "\", \"hold\", \"{user.name}\"]\n"
                + "  account_pattern: '" + accountPattern + "'\n");
    }

    private List<String> received() throws Exception {
        return Files.exists(log) ? Files.readAllLines(log).stream().sorted().toList() : List.of();
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theCommandReceivesExactlyTheEntityOfEachAlert() throws Exception {
        respondFile("", "^[a-z0-9._-]+@example\\.test$");
        assertThat(parse()).isZero();
        assertThat(received()).containsExactly("[banip][127.0.0.31]", "[banip][127.0.0.32]", "[hold][alice@example.test]");
        assertThat(stderr()).contains(script + " banip 127.0.0.31: exit code 0.")
                .contains("mailsight: respond: ran 3, failed 0, refused 0, over the rate limit 0");
    }

    @Test
    void dryRunPrintsOneLinePerActionAndRunsNothing() throws Exception {
        respondFile("", "^[a-z0-9._-]+@example\\.test$");
        assertThat(parse("--respond-dry-run")).isZero();
        assertThat(received()).isEmpty();
        assertThat(stderr().lines().filter(l -> l.contains("would run: ")).sorted().toList()).containsExactly(
                "mailsight: respond: would run: " + script + " banip 127.0.0.31",
                "mailsight: respond: would run: " + script + " banip 127.0.0.32",
                "mailsight: respond: would run: " + script + " hold alice@example.test");
    }

    @Test
    void anAccountNotMatchingThePatternIsRefusedAndCounted() throws Exception {
        respondFile("", "^[a-z0-9._-]+@example\\.com$");
        assertThat(parse()).isZero();
        assertThat(received()).containsExactly("[banip][127.0.0.31]", "[banip][127.0.0.32]");
        assertThat(stderr()).contains("refused mail-outbound-burst-account for 'alice@example.test': it does not match the account_pattern.")
                .contains("refused 1,");
    }

    @Test
    void theRateLimitHolds() throws Exception {
        respondFile(", rate_limit: 1", "^[a-z0-9._-]+@example\\.test$");
        assertThat(parse()).isZero();
        assertThat(received()).containsExactly("[banip][127.0.0.31]", "[hold][alice@example.test]");
        assertThat(stderr()).contains("not running mail-auth-failures-ip for '127.0.0.32': more than 1 runs in a minute.")
                .contains("over the rate limit 1");
    }

    @Test
    void configMistakesAreOneSentenceEachAndExit2() throws Exception {
        Files.writeString(respond, "mail-no-such-rule: {command: [\"" + script + "\"]}\n"
                + "mail-auth-failures-ip: {command: [\"/bin/sh\", \"-c\", \"ban {source.ip}\"]}\n"
                + "mail-outbound-burst-account: {command: [\"" + script + "\", \"{user.name}\"]}\n"
                + "mail-password-spraying: {command: [\"" + script + "\", \"{user.name}\"], rate_limit: -1}\n");
        assertThat(parse()).isEqualTo(2);
        assertThat(received()).isEmpty();
        assertThat(stderr()).startsWith("mailsight: --respond " + respond + " is not valid: ")
                .contains("'mail-no-such-rule' is not a rule;")
                .contains("mail-auth-failures-ip: the program must not be a shell (sh); name the command itself.")
                .contains("mail-auth-failures-ip: a placeholder must be a whole argument, not part of 'ban {source.ip}'.")
                .contains("mail-outbound-burst-account: its command uses {user.name}, so it needs an account_pattern")
                .contains("mail-password-spraying: its alerts name a source.ip, so the only placeholder is {source.ip}, not {user.name}.")
                .contains("mail-password-spraying: rate_limit must be a whole number of at least 1, not -1.");
        err.reset();
        assertThat(Main.run("parse", "--respond", respond.toString(), ATTACK.resolve("dovecot.log").toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("mailsight: --respond acts on alerts: add --detect (or --rules, --alerts-only).\n");
        err.reset();
        assertThat(Main.run("parse", "--detect", "--respond-dry-run", ATTACK.resolve("dovecot.log").toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("mailsight: --respond-dry-run needs --respond FILE.yml.\n");
    }
}
