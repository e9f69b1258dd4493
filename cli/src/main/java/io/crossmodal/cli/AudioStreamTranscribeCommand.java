package io.crossmodal.cli;

import io.crossmodal.audio.v1.StreamingTranscribeConfig;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crossmodal audio stream-transcribe}: AudioService.StreamingTranscribe, the bidirectional stream. The file
 * goes up in chunks; each partial hypothesis the service sends back is printed the moment it arrives, then the
 * final result exactly as {@code transcribe} prints it.
 */
@Command(
        name = "stream-transcribe",
        mixinStandardHelpOptions = true,
        description = "Streams one audio file in chunks (AudioService.StreamingTranscribe), prints the partial "
                + "hypotheses as they arrive, then the final transcript with its segments and word timings.")
final class AudioStreamTranscribeCommand implements Callable<Integer> {

    /** The service streams WAV, or raw 16-bit little-endian PCM (these extensions); not the compressed formats. */
    private static final Set<String> RAW = Set.of("raw", "pcm", "l16");

    private static final Set<String> NOT_STREAMABLE = Set.of("flac", "mp3", "ogg", "oga");

    @Mixin
    AudioOptions audio;

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

    @Option(
            names = "--chunk-size",
            defaultValue = "3200",
            paramLabel = "BYTES",
            description = "Bytes per audio message (3200 = 100 ms of 16 kHz 16-bit mono). Default: ${DEFAULT-VALUE}.")
    int chunkSize;

    @Option(
            names = "--mime-type",
            paramLabel = "TYPE",
            description = "Format of the file: audio/wav, or audio/l16;rate=N for raw 16-bit little-endian PCM. "
                    + "Default: from the extension (.wav; .raw, .pcm or .l16 at --rate).")
    String mimeType;

    @Option(
            names = "--rate",
            defaultValue = "16000",
            paramLabel = "HZ",
            description = "Sample rate of a raw PCM file (.raw, .pcm, .l16). Default: ${DEFAULT-VALUE}.")
    int rate;

    @Parameters(
            index = "0",
            paramLabel = "FILE",
            description = "The audio file: WAV, or raw 16-bit little-endian mono PCM.")
    String file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (chunkSize <= 0) {
            throw new UsageException(spec.commandLine(), "--chunk-size must be positive: " + chunkSize);
        }
        if (rate <= 0) {
            throw new UsageException(spec.commandLine(), "--rate must be positive: " + rate);
        }
        InputFile clip = InputFile.Kind.AUDIO.check(spec.commandLine(), file);
        StreamingTranscribeConfig.Builder config =
                StreamingTranscribeConfig.newBuilder().setMimeType(mimeType != null ? mimeType : streamedType(clip));
        if (language != null) {
            config.setLanguage(language);
        }
        if (model != null) {
            config.setModel(model);
        }

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManagedChannel channel = audio.open();
        try (InputStream data = Files.newInputStream(clip.path())) {
            TranscriptionStream.Outcome outcome =
                    TranscriptionStream.transcribe(audio.async(channel), config.build(), data, chunkSize, partial -> {
                        out.println("partial: " + partial);
                        out.flush();
                    });
            out.println(clip.name() + ": " + AudioFormat.heading(outcome.result()));
            AudioFormat.transcript(out, outcome.result());
            out.println("  streamed " + outcome.bytes() + " bytes in " + outcome.chunks() + " chunks; "
                    + outcome.partials() + " partial hypotheses");
            return 0;
        } catch (StatusRuntimeException e) {
            out.flush();
            StatusPrinter.print(err, "error: ", e);
            return CrossmodalCli.EXIT_RPC_ERROR;
        } catch (IOException e) {
            err.println("error: cannot read " + clip.name() + ": " + e.getMessage());
            return CrossmodalCli.EXIT_RPC_ERROR;
        } finally {
            out.flush();
            err.flush();
            Channels.close(channel);
        }
    }

    /** The config's MIME type from the extension; formats the stream does not take are a usage error. */
    private String streamedType(InputFile clip) {
        String extension = InputFile.extension(clip.name());
        if (RAW.contains(extension)) {
            return "audio/l16;rate=" + rate;
        }
        if (NOT_STREAMABLE.contains(extension)) {
            throw new UsageException(
                    spec.commandLine(),
                    "Audio file '" + clip.name() + "': the stream takes WAV " + "or raw 16-bit PCM, not " + extension
                            + "; 'crossmodal audio transcribe' reads it whole");
        }
        // WAV, and anything else: the service reads the RIFF header from the first chunk, or says why not
        return "audio/wav";
    }
}
