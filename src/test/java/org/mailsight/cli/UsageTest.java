package org.mailsight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help prints and exits 0 for every command; a usage mistake is one sentence and a pointer to --help. */
class UsageTest {
    @RegisterExtension
    final Console console = new Console();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;


    @ParameterizedTest
    @ValueSource(strings = {"parse --help", "parse -h", "help parse", "setup --help", "help setup", "--help", "help"})
    void helpPrintsAndExitsZero(String args) {
        assertThat(Main.run(args.split(" "))).isZero();
        String command = args.replace("--help", "").replace("-h", "").replace("help", "").strip();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: mailsight" + (command.isEmpty() ? "" : " " + command));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"parse --frobnicate x|Unknown option: '--frobnicate'",
            "parse --format xml x|expected one of [ndjson, csv]",
            "parse --year abc x|'abc' is not an int",
            "parse|Missing required parameter: 'FILE'",
            "frob|'frob' is not a command; the commands are parse, setup"})
    void usageMistakeIsOneSentenceAndAPointer(String c) {
        String[] parts = c.split("\\|");
        assertThat(Main.run(parts[0].split(" "))).isEqualTo(2);
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("mailsight: ").contains(parts[1]).endsWith(".");
        String command = parts[0].startsWith("parse") ? "mailsight parse" : "mailsight";
        assertThat(lines[1]).isEqualTo("Run '" + command + " --help' for the options.");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
