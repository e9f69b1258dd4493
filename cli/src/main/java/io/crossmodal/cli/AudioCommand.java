package io.crossmodal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code crossmodal audio}: talks to the audio service (crossmodal.audio.v1.AudioService) directly, not through the
 * gateway (which does not route audio yet): transcripts, speech segments, audio embeddings, synthesis.
 */
@Command(
        name = "audio",
        mixinStandardHelpOptions = true,
        description = "Calls the audio service directly (crossmodal.audio.v1.AudioService, default "
                + "localhost:9093): transcription (whole or streamed), speech detection, audio embeddings and "
                + "speech synthesis.",
        subcommands = {
            AudioTranscribeCommand.class,
            AudioStreamTranscribeCommand.class,
            AudioDetectSpeechCommand.class,
            AudioEmbedCommand.class,
            AudioSynthesizeCommand.class,
            AudioModelsCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "The MIME type comes from the file extension (wav, rf64, flac, mp3, ogg/oga);",
            "other files are sent without one and the service sniffs the bytes.",
            "",
            "Examples:",
            "  crossmodal audio synthesize --language en --sample-rate 16000 \\",
            "      --out report.wav \"can you send me the report before lunch\"",
            "  crossmodal audio transcribe report.wav",
            "  crossmodal audio stream-transcribe --chunk-size 3200 report.wav",
            "  crossmodal audio detect-speech --threshold 0.5 report.wav",
            "  crossmodal audio embed report.wav other.wav",
            "  crossmodal audio models --target audio-host:9093"
        })
final class AudioCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // No subcommand: show the usage.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
