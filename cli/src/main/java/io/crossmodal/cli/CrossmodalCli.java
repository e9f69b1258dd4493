package io.crossmodal.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code crossmodal}: a small command-line client of the fusion gateway (crossmodal.fusion.v1.FusionService).
 *
 * <p>Exit codes: 0 on success, 1 when the gateway answered with an error (or an item failed), 2 for a usage error.
 */
@Command(
        name = "crossmodal",
        mixinStandardHelpOptions = true,
        versionProvider = CrossmodalCli.Version.class,
        description = "Command-line client of the Crossmodal fusion gateway (gRPC, plaintext).",
        subcommands = {
            EmbedCommand.class,
            ModelsCommand.class,
            SimilarityCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Examples:",
            "  crossmodal embed --target localhost:9090 \"A man is eating food.\"",
            "  crossmodal models --target localhost:9090",
            "  crossmodal similarity \"A man is eating food.\" \\",
            "                        \"A man is eating a piece of bread.\""
        })
public final class CrossmodalCli implements Runnable {

    /** The gateway answered with an error status, or an item of the answer carries one. */
    public static final int EXIT_RPC_ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // No subcommand: show the usage.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the CLI with the given output streams; returns the exit code. Used by main and by the tests. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new CrossmodalCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e);
            commandLine.getErr().flush();
            return EXIT_RPC_ERROR;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CrossmodalCli.class.getPackage().getImplementationVersion();
            return new String[] {"crossmodal-cli " + (v == null ? "dev" : v)};
        }
    }
}
