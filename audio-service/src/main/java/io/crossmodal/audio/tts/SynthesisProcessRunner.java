package io.crossmodal.audio.tts;

import io.crossmodal.audio.tts.SynthesisException.Reason;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs synthesis programs on untrusted text, within {@link SynthesisLimits}. One instance is shared by every
 * synthesizer of the service, so that {@link SynthesisLimits#maxConcurrent()} bounds all their processes together.
 *
 * <p>Each run:
 * <ul>
 *   <li>waits at most {@link SynthesisLimits#queueTimeout()} for one of {@link SynthesisLimits#maxConcurrent()}
 *       slots (fair, first come first served), else {@link SynthesisBusyException};</li>
 *   <li>gets a private working directory (mode 700) under the runner's temp directory; the text is written there
 *       and handed to the program as its standard input (a file redirect: no shell, no text on the command line);
 *       the program runs in that directory with a minimal environment ({@code PATH}, {@code LANG}, and
 *       {@code HOME} and {@code TMPDIR} pointing at the private directory, so no {@code ~/.festivalrc} or similar is
 *       read and anything the program writes lands there);</li>
 *   <li>is killed with its whole process tree ({@link ProcessHandle#descendants()}, then the process, forcibly) when
 *       {@link SynthesisLimits#timeout()} is spent, when its WAV (on standard output, or in a file it writes)
 *       exceeds {@link SynthesisLimits#maxOutputBytes()}, or when the calling thread is interrupted;</li>
 *   <li>keeps the first {@value #MAX_STDERR_BYTES} bytes of standard error for error messages (the rest is
 *       drained and dropped);</li>
 *   <li>always releases its slot only once the process is gone, and always deletes its working directory.</li>
 * </ul>
 * Thread-safe. Holds no threads between runs (each run uses one or two short-lived daemon threads to drain pipes).
 */
public final class SynthesisProcessRunner {

    private static final System.Logger LOG = System.getLogger(SynthesisProcessRunner.class.getName());

    /** Name of the text file in a run's working directory (the program's standard input). */
    static final String INPUT_FILE = "text.txt";
    /** Name of the WAV file a program in {@link Output#FILE} mode must write in its working directory. */
    static final String OUTPUT_FILE = "out.wav";
    /** Standard error kept per run, in bytes. */
    static final int MAX_STDERR_BYTES = 8192;
    /** Longest excerpt of standard error put into an exception message, in characters. */
    static final int MAX_STDERR_EXCERPT = 600;

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final Duration DESCENDANT_GRACE = Duration.ofMillis(200);
    private static final Duration PUMP_WAIT = Duration.ofSeconds(2);
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Where a program writes its WAV. */
    enum Output {
        /** To standard output; read through a pipe and refused as soon as it passes the byte limit. */
        STDOUT,
        /** To {@value #OUTPUT_FILE} in its working directory; the file size is watched every 10 ms. */
        FILE
    }

    /**
     * What a run produced.
     *
     * @param output  the WAV bytes (standard output or the output file)
     * @param stderr  the start of standard error, decoded as UTF-8, control characters replaced
     * @param elapsed from the process start to its exit
     */
    record Result(byte[] output, String stderr, Duration elapsed) {}

    private final SynthesisLimits limits;
    private final Path tempDir;
    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong rejected = new AtomicLong();

    /** Working directories go to {@code java.io.tmpdir}. */
    public SynthesisProcessRunner(SynthesisLimits limits) {
        this(limits, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * @param limits  limits of every run
     * @param tempDir where the private working directories of the runs are created (and deleted); created if missing
     */
    public SynthesisProcessRunner(SynthesisLimits limits, Path tempDir) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.tempDir = Objects.requireNonNull(tempDir, "tempDir").toAbsolutePath();
        try {
            Files.createDirectories(this.tempDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the synthesis temp directory " + this.tempDir, e);
        }
        this.slots = new Semaphore(limits.maxConcurrent(), true);
    }

    public SynthesisLimits limits() {
        return limits;
    }

    public Path tempDir() {
        return tempDir;
    }

    /** Synthesis processes running (or starting, or being cleaned up) right now. */
    public int running() {
        return limits.maxConcurrent() - slots.availablePermits();
    }

    /** Syntheses waiting for a free slot right now. */
    public int waiting() {
        return waiting.get();
    }

    /** Syntheses refused so far with {@link SynthesisBusyException} (no slot came free within the queue timeout). */
    public long rejected() {
        return rejected.get();
    }

    /**
     * Runs one synthesis: takes a slot, then runs {@code command} with {@code input} as standard input.
     *
     * @param program what to call the program in messages, e.g. {@code espeak-ng}
     * @param command the argument vector (absolute program path first), given the run's working directory (where
     *                {@value #OUTPUT_FILE} must be written in {@link Output#FILE} mode)
     * @param input   the bytes of standard input
     * @param output  where the program writes its WAV
     */
    Result run(String program, Function<Path, List<String>> command, byte[] input, Output output)
            throws SynthesisException {
        acquireSlot();
        try {
            return execute(program, command, input, output, limits.maxOutputBytes(), limits.timeout());
        } finally {
            slots.release();
        }
    }

    /**
     * Runs a helper invocation that takes no user input (e.g. {@code espeak-ng --voices}), without a slot: empty
     * standard input, standard output kept up to {@code maxBytes}, killed after {@code timeout}.
     */
    Result runTool(String program, List<String> command, long maxBytes, Duration timeout) throws SynthesisException {
        return execute(program, work -> command, new byte[0], Output.STDOUT, maxBytes, timeout);
    }

    private void acquireSlot() throws SynthesisException {
        try {
            // a zero wait first (unlike tryAcquire(), it keeps the fair order), so only runs that really wait are
            // counted as waiting
            boolean got = slots.tryAcquire(0, TimeUnit.NANOSECONDS);
            if (!got) {
                waiting.incrementAndGet();
                try {
                    got = slots.tryAcquire(limits.queueTimeout().toNanos(), TimeUnit.NANOSECONDS);
                } finally {
                    waiting.decrementAndGet();
                }
            }
            if (!got) {
                rejected.incrementAndGet();
                throw new SynthesisBusyException(
                        "all " + limits.maxConcurrent()
                                + " speech synthesis slots stayed busy for " + millis(limits.queueTimeout())
                                + " ms; try again later",
                        limits.queueTimeout().isZero() ? Duration.ofSeconds(1) : limits.queueTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SynthesisException(Reason.CANCELLED, "interrupted while waiting for a synthesis slot", e);
        }
    }

    private Result execute(
            String program,
            Function<Path, List<String>> command,
            byte[] input,
            Output output,
            long maxOutputBytes,
            Duration timeout)
            throws SynthesisException {
        Path work = null;
        Process process = null;
        try {
            work = createWorkDir();
            Path in = work.resolve(INPUT_FILE);
            Files.write(in, input, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Path out = work.resolve(OUTPUT_FILE);
            List<String> argv = List.copyOf(command.apply(work));
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .directory(work.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(in.toFile()))
                    .redirectOutput(
                            output == Output.STDOUT ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.PIPE);
            sanitizeEnvironment(builder.environment(), work);

            long start = System.nanoTime();
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new SynthesisException(
                        Reason.NOT_INSTALLED,
                        program + " cannot be started (" + argv.get(0) + "): " + e.getMessage(),
                        e);
            }
            Sink stderr = new Sink(MAX_STDERR_BYTES, false);
            Thread stderrPump = pump(process.getErrorStream(), stderr, program + "-stderr");
            Sink stdout = null;
            Thread stdoutPump = null;
            if (output == Output.STDOUT) {
                stdout = new Sink(maxOutputBytes, true);
                stdoutPump = pump(process.getInputStream(), stdout, program + "-stdout");
            }

            long deadline = start + timeout.toNanos();
            while (true) {
                if (outputTooLarge(stdout, out, output, maxOutputBytes)) {
                    killTree(process);
                    throw new SynthesisException(
                            Reason.OUTPUT_TOO_LARGE,
                            program + "'s audio grew past " + maxOutputBytes
                                    + " bytes; it was stopped. Speak a shorter text.");
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    killTree(process);
                    throw new SynthesisException(
                            Reason.TIMEOUT,
                            program + " did not finish within " + millis(timeout)
                                    + " ms; it was stopped. Speak a shorter text.");
                }
                if (process.waitFor(Math.min(remaining, POLL_NANOS), TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            boolean drained = join(stderrPump) & (stdoutPump == null || join(stdoutPump));
            if (outputTooLarge(stdout, out, output, maxOutputBytes)) {
                throw new SynthesisException(
                        Reason.OUTPUT_TOO_LARGE,
                        program + "'s audio grew past " + maxOutputBytes + " bytes. Speak a shorter text.");
            }
            String errors = stderr.text();
            int exit = process.exitValue();
            if (exit != 0) {
                throw new SynthesisException(
                        Reason.FAILED, program + " failed with exit status " + exit + describeStderr(errors));
            }
            if (!drained) {
                throw new SynthesisException(Reason.FAILED, program + " exited but its output pipes stayed open");
            }
            byte[] bytes;
            if (output == Output.STDOUT) {
                bytes = stdout.bytes();
            } else {
                try {
                    bytes = Files.readAllBytes(out);
                } catch (NoSuchFileException e) {
                    throw new SynthesisException(Reason.FAILED, program + " wrote no audio" + describeStderr(errors));
                }
            }
            return new Result(bytes, errors, elapsed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SynthesisException(Reason.CANCELLED, program + " was stopped: the caller was interrupted", e);
        } catch (IOException e) {
            throw new SynthesisException(Reason.FAILED, program + ": I/O error around the synthesis process: " + e, e);
        } finally {
            if (process != null && process.isAlive()) {
                killTree(process);
            }
            if (work != null) {
                deleteRecursively(work);
            }
        }
    }

    private static boolean outputTooLarge(Sink stdout, Path out, Output output, long maxOutputBytes) {
        if (output == Output.STDOUT) {
            return stdout.overflowed();
        }
        try {
            return Files.size(out) > maxOutputBytes;
        } catch (IOException e) {
            return false; // not written yet; checked again on the next poll and after the exit
        }
    }

    private Path createWorkDir() throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<Set<PosixFilePermission>> owner =
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
            return Files.createTempDirectory(tempDir, "tts-", owner);
        }
        return Files.createTempDirectory(tempDir, "tts-");
    }

    private static void sanitizeEnvironment(Map<String, String> env, Path work) {
        String path = env.getOrDefault("PATH", DEFAULT_PATH);
        String espeakData = env.get("ESPEAK_DATA_PATH");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", work.toString());
        env.put("TMPDIR", work.toString());
        env.put("LANG", "C.UTF-8");
        if (espeakData != null) {
            env.put("ESPEAK_DATA_PATH", espeakData);
        }
    }

    /**
     * Kills {@code process} and every descendant, forcibly. The descendants are listed while the process is still
     * alive (once it is gone they are re-parented and no longer found); the process is killed first so it cannot
     * start new ones, then each descendant with its own descendants. Waits (bounded) for the process itself, which
     * this JVM reaps; killed descendants are reaped by their new parent (init), so they are given only a short grace
     * period to disappear, not waited for.
     */
    static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        process.destroyForcibly();
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessHandle child : descendants) {
            child.descendants().forEach(all::add);
            all.add(child);
        }
        all.forEach(ProcessHandle::destroyForcibly);
        boolean interrupted = Thread.interrupted();
        try {
            awaitExit(process.toHandle(), System.nanoTime() + KILL_WAIT.toNanos(), true);
            long grace = System.nanoTime() + DESCENDANT_GRACE.toNanos();
            for (ProcessHandle handle : all) {
                awaitExit(handle, grace, false);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void awaitExit(ProcessHandle handle, long deadlineNanos, boolean warn) {
        while (true) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                if (warn && handle.isAlive()) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "synthesis process {0} still alive after SIGKILL",
                            handle.pid());
                }
                return;
            }
            try {
                handle.onExit().get(remaining, TimeUnit.NANOSECONDS);
                return;
            } catch (InterruptedException e) {
                // Keep waiting: the caller restores the flag. The process is already SIGKILLed, so this is short.
            } catch (ExecutionException | TimeoutException e) {
                return;
            }
        }
    }

    private static boolean join(Thread pump) throws InterruptedException {
        pump.join(PUMP_WAIT.toMillis());
        return !pump.isAlive();
    }

    private static Thread pump(InputStream in, Sink sink, String name) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16384];
                    try (in) {
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            if (!sink.accept(buffer, n)) {
                                break;
                            }
                        }
                    } catch (IOException e) {
                        // The process was killed or closed its end; what was read stays in the sink.
                    }
                },
                "tts-" + name + "-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot delete synthesis temp file " + path, e);
                }
            });
        } catch (NoSuchFileException e) {
            // Already gone.
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete synthesis temp directory " + dir, e);
        }
    }

    /**
     * The executable a program name stands for: a name with a {@code /} is taken as a path; a bare name is looked up
     * in the JVM's {@code PATH} (or {@code /usr/local/bin:/usr/bin:/bin} when unset). Empty when not found or not
     * executable.
     */
    static Optional<Path> resolveExecutable(String program) {
        if (program == null || program.isBlank()) {
            return Optional.empty();
        }
        if (program.indexOf('/') >= 0) {
            Path path = Path.of(program).toAbsolutePath();
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String path = Optional.ofNullable(System.getenv("PATH"))
                .filter(p -> !p.isBlank())
                .orElse(DEFAULT_PATH);
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, program).toAbsolutePath())
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }

    /** The PATH searched by {@link #resolveExecutable}, for messages. */
    static String searchPath() {
        return Optional.ofNullable(System.getenv("PATH"))
                .filter(p -> !p.isBlank())
                .orElse(DEFAULT_PATH);
    }

    static String describeStderr(String stderr) {
        if (stderr.isBlank()) {
            return " (nothing on stderr)";
        }
        String excerpt = stderr.strip();
        if (excerpt.length() > MAX_STDERR_EXCERPT) {
            excerpt = excerpt.substring(0, MAX_STDERR_EXCERPT) + "…";
        }
        return "; stderr: " + excerpt;
    }

    private static long millis(Duration duration) {
        return duration.toMillis();
    }

    /** Bytes read from a pipe, bounded. */
    private static final class Sink {
        private final long max;
        private final boolean stopWhenFull;
        private byte[] bytes = new byte[8192];
        private int size;
        private boolean overflowed;

        Sink(long max, boolean stopWhenFull) {
            this.max = max;
            this.stopWhenFull = stopWhenFull;
        }

        /** Keeps what fits; false (stop reading) once past the limit in stop-when-full mode. */
        synchronized boolean accept(byte[] buffer, int n) {
            if (overflowed) {
                return !stopWhenFull;
            }
            if (size + (long) n > max) {
                int fits = (int) (max - size);
                append(buffer, fits);
                overflowed = true;
                return !stopWhenFull;
            }
            append(buffer, n);
            return true;
        }

        private void append(byte[] buffer, int n) {
            if (n <= 0) {
                return;
            }
            if (size + n > bytes.length) {
                long grown = Math.max((long) size + n, Math.min(max, 2L * bytes.length));
                bytes = Arrays.copyOf(bytes, (int) grown);
            }
            System.arraycopy(buffer, 0, bytes, size, n);
            size += n;
        }

        synchronized boolean overflowed() {
            return overflowed;
        }

        synchronized byte[] bytes() {
            return Arrays.copyOf(bytes, size);
        }

        synchronized String text() {
            String s = new String(bytes, 0, size, StandardCharsets.UTF_8);
            StringBuilder clean = new StringBuilder(s.length());
            s.codePoints().forEach(cp -> {
                if (cp == '\n' || cp == '\t' || !Character.isISOControl(cp)) {
                    clean.appendCodePoint(cp == '\t' ? ' ' : cp);
                } else {
                    clean.append(' ');
                }
            });
            return overflowed ? clean + " …" : clean.toString();
        }
    }
}
