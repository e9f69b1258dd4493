package io.crossmodal.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Runs a child process with its output captured (not inherited), keeping the last lines for error messages. */
public class CommandRunner {

    /**
     * @param exitCode   the process' exit code, -1 if it timed out
     * @param timedOut   whether it was killed after the timeout
     * @param outputTail the last lines of its merged stdout/stderr
     */
    public record Result(int exitCode, boolean timedOut, List<String> outputTail) {
        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }
    }

    /** ANSI colour and cursor sequences, which some Maven builds print even in batch mode. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private final Duration timeout;
    private final int tailLines;

    public CommandRunner() {
        this(Duration.ofMinutes(30), 30);
    }

    public CommandRunner(Duration timeout, int tailLines) {
        this.timeout = timeout;
        this.tailLines = tailLines;
    }

    /**
     * @throws IOException if the process cannot be started (for example the executable is not found)
     */
    public Result run(List<String> command, Path workingDirectory) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
        Process process = builder.start();
        process.getOutputStream().close();
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), Charset.defaultCharset()))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            String clean = ANSI.matcher(line).replaceAll("").stripTrailing();
                            if (clean.isEmpty()) {
                                continue;
                            }
                            synchronized (tail) {
                                tail.addLast(clean);
                                if (tail.size() > tailLines) {
                                    tail.removeFirst();
                                }
                            }
                        }
                    } catch (IOException ignored) {
                        // the process went away; what was read so far is kept
                    }
                },
                "output of " + command.get(0));
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
        synchronized (tail) {
            return new Result(finished ? process.exitValue() : -1, !finished, new ArrayList<>(tail));
        }
    }

    /** A failed command, its exit status and output tail, formatted for an error message. */
    static String describe(List<String> command, Result result) {
        StringBuilder text = new StringBuilder();
        text.append("  command: ").append(String.join(" ", command)).append('\n');
        text.append("  ")
                .append(result.timedOut() ? "timed out" : "exit code " + result.exitCode())
                .append('\n');
        if (result.outputTail().isEmpty()) {
            text.append("  (no output)\n");
        } else {
            text.append("  output (last ").append(result.outputTail().size()).append(" lines):\n");
            for (String line : result.outputTail()) {
                text.append("    | ").append(line).append('\n');
            }
        }
        return text.toString();
    }
}
