package org.mailsight.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsight.event.MailEvent;

/**
 * The responder on the real attack capture's alerts, with hostile entity values put into them (as if a parser had
 * let one through): each is refused and counted, and the command never runs.
 */
class ResponderTest {
    @TempDir
    Path dir;

    private Path script(String body) throws Exception {
        Path s = dir.resolve("act");
        Files.writeString(s, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    private static MailEvent alert(String rule) throws Exception {
        return AttackCaptureTest.alerts(AttackCaptureTest.merged()).stream()
                .filter(a -> rule.equals(a.get("rule.id"))).findFirst().orElseThrow();
    }

    @Test
    void hostileValuesAreRefusedAndNothingRuns() throws Exception {
        Path ran = dir.resolve("ran");
        Path s = script("touch '" + ran + "'");
        StringWriter out = new StringWriter();
        Responder r = new Responder(Responder.parse("mail-auth-failures-ip: {command: [\"" + s + "\", \"{source.ip}\"]}\n"
                + "mail-outbound-burst-account: {command: [\"" + s + "\", \"{user.name}\"], account_pattern: '^[a-z0-9._-]+@example\\.test$'}\n"),
                false, new PrintWriter(out), System::nanoTime);
        MailEvent ip = alert("mail-auth-failures-ip");
        for (String hostile : List.of("1.2.3.4; rm -rf /", "127.0.0.31 -rf", "fe80::1%$(reboot)", "-1", "example.test")) {
            ip.put("mail.alert.entity_value", hostile);
            r.accept(ip);
        }
        MailEvent account = alert("mail-outbound-burst-account");
        for (String hostile : List.of("alice@example.test; rm -rf /", "alice@example.test\nx", "-oProxyCommand=x@example.test", "alice@example.com")) {
            account.put("mail.alert.entity_value", hostile);
            r.accept(account);
        }
        assertThat(r.refused()).isEqualTo(9);
        assertThat(ran).doesNotExist();
        assertThat(out.toString()).contains("refused mail-auth-failures-ip for '1.2.3.4; rm -rf /': ")
                .contains("refused mail-outbound-burst-account for 'alice@example.test\\x0ax': ")
                .contains("refused mail-outbound-burst-account for 'alice@example.com': it does not match the account_pattern.");
        account.put("mail.alert.entity_value", "alice@example.test");
        r.accept(account);
        assertThat(ran).exists();
        assertThat(r.counts()).isEqualTo("ran 1, failed 0, refused 9, over the rate limit 0");
    }

    @Test
    void aCommandPastItsTimeoutIsKilledAndItsExitCodeReported() throws Exception {
        Path s = script("sleep 30");
        StringWriter out = new StringWriter();
        Responder r = new Responder(Responder.parse("mail-auth-failures-ip: {command: [\"" + s + "\", \"{source.ip}\"], timeout: 1}\n"
                + "mail-password-spraying: {command: [\"/bin/false\", \"{source.ip}\"]}\n"), false, new PrintWriter(out), System::nanoTime);
        r.accept(alert("mail-auth-failures-ip"));
        r.accept(alert("mail-password-spraying"));
        assertThat(out.toString()).contains(s + " 127.0.0.31: killed after 1 s.")
                .contains("/bin/false 127.0.0.32: exit code 1.");
        assertThat(r.counts()).isEqualTo("ran 2, failed 2, refused 0, over the rate limit 0");
    }
}
