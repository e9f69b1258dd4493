package io.crossmodal.audio.tts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.tts.SynthesisException.Reason;
import io.crossmodal.audio.tts.SynthesisProcessRunner.Output;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's limits with small stand-in programs (sh, sleep, head): cheap and deterministic. The synthesizer
 * tests repeat the important ones with the real programs.
 */
class SynthesisProcessRunnerTest {

    private static final String SH = "/bin/sh";

    @TempDir
    Path temp;

    @AfterEach
    void nothingLeft() throws Exception {
        TtsTesting.assertEmptyDir(temp);
    }

    private SynthesisProcessRunner runner(SynthesisLimits limits) {
        return new SynthesisProcessRunner(limits, temp);
    }

    private static SynthesisProcessRunner.Result sh(
            SynthesisProcessRunner runner, String script, String input, Output output) throws SynthesisException {
        return runner.run(
                "test-program", work -> List.of(SH, "-c", script), input.getBytes(StandardCharsets.UTF_8), output);
    }

    @Test
    void textArrivesOnStdinInAPrivateDirectoryWithAMinimalEnvironment() throws Exception {
        SynthesisProcessRunner runner = runner(SynthesisLimits.defaults());
        String hostile = "$(touch pwned) `touch pwned2`; rm -rf / \"'\n(quit)";
        SynthesisProcessRunner.Result result = sh(
                runner,
                "cat; echo; echo \"home=$HOME tmp=$TMPDIR pwd=$(pwd)\"; env | wc -l; ls -A; stat -c %a .",
                hostile,
                Output.STDOUT);
        String out = new String(result.output(), StandardCharsets.UTF_8);
        String[] lines = out.split("\n");
        assertEquals(hostile, lines[0] + "\n" + lines[1], "stdin is the text, byte for byte");
        assertTrue(lines[2].matches("home=(.+) tmp=\\1 pwd=\\1"), lines[2]);
        assertTrue(lines[2].contains(temp.toString() + "/tts-"), lines[2]);
        assertTrue(Integer.parseInt(lines[3].strip()) <= 6, "environment has " + lines[3] + " variables");
        assertEquals(SynthesisProcessRunner.INPUT_FILE, lines[4], "only the text file is in the directory");
        assertEquals("700", lines[5], "private directory");
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws Exception {
        SynthesisProcessRunner runner = runner(SynthesisLimits.defaults().withTimeout(Duration.ofMillis(300)));
        // A unique sleep duration marks this test's grandchildren, which would outlive a naive destroy() of the shell.
        String marker = "sleep 47." + (System.nanoTime() % 1_000_000);
        long started = System.nanoTime();
        SynthesisException e = assertThrows(
                SynthesisException.class, () -> sh(runner, marker + " & " + marker + " & wait", "", Output.STDOUT));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(Reason.TIMEOUT, e.reason());
        assertTrue(millis < 2000, "took " + millis + " ms");
        assertEquals(0, runner.running());
        List<String> left = ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().orElse("").contains(marker))
                .filter(TtsTesting::running)
                .map(h -> h.pid() + " " + h.info().commandLine().orElse(""))
                .collect(Collectors.toList());
        assertEquals(List.of(), left, "grandchildren left running");
    }

    @Test
    void stdoutPastTheLimitIsRefusedAndTheProgramKilled() {
        SynthesisProcessRunner runner = runner(SynthesisLimits.defaults().withMaxOutputBytes(100_000));
        long started = System.nanoTime();
        SynthesisException e =
                assertThrows(SynthesisException.class, () -> sh(runner, "exec cat /dev/zero", "", Output.STDOUT));
        assertEquals(Reason.OUTPUT_TOO_LARGE, e.reason());
        assertTrue(e.clientError());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 5000);
    }

    @Test
    void fileOutputPastTheLimitIsRefusedWhileTheProgramStillRuns() {
        SynthesisProcessRunner runner = runner(SynthesisLimits.defaults().withMaxOutputBytes(100_000));
        long started = System.nanoTime();
        SynthesisException e = assertThrows(
                SynthesisException.class,
                () -> sh(
                        runner,
                        "head -c 200000 /dev/zero > " + SynthesisProcessRunner.OUTPUT_FILE + "; sleep 30",
                        "",
                        Output.FILE));
        assertEquals(Reason.OUTPUT_TOO_LARGE, e.reason());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 5000);
    }

    @Test
    void outputAtTheLimitIsAccepted() throws Exception {
        SynthesisProcessRunner runner = runner(SynthesisLimits.defaults().withMaxOutputBytes(100_000));
        assertEquals(
                100_000,
                sh(runner, "head -c 100000 /dev/zero", "", Output.STDOUT).output().length);
        assertEquals(
                100_000,
                sh(runner, "head -c 100000 /dev/zero > out.wav", "", Output.FILE)
                        .output()
                        .length);
    }

    @Test
    void busyWhenAllSlotsStayTaken() throws Exception {
        SynthesisProcessRunner runner = runner(SynthesisLimits.defaults()
                .withMaxConcurrent(1)
                .withQueueTimeout(Duration.ofMillis(100))
                .withTimeout(Duration.ofSeconds(20)));
        CompletableFuture<SynthesisProcessRunner.Result> first = CompletableFuture.supplyAsync(() -> {
            try {
                return sh(runner, "sleep 1; echo done", "", Output.STDOUT);
            } catch (SynthesisException e) {
                throw new RuntimeException(e);
            }
        });
        await("the first program holds the slot")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> runner.running() != 0);
        assertEquals(1, runner.running());
        long started = System.nanoTime();
        SynthesisException e = assertThrows(SynthesisException.class, () -> sh(runner, "echo hi", "", Output.STDOUT));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(Reason.BUSY, e.reason());
        assertInstanceOf(SynthesisBusyException.class, e);
        assertFalse(e.clientError());
        assertTrue(waited >= 90 && waited < 900, "waited " + waited + " ms");
        assertEquals("done\n", new String(first.get(10, TimeUnit.SECONDS).output(), StandardCharsets.UTF_8));
        assertEquals(0, runner.running());
        // With the slot free again, a call goes through.
        assertEquals("hi\n", new String(sh(runner, "echo hi", "", Output.STDOUT).output(), StandardCharsets.UTF_8));
    }

    @Test
    void aWaitingCallGetsTheSlotWhenItFreesInTime() throws Exception {
        SynthesisProcessRunner runner =
                runner(SynthesisLimits.defaults().withMaxConcurrent(1).withQueueTimeout(Duration.ofSeconds(5)));
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                sh(runner, "sleep 0.3", "", Output.STDOUT);
            } catch (SynthesisException e) {
                throw new RuntimeException(e);
            }
        });
        await("the first program holds the slot")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> runner.running() != 0);
        assertEquals("ok\n", new String(sh(runner, "echo ok", "", Output.STDOUT).output(), StandardCharsets.UTF_8));
        first.get(5, TimeUnit.SECONDS);
    }

    @Test
    void failingProgramGivesFailedWithItsStderr() {
        SynthesisProcessRunner runner = runner(SynthesisLimits.defaults());
        SynthesisException e = assertThrows(
                SynthesisException.class, () -> sh(runner, "echo 'voice data missing' >&2; exit 3", "", Output.STDOUT));
        assertEquals(Reason.FAILED, e.reason());
        assertTrue(
                e.getMessage().contains("exit status 3") && e.getMessage().contains("voice data missing"),
                e.getMessage());
        SynthesisException none = assertThrows(SynthesisException.class, () -> sh(runner, "true", "", Output.FILE));
        assertEquals(Reason.FAILED, none.reason());
        assertTrue(none.getMessage().contains("wrote no audio"), none.getMessage());
    }

    @Test
    void stderrIsBounded() throws Exception {
        SynthesisProcessRunner runner = runner(SynthesisLimits.defaults());
        SynthesisProcessRunner.Result result =
                sh(runner, "head -c 1000000 /dev/zero | tr '\\0' x >&2; echo ok", "", Output.STDOUT);
        assertTrue(
                result.stderr().length() <= SynthesisProcessRunner.MAX_STDERR_BYTES + 2,
                "kept " + result.stderr().length());
        assertEquals("ok\n", new String(result.output(), StandardCharsets.UTF_8));
    }

    @Test
    void missingProgramIsNotInstalled() {
        SynthesisProcessRunner runner = runner(SynthesisLimits.defaults());
        SynthesisException e = assertThrows(
                SynthesisException.class,
                () -> runner.run("ghost", work -> List.of("/nonexistent/ghost-tts"), new byte[0], Output.STDOUT));
        assertEquals(Reason.NOT_INSTALLED, e.reason());
        assertTrue(SynthesisProcessRunner.resolveExecutable("ghost-tts-" + System.nanoTime())
                .isEmpty());
        assertTrue(SynthesisProcessRunner.resolveExecutable("sh").isPresent());
        assertEquals(0, runner.running());
    }

    @Test
    void interruptKillsTheProgramAndCancels() throws Exception {
        SynthesisProcessRunner runner = runner(SynthesisLimits.defaults());
        AtomicReference<SynthesisException> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                sh(runner, "exec sleep 30", "", Output.STDOUT);
            } catch (SynthesisException e) {
                failure.set(e);
            }
        });
        caller.start();
        // interrupted once the program runs (not merely holds its slot): the interrupt has a process to kill
        await("sleep 30 running")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> runner.running() != 0
                        && ProcessHandle.current()
                                .descendants()
                                .anyMatch(h -> TtsTesting.running(h)
                                        && h.info().commandLine().orElse("").contains("sleep 30")));
        caller.interrupt();
        caller.join(5000);
        assertFalse(caller.isAlive());
        assertEquals(Reason.CANCELLED, failure.get().reason());
        assertTrue(ProcessHandle.current()
                .descendants()
                .noneMatch(h -> TtsTesting.running(h)
                        && h.info().commandLine().orElse("").contains("sleep 30")));
    }
}
