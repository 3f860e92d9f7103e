package org.mailsight.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The mailsight command line. */
@Command(name = "mailsight", mixinStandardHelpOptions = true, version = "mailsight 0.1.0",
        description = "Postfix, Exim and Dovecot logs as Elastic Common Schema events.",
        subcommands = {ParseCommand.class, SetupCommand.class, ShipCommand.class, ReportCommand.class,
                VerifyCommand.class, CommandLine.HelpCommand.class})
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
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UserError) {
                cmd.getErr().println("mailsight: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    /**
     * A mistake on the command line: one sentence saying what is wrong (picocli's, which names the option, the
     * value and what is allowed) and where the options are listed, instead of the whole usage text.
     */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String message = ex.getMessage().strip();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && cmd.getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            message = "'" + u.getUnmatched().get(0) + "' is not a command; the commands are "
                    + String.join(", ", cmd.getSubcommands().keySet()) + ".";
        }
        if (!message.endsWith(".")) message += ".";
        cmd.getErr().println("mailsight: " + message);
        cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        return 2;
    }

    /** A problem the user can fix; its message is one plain sentence. */
    public static final class UserError extends RuntimeException {
        public UserError(String message) {
            super(message);
        }
    }
}
