package org.mailsight.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The minimal profile keeps every field the kit's dashboards, saved searches, watches and Kibana rules read. */
class PrivacyKitTest {
    // a field of ours: an ECS or own namespace, then dotted names
    static final Pattern FIELD = Pattern.compile(
            "\\b(?:event|email|source|destination|user|related|mail|tls|host|service|process|log|dovecot|postfix"
                    + "|exim|rule|error|network)(?:\\.[a-z_0-9]+)+");
    static final Set<String> DATASETS = Set.of("mail.postfix", "mail.exim", "mail.dovecot", "mail.message",
            "mail.alert", "mail.unknown");

    @Test
    void minimalKeepsEveryFieldTheKitReads() throws IOException {
        Set<String> fields = new TreeSet<>();
        for (String dir : new String[] {"kibana-dashboards", "watcher-rules", "kibana-rules"}) {
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Matcher m = FIELD.matcher(Files.readString(f));
                    while (m.find()) {
                        String field = m.group();
                        if (!DATASETS.contains(field) && !field.endsWith(".keyword")) fields.add(field);
                    }
                }
            }
        }
        assertThat(fields).contains("user.name", "source.ip", "event.action", "email.from.address");
        for (String f : fields) assertThat(Privacy.under(f, Privacy.MINIMAL)).as(f).isTrue();
    }
}
