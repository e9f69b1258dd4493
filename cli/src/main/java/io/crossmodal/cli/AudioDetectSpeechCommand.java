package io.crossmodal.cli;

import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.audio.v1.DetectSpeechRequest;
import io.crossmodal.audio.v1.DetectSpeechResponse;
import io.crossmodal.common.v1.Media;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crossmodal audio detect-speech}: AudioService.DetectSpeech, one call per file. */
@Command(
        name = "detect-speech",
        mixinStandardHelpOptions = true,
        description = "Finds the speech in audio files (AudioService.DetectSpeech) and prints, per segment, its "
                + "start-end in ms from the start of the clip and its mean speech probability.")
final class AudioDetectSpeechCommand extends PerAudioCommand {

    // 0 means "the service default" in the request, so an unset option is simply not sent
    @Option(
            names = "--threshold",
            paramLabel = "F",
            description = "Speech probability threshold, in [0, 1]. Default: the service's (0.5).")
    float threshold;

    @Option(
            names = "--min-speech-ms",
            paramLabel = "MS",
            description = "Drop shorter speech runs. Default: the service's.")
    int minSpeechMs;

    @Option(
            names = "--min-silence-ms",
            paramLabel = "MS",
            description = "Silences shorter than this do not split a segment. Default: the service's.")
    int minSilenceMs;

    @Override
    void checkOptions() {
        if (minSpeechMs < 0) {
            throw usage("--min-speech-ms must not be negative: " + minSpeechMs);
        }
        if (minSilenceMs < 0) {
            throw usage("--min-silence-ms must not be negative: " + minSilenceMs);
        }
    }

    @Override
    void analyze(AudioServiceGrpc.AudioServiceBlockingStub stub, InputFile file, Media clip, PrintWriter out) {
        DetectSpeechResponse response = stub.detectSpeech(DetectSpeechRequest.newBuilder()
                .setAudio(clip)
                .setThreshold(threshold)
                .setMinSpeechMs(minSpeechMs)
                .setMinSilenceMs(minSilenceMs)
                .build());
        out.println(file.name() + ": " + AudioFormat.audio(response.getAudio()));
        AudioFormat.segments(out, response.getSegmentsList());
    }
}
