package io.crossmodal.cli;

import com.google.protobuf.ByteString;
import io.crossmodal.audio.v1.AudioInfo;
import io.crossmodal.audio.v1.SynthesizeRequest;
import io.crossmodal.audio.v1.SynthesizeResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code crossmodal audio synthesize}: AudioService.Synthesize, the WAV written to a file. */
@Command(
        name = "synthesize",
        mixinStandardHelpOptions = true,
        description = "Speaks a text (AudioService.Synthesize), writes the WAV the service returns to --out, and "
                + "prints its size, format, sample rate, duration and the voice used.")
final class AudioSynthesizeCommand implements Callable<Integer> {

    @Mixin
    AudioOptions audio;

    @Option(
            names = {"-o", "--out"},
            required = true,
            paramLabel = "FILE.wav",
            description = "Where to write the WAV (16-bit PCM mono); an existing file is replaced.")
    Path outFile;

    @Option(
            names = {"-l", "--language"},
            paramLabel = "LANG",
            description = "BCP-47 language of the text, e.g. en, zh. Default: the service's (en).")
    String language;

    @Option(
            names = "--voice",
            paramLabel = "NAME",
            description = "Voice by name. Default: the language's default voice.")
    String voice;

    // 0 means "the service default" (16000) in the request
    @Option(
            names = "--sample-rate",
            paramLabel = "HZ",
            description = "Sample rate of the WAV, in Hz (the service takes 8000-48000). Default: the service's "
                    + "(16000).")
    int sampleRate;

    @Parameters(
            arity = "1..*",
            paramLabel = "TEXT",
            description = "The text to speak; several arguments are joined with single spaces.")
    List<String> words;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (sampleRate < 0) {
            throw new UsageException(spec.commandLine(), "--sample-rate must not be negative: " + sampleRate);
        }
        checkOut();
        SynthesizeRequest.Builder request =
                SynthesizeRequest.newBuilder().setText(String.join(" ", words)).setSampleRateHz(sampleRate);
        if (language != null) {
            request.setLanguage(language);
        }
        if (voice != null) {
            request.setVoice(voice);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManagedChannel channel = audio.open();
        try {
            SynthesizeResponse response = audio.blocking(channel).synthesize(request.build());
            ByteString wav = response.getAudio().getData();
            try {
                Files.write(outFile, wav.toByteArray());
            } catch (IOException e) {
                err.println("error: cannot write " + outFile + ": " + e.getMessage());
                return CrossmodalCli.EXIT_RPC_ERROR;
            }
            AudioInfo info = wavInfo(wav, response.getDurationMs(), sampleRate);
            out.println(outFile + ": " + wav.size() + " bytes, " + AudioFormat.audio(info)
                    + (response.getVoice().isEmpty() ? "" : ", voice " + response.getVoice()));
            return 0;
        } catch (StatusRuntimeException e) {
            StatusPrinter.print(err, "error: ", e);
            return CrossmodalCli.EXIT_RPC_ERROR;
        } finally {
            out.flush();
            err.flush();
            Channels.close(channel);
        }
    }

    /** The output must be a file in an existing directory: checked before the synthesis, a usage error otherwise. */
    private void checkOut() {
        Path absolute = outFile.toAbsolutePath();
        Path dir = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new UsageException(spec.commandLine(), "Output file '" + outFile + "': it is a directory");
        }
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UsageException(spec.commandLine(), "Output file '" + outFile + "': no such directory " + dir);
        }
    }

    /**
     * Format, rate, channels and bits from the WAV's fmt chunk; the duration is the service's. When the bytes are
     * not a readable WAV, only what was asked for.
     */
    static AudioInfo wavInfo(ByteString wav, long durationMs, int requestedRate) {
        AudioInfo.Builder info =
                AudioInfo.newBuilder().setDurationMs(durationMs).setSampleRateHz(requestedRate);
        ByteBuffer b = wav.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 /* RIFF */ || b.getInt(8) != 0x45564157 /* WAVE */) {
            return info.build();
        }
        int at = 12;
        while (at + 8 <= b.limit()) {
            int id = b.getInt(at);
            long size = Integer.toUnsignedLong(b.getInt(at + 4));
            if (id == 0x20746d66 /* "fmt " */ && size >= 16 && at + 24 <= b.limit()) {
                return info.setFormat("wav")
                        .setChannels(Short.toUnsignedInt(b.getShort(at + 10)))
                        .setSampleRateHz(b.getInt(at + 12))
                        .setBitsPerSample(Short.toUnsignedInt(b.getShort(at + 22)))
                        .build();
            }
            long next = at + 8 + size + (size & 1);
            if (next > b.limit()) {
                break;
            }
            at = (int) next;
        }
        return info.build();
    }
}
