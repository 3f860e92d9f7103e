package org.mailsight.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.mailsight.detect.Responder;
import picocli.CommandLine.Option;

/** The response hook's options (picocli mixin): run an admin's command for chosen alerts (docs/alerts.md). */
final class RespondOptions {
    @Option(names = "--respond", paramLabel = "FILE.yml", description = "A YAML file mapping rule ids to commands (argument lists, no shell) run with the alert's entity, e.g. fail2ban-client ... banip {source.ip} (docs/alerts.md). Needs --detect.")
    Path file;

    @Option(names = "--respond-dry-run", description = "With --respond: print on stderr what would run, one line per action, and run nothing.")
    boolean dryRun;

    /** The responder, or null without --respond; a mistake in the options or the file is one sentence. */
    Responder responder(boolean detecting, PrintWriter err) {
        if (file == null) {
            if (dryRun) throw new Main.UserError("--respond-dry-run needs --respond FILE.yml.");
            return null;
        }
        if (!detecting) throw new Main.UserError("--respond acts on alerts: add --detect (or --rules, --alerts-only).");
        try {
            return Responder.read(file, dryRun, err);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError("--respond " + file + " is not valid: " + e.getMessage());
        }
    }
}
