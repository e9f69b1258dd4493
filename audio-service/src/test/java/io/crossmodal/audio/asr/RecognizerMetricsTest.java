package io.crossmodal.audio.asr;

import static io.crossmodal.audio.asr.DecoderPoolSaturationTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.MonoAudio;
import io.crossmodal.audio.inference.ProgramMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The recogniser's saturation gauges on the real PocketSphinx, one decoder, read through Micrometer. */
class RecognizerMetricsTest {

    private static final String TASK = "speech-recognition";

    private static double gauge(MeterRegistry registry, String name) {
        return registry.get(name)
                .tags("task", TASK, "model", "pocketsphinx-en-us")
                .gauge()
                .value();
    }

    private static double rejected(MeterRegistry registry) {
        return registry.get("crossmodal.program.rejected")
                .tags("task", TASK, "model", "pocketsphinx-en-us")
                .functionCounter()
                .count();
    }

    @Test
    void inUseWaitingAndRejectedFollowTheDecoder() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (PocketSphinxRecognizer recognizer =
                PocketSphinxRecognizer.open(PocketSphinxConfig.defaults().withPool(1, Duration.ofMillis(800)))) {
            ProgramMetrics.register(registry, recognizer);
            assertEquals(1, gauge(registry, "crossmodal.program.capacity"));
            assertEquals(0, gauge(registry, "crossmodal.program.in.use"));
            assertEquals(1, gauge(registry, "crossmodal.program.idle"), "open creates the first decoder");
            assertEquals(0, gauge(registry, "crossmodal.program.waiting"));
            assertEquals(0, rejected(registry));

            // a stream holds the decoder for its whole life
            RecognitionStream stream = recognizer.openStream();
            assertEquals(1, gauge(registry, "crossmodal.program.in.use"));
            assertEquals(0, gauge(registry, "crossmodal.program.idle"));

            // a unary call finds it busy: waits, then is refused
            MonoAudio silence = new MonoAudio(new float[16_000], MonoAudio.MODEL_RATE);
            CompletableFuture<Transcript> refused = CompletableFuture.supplyAsync(() -> recognizer.transcribe(silence));
            await(() -> gauge(registry, "crossmodal.program.waiting") == 1, "waiting = 1");
            ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof RecognizerBusyException, String.valueOf(e.getCause()));
            assertEquals(0, gauge(registry, "crossmodal.program.waiting"));
            assertEquals(1, rejected(registry));
            assertEquals(1, gauge(registry, "crossmodal.program.in.use"));

            // another waits and gets the decoder when the stream ends
            CompletableFuture<Transcript> served = CompletableFuture.supplyAsync(() -> recognizer.transcribe(silence));
            await(() -> gauge(registry, "crossmodal.program.waiting") == 1, "waiting = 1 again");
            stream.close();
            served.get(10, TimeUnit.SECONDS);
            assertEquals(0, gauge(registry, "crossmodal.program.waiting"));
            assertEquals(0, gauge(registry, "crossmodal.program.in.use"));
            assertEquals(1, gauge(registry, "crossmodal.program.idle"));
            assertEquals(1, rejected(registry), "served in time: not rejected");
        }
    }
}
