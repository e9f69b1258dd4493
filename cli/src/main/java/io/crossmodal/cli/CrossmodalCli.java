package io.crossmodal.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code crossmodal}: a small command-line client of the fusion gateway (crossmodal.fusion.v1.FusionService), and,
 * under {@code crossmodal vision} and {@code crossmodal audio}, of the vision and audio services directly
 * (crossmodal.vision.v1.VisionService, crossmodal.audio.v1.AudioService).
 *
 * <p>Exit codes: 0 on success, 1 when the gateway or a service answered with an error (or an item or a task
 * failed), 2 for a usage error (including an image or audio file that is missing or unreadable).
 */
@Command(
        name = "crossmodal",
        mixinStandardHelpOptions = true,
        versionProvider = CrossmodalCli.Version.class,
        description = "Command-line client of the Crossmodal fusion gateway and, under 'vision' and 'audio', of "
                + "the vision and audio services (gRPC, plaintext).",
        subcommands = {
            EmbedCommand.class,
            ModelsCommand.class,
            SimilarityCommand.class,
            VisionCommand.class,
            AudioCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Examples:",
            "  crossmodal embed --target localhost:9090 \"A man is eating food.\"",
            "  crossmodal models --target localhost:9090",
            "  crossmodal similarity \"A man is eating food.\" \\",
            "                        \"A man is eating a piece of bread.\"",
            "  crossmodal vision detect --target localhost:9092 chelsea.png",
            "  crossmodal vision embed chelsea.png astronaut.png",
            "  crossmodal vision analyze --tasks detect,text text.png",
            "  crossmodal audio synthesize --out report.wav \"can you send me the report\"",
            "  crossmodal audio transcribe --target localhost:9093 report.wav"
        })
public final class CrossmodalCli implements Runnable {

    /** The service answered with an error status, or an item of the answer carries one. */
    public static final int EXIT_RPC_ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // No subcommand: show the usage.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale: on Java 17 the default follows it, and a C/POSIX locale would print the
        // recognised Chinese text and the degree sign as '?'
        System.exit(execute(
                new PrintWriter(
                        new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), true),
                new PrintWriter(
                        new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true),
                args));
    }

    /** Runs the CLI with the given output streams; returns the exit code. Used by main and by the tests. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new CrossmodalCli());
        cli.setOut(out);
        cli.setErr(err);
        CommandLine.IParameterExceptionHandler standard = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, arguments) ->
                e instanceof UsageException usage ? usage.print() : standard.handleParseException(e, arguments));
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
