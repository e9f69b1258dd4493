package io.crossmodal.audio.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.crossmodal.audio.inference.ProgramMetrics;
import io.crossmodal.audio.tts.SynthesisProcessRunner.Output;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthesizers' saturation gauges, read through Micrometer, with a stand-in program (sh) that holds its slot
 * until the test releases it.
 */
class SynthesisMetricsTest {

    @TempDir
    Path temp;

    private static double gauge(MeterRegistry registry, String name) {
        return registry.get(name)
                .tags("task", "speech-synthesis", "model", "test")
                .gauge()
                .value();
    }

    private static double rejected(MeterRegistry registry) {
        return registry.get("crossmodal.program.rejected")
                .tags("task", "speech-synthesis", "model", "test")
                .functionCounter()
                .count();
    }

    /** Waits until {@code condition} holds; fails after 5 s. */
    private static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what)
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(2))
                .until(condition::getAsBoolean);
    }

    private static CompletableFuture<SynthesisProcessRunner.Result> run(SynthesisProcessRunner runner, String script) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run("test-program", work -> List.of("/bin/sh", "-c", script), new byte[0], Output.STDOUT);
            } catch (SynthesisException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void runningWaitingAndRejectedFollowTheProcesses() throws Exception {
        Path work = Files.createDirectory(temp.resolve("work"));
        Path release = temp.resolve("release");
        SynthesisProcessRunner runner = new SynthesisProcessRunner(
                SynthesisLimits.defaults().withMaxConcurrent(1).withQueueTimeout(Duration.ofMillis(800)), work);
        MeterRegistry registry = new SimpleMeterRegistry();
        ProgramMetrics.register(
                registry,
                "speech-synthesis",
                "test",
                () -> runner.limits().maxConcurrent(),
                runner::running,
                runner::waiting,
                runner::rejected);
        assertEquals(1, gauge(registry, "crossmodal.program.capacity"));
        assertEquals(0, gauge(registry, "crossmodal.program.in.use"));

        // a process holds the only slot until the file appears
        CompletableFuture<SynthesisProcessRunner.Result> holder =
                run(runner, "while [ ! -e '" + release + "' ]; do sleep 0.02; done");
        await(() -> gauge(registry, "crossmodal.program.in.use") == 1, "in use = 1");
        assertEquals(0, gauge(registry, "crossmodal.program.waiting"));

        // the next waits, then is refused
        CompletableFuture<SynthesisProcessRunner.Result> refused = run(runner, "exit 0");
        await(() -> gauge(registry, "crossmodal.program.waiting") == 1, "waiting = 1");
        ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertInstanceOf(SynthesisBusyException.class, e.getCause().getCause());
        assertEquals(0, gauge(registry, "crossmodal.program.waiting"));
        assertEquals(1, rejected(registry));

        // another waits and runs when the slot frees
        CompletableFuture<SynthesisProcessRunner.Result> served = run(runner, "exit 0");
        await(() -> gauge(registry, "crossmodal.program.waiting") == 1, "waiting = 1 again");
        Files.createFile(release);
        holder.get(10, TimeUnit.SECONDS);
        served.get(10, TimeUnit.SECONDS);
        assertEquals(0, gauge(registry, "crossmodal.program.waiting"));
        assertEquals(0, gauge(registry, "crossmodal.program.in.use"));
        assertEquals(1, rejected(registry), "served in time: not rejected");
    }

    @Test
    void theRoutersSlotsAreTaggedWithTheSynthesizersSharingThem() {
        SynthesisSettings settings = SynthesisSettings.defaults()
                .withTempDir(temp)
                .withFestivalProgram("/nonexistent/text2wave")
                .withEspeakProgram("/nonexistent/espeak-ng");
        SynthesizerRouter router = SynthesizerRouter.create(settings);
        assertEquals("festival+espeak-ng", ProgramMetrics.synthesisModel(router));
        MeterRegistry registry = new SimpleMeterRegistry();
        ProgramMetrics.register(registry, router);
        assertEquals(
                2,
                registry.get("crossmodal.program.capacity")
                        .tags("task", "speech-synthesis", "model", "festival+espeak-ng")
                        .gauge()
                        .value());
        assertEquals(
                0,
                registry.get("crossmodal.program.rejected")
                        .tags("task", "speech-synthesis", "model", "festival+espeak-ng")
                        .functionCounter()
                        .count());
    }
}
