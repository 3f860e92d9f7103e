package org.mailsight.report;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mailsight.TestParsers;
import org.mailsight.cli.Main;

/** Runs {@code mailsight report} as a user would (the real command line), capturing what it prints. */
final class Reports {
    private Reports() {}

    static final Path CORPUS = TestParsers.RESOURCES.resolve("corpus");

    /** The command's stdout; fails on a non-zero exit. */
    static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        synchronized (Reports.class) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                code = Main.run(args);
            } finally {
                System.setOut(old);
            }
        }
        if (code != 0) throw new AssertionError("mailsight " + String.join(" ", args) + " exited " + code);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The report of corpus files (relative to corpus/) in UTC, year 2026, with the given extra options. */
    static String of(String format, List<String> options, String... files) {
        List<String> args = new ArrayList<>(List.of("report", "--format", format, "--timezone", "UTC", "--year", "2026"));
        args.addAll(options);
        for (String f : files) args.add(CORPUS.resolve(f).toString());
        return run(args.toArray(String[]::new));
    }

    static Report json(String... files) {
        return JsonView.read(of("json", List.of(), files));
    }
}
