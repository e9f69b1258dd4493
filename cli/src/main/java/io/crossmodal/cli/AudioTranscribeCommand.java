package io.crossmodal.cli;

import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.audio.v1.TranscribeRequest;
import io.crossmodal.audio.v1.TranscribeResponse;
import io.crossmodal.common.v1.Media;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crossmodal audio transcribe}: AudioService.Transcribe, one call per file. */
@Command(
        name = "transcribe",
        mixinStandardHelpOptions = true,
        description = "Transcribes audio files (AudioService.Transcribe) and prints, per file, the transcript, then "
                + "per speech segment its start-end in ms and text, then its words with their timings and "
                + "confidences.")
final class AudioTranscribeCommand extends PerAudioCommand {

    @Option(
            names = {"-l", "--language"},
            paramLabel = "LANG",
            description = "BCP-47 language of the speech. Default: the service's (en).")
    String language;

    @Option(
            names = {"-m", "--model"},
            paramLabel = "NAME",
            description = "Recogniser by name. Default: the service's.")
    String model;

    @Override
    void analyze(AudioServiceGrpc.AudioServiceBlockingStub stub, InputFile file, Media clip, PrintWriter out) {
        TranscribeRequest.Builder request = TranscribeRequest.newBuilder().setAudio(clip);
        if (language != null) {
            request.setLanguage(language);
        }
        if (model != null) {
            request.setModel(model);
        }
        TranscribeResponse response = stub.transcribe(request.build());
        out.println(file.name() + ": " + AudioFormat.heading(response));
        AudioFormat.transcript(out, response);
    }
}
