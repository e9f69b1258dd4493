package io.crossmodal.cli;

import picocli.CommandLine;

/**
 * A usage error found after parsing: a file that is missing or unreadable, an option value out of range. Exit code
 * 2 like every usage error, but printed as one line and a pointer to --help rather than picocli's full usage text,
 * which would bury the one line that says what is wrong.
 */
final class UsageException extends CommandLine.ParameterException {

    UsageException(CommandLine commandLine, String message) {
        super(commandLine, message);
    }

    /** Prints the error; the parameter-exception handler of {@link CrossmodalCli#execute} calls this. */
    int print() {
        CommandLine cli = getCommandLine();
        cli.getErr().println("error: " + getMessage());
        cli.getErr().println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
        cli.getErr().flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }
}
