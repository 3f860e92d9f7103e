package org.mailsight.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The mailsight command line. */
@Command(name = "mailsight", mixinStandardHelpOptions = true, version = "mailsight 0.1.0",
        description = "Postfix, Exim and Dovecot logs as Elastic Common Schema events.",
        subcommands = {ParseCommand.class, SetupCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'mailsight parse FILE'.");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UserError) {
                cmd.getErr().println("mailsight: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    /** A problem the user can fix; its message is one plain sentence. */
    public static final class UserError extends RuntimeException {
        public UserError(String message) {
            super(message);
        }
    }
}
