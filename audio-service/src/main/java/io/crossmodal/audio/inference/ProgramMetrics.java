package io.crossmodal.audio.inference;

import io.crossmodal.audio.asr.PocketSphinxRecognizer;
import io.crossmodal.audio.tts.SpeechSynthesizer;
import io.crossmodal.audio.tts.SynthesisProcessRunner;
import io.crossmodal.audio.tts.SynthesizerRouter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Saturation of the programs that are not behind a batcher (the recogniser's decoder pool, the synthesizers' bounded
 * processes), for operators and autoscalers, next to their {@code crossmodal_program_duration_seconds}. In
 * Prometheus terms, each with the tags {@code task} and {@code model}:
 *
 * <ul>
 *   <li>{@code crossmodal_program_capacity}: calls that can run at once (decoders, process slots);
 *   <li>{@code crossmodal_program_in_use}: of those, held by a call (or a stream) right now;
 *   <li>{@code crossmodal_program_waiting}: calls waiting for one right now;
 *   <li>{@code crossmodal_program_rejected_total}: calls refused because none came free in time
 *       ({@code RESOURCE_EXHAUSTED});
 *   <li>{@code crossmodal_program_idle} (recogniser only): decoders created and idle, ready without the 0.6 s it
 *       takes to create one.
 * </ul>
 */
public final class ProgramMetrics {

    /** {@code task} of the recogniser, as on {@code crossmodal_program_duration_seconds}. */
    public static final String RECOGNITION = "speech-recognition";
    /** {@code task} of the synthesizers, as on {@code crossmodal_program_duration_seconds}. */
    public static final String SYNTHESIS = "speech-synthesis";

    private ProgramMetrics() {}

    /**
     * Wall time of one call of a program that is not behind a batcher ({@code crossmodal_program_duration_seconds}),
     * so the recogniser and the synthesizers show up next to the batched models' inference durations. Registering
     * again returns the same timer.
     */
    public static Timer duration(MeterRegistry registry, String task, String model) {
        return Timer.builder("crossmodal.program.duration")
                .description("Wall time of the recogniser or a synthesizer per call")
                .tag("task", task)
                .tag("model", model)
                .publishPercentileHistogram()
                .register(registry);
    }

    /** The gauges and the counter of one program's slots. */
    public static void register(
            MeterRegistry registry,
            String task,
            String model,
            IntSupplier capacity,
            IntSupplier inUse,
            IntSupplier waiting,
            LongSupplier rejected) {
        Tags tags = Tags.of("task", task, "model", model);
        gauge(
                registry,
                "crossmodal.program.capacity",
                "Calls the program can serve at once (decoders, process slots)",
                tags,
                capacity);
        gauge(registry, "crossmodal.program.in.use", "Decoders or process slots held by calls right now", tags, inUse);
        gauge(
                registry,
                "crossmodal.program.waiting",
                "Calls waiting for a decoder or a process slot right now",
                tags,
                waiting);
        FunctionCounter.builder("crossmodal.program.rejected", rejected, LongSupplier::getAsLong)
                .description("Calls refused because no decoder or process slot came free in time")
                .tags(tags)
                .register(registry);
    }

    /** The recogniser's decoder pool; {@code model} is the recogniser's name. */
    public static void register(MeterRegistry registry, PocketSphinxRecognizer recognizer) {
        register(
                registry,
                RECOGNITION,
                recognizer.name(),
                recognizer::poolSize,
                recognizer::decodersInUse,
                recognizer::callsWaiting,
                recognizer::callsRejected);
        gauge(
                registry,
                "crossmodal.program.idle",
                "Decoders created and idle in the pool",
                Tags.of("task", RECOGNITION, "model", recognizer.name()),
                recognizer::decodersIdle);
    }

    /**
     * The synthesizers' shared process slots; {@code model} names the synthesizers sharing them, joined by
     * {@code +} ({@code festival+espeak-ng} by default).
     */
    public static void register(MeterRegistry registry, SynthesizerRouter router) {
        SynthesisProcessRunner runner = router.runner();
        register(
                registry,
                SYNTHESIS,
                synthesisModel(router),
                () -> runner.limits().maxConcurrent(),
                runner::running,
                runner::waiting,
                runner::rejected);
    }

    /** The {@code model} tag of the synthesizers' slots. */
    public static String synthesisModel(SynthesizerRouter router) {
        String names =
                router.synthesizers().stream().map(SpeechSynthesizer::name).collect(Collectors.joining("+"));
        return names.isEmpty() ? SynthesizerRouter.NAME : names;
    }

    private static void gauge(MeterRegistry registry, String name, String description, Tags tags, IntSupplier value) {
        Gauge.builder(name, value, IntSupplier::getAsInt)
                .description(description)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }
}
