package org.mailsight.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailsight.TestParsers;
import org.mailsight.engine.MailParser;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * Jazzer fuzz targets: the framer (whole raw lines) and each parser family (a message behind that family's
 * syslog or mainlog prefix), all through {@link MailParser#parse(String)}. Each input must give an event with
 * event.action, whose values are all types Logstash accepts, within the per-input timeout (Jazzer's -timeout in
 * fuzzing mode, JUnit's per-invocation timeout on each seed in regression mode). Seeds are real corpus lines under
 * src/test/resources/org/mailsight/fuzz/ParserFuzzTestInputs/METHOD/; `mvn test` runs them, JAZZER_FUZZ=1 fuzzes.
 */
class ParserFuzzTest {
    static final String SYSLOG = "Nov 22 03:19:36 mail ";
    static final List<String> POSTFIX = List.of("postfix/smtpd[5319]: ", "postfix/qmgr[5287]: ",
            "postfix/smtp[5325]: ", "postfix/cleanup[5323]: ", "postfix/postscreen[5318]: ");
    static final List<String> EXIM = List.of("2026-11-22 03:53:30.370 [32121] ",
            "Nov 22 03:53:30 mail exim[32121]: 2026-11-22 03:53:30.370 [32121] ");
    static final List<String> DOVECOT = List.of("dovecot: ");
    static final List<String> STACK = List.of("amavis[23901]: ", "opendkim[23878]: ", "opendmarc[23886]: ",
            "policyd-spf[24011]: ", "postgrey[23870]: ", "rspamd[23940]: ", "spamd[23920]: ",
            "clamav-milter[23930]: ");

    /**
     * One input may take at most a second (Jazzer turns the timeout into libFuzzer's -timeout); a fuzzing session
     * (JAZZER_FUZZ=1) lasts maxDuration per target.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @FuzzTest(maxDuration = "5m")
    @Timeout(value = 1, unit = TimeUnit.SECONDS)
    @interface LineTarget {}

    private final MailParser parser = TestParsers.parser();

    @LineTarget
    void framer(byte[] input) {
        check(new String(input, StandardCharsets.UTF_8));
    }

    @LineTarget
    void postfix(byte[] input) {
        family(POSTFIX, SYSLOG, input);
    }

    @LineTarget
    void exim(byte[] input) {
        family(EXIM, "", input);
    }

    @LineTarget
    void dovecot(byte[] input) {
        family(DOVECOT, SYSLOG, input);
    }

    @LineTarget
    void stack(byte[] input) {
        family(STACK, SYSLOG, input);
    }

    /** The seeds are there: a missing or empty folder would leave a target with only Jazzer's empty input. */
    @ParameterizedTest
    @ValueSource(strings = {"framer", "postfix", "exim", "dovecot", "stack"})
    void eachTargetHasRealSeeds(String target) throws IOException {
        Path dir = TestParsers.RESOURCES.resolve("org/mailsight/fuzz/ParserFuzzTestInputs").resolve(target);
        try (Stream<Path> seeds = Files.list(dir)) {
            assertThat(seeds.filter(Files::isRegularFile).count()).as(target).isGreaterThanOrEqualTo(5);
        }
    }

    /** The checks reject what they should: an event without event.action, or a value Logstash cannot take. */
    @Test
    void checksCatchBadEvents() {
        MailEvent noAction = new MailEvent().put(Fields.MESSAGE, "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> checkEvent(noAction, "x"))
                .isInstanceOf(AssertionError.class);
        MailEvent badValue = new MailEvent().put(Fields.EVENT_ACTION, "a").put("mail.thing", Integer.valueOf(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> checkEvent(badValue, "x"))
                .isInstanceOf(AssertionError.class);
        MailEvent badList = new MailEvent().put(Fields.EVENT_ACTION, "a").put("mail.things", List.of(1L));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> checkEvent(badList, "x"))
                .isInstanceOf(AssertionError.class);
    }

    private void family(List<String> prefixes, String syslog, byte[] input) {
        String message = new String(input, StandardCharsets.UTF_8);
        for (String prefix : prefixes) check(syslog + prefix + message);
    }

    private void check(String line) {
        checkEvent(parser.parse(line), line); // an escaping exception fails the target by itself
    }

    static void checkEvent(MailEvent e, String line) {
        if (!(e.get(Fields.EVENT_ACTION) instanceof String)) {
            throw new AssertionError("no event.action for " + printable(line));
        }
        e.forEach((key, value) -> {
            if (!logstashType(value)) {
                throw new AssertionError(key + " is a " + value.getClass().getName() + " for " + printable(line));
            }
        });
    }

    /** What Logstash's Java event takes as a field value: String, Long, Double, Boolean or a list of Strings. */
    static boolean logstashType(Object v) {
        if (v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean) return true;
        return v instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(300).forEach(c -> {
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", c));
            else b.appendCodePoint(c);
        });
        return b.toString();
    }
}
