package io.crossmodal.bench;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bench}: drives text-service or the gateway over gRPC with N concurrent clients sending single texts (or the
 * vision service with single images), and prints items per second and latency percentiles. It speaks gRPC only: the
 * same text model measured in-process, without gRPC, is text-service's {@code InProcessBench} (its test sources),
 * which prints the same RESULT lines.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = Bench.Version.class,
        description = "Load generator for Crossmodal: text-service, the gateway or the vision service over gRPC. "
                + "Prints a table and one 'RESULT key=value ...' line per run.",
        subcommands = {GrpcCommand.class, CommandLine.HelpCommand.class},
        footer = {
            "",
            "Examples:",
            "  bench grpc --target localhost:9091 --service text --model all-minilm-l6-v2 \\",
            "             --concurrency 8 --duration 20s",
            "  bench grpc --target localhost:9090 --service gateway --concurrency 8 --duration 20s",
            "  bench grpc --service vision --task detect,read-text --image testdata/images/chelsea.png \\",
            "             --concurrency 1,4 --server-pid 12345",
            "",
            "The same text model in-process, without gRPC (same RESULT lines), from the repository root:",
            "  mvn -B -q -pl text-service -am test -DskipTests -Pinprocess-bench \\",
            "      -Dinprocess.args=\"--model all-minilm-l6-v2 --batch 1,32\""
        })
public final class Bench implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Exit code 1, with a note, when a run completed no text at all: its numbers mean nothing. */
    static int nothingMeasured(CommandLine.Model.CommandSpec spec) {
        return nothingMeasured(spec, "text");
    }

    /** Exit code 1, with a note, when a run completed no item ({@code text}, {@code image}) at all. */
    static int nothingMeasured(CommandLine.Model.CommandSpec spec, String item) {
        spec.commandLine()
                .getErr()
                .println("bench: a run completed no " + item + " in its window; see its errors above");
        spec.commandLine().getErr().flush();
        return 1;
    }

    public static void main(String[] args) {
        int code = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(code);
    }

    /** Runs the command with the given streams; returns the exit code (0 ok, 1 failed, 2 usage). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(new Bench(), out, err, args);
    }

    /**
     * Runs any picocli {@code command} of the benchmark family the way bench runs its own (an error in the
     * measurement is one line and exit code 1, not a stack trace); the in-process text measurement uses it too.
     */
    public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e);
            commandLine.getErr().flush();
            return 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Bench.class.getPackage().getImplementationVersion();
            return new String[] {"crossmodal-bench " + (v == null ? "0.1.0-SNAPSHOT (from classes)" : v)};
        }
    }
}
