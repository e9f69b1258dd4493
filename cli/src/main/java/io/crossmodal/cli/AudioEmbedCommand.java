package io.crossmodal.cli;

import io.crossmodal.audio.v1.EmbedAudioRequest;
import io.crossmodal.audio.v1.EmbedAudioResponse;
import io.crossmodal.audio.v1.EmbedAudioResult;
import io.crossmodal.audio.v1.SegmentEmbedding;
import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crossmodal audio embed}: one AudioService.EmbedAudio call with every file, so their vectors come from one
 * model and one space; prints the space, each clip's vector and its per-segment vectors, and the cosine of each
 * later clip with the first.
 */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        description = "Embeds audio files in the audio space in one call (AudioService.EmbedAudio) and prints the "
                + "space (id, dimension, metric), the leading values of each clip's vector, its per-segment "
                + "vectors, and the cosine similarity of every later clip with the first.")
final class AudioEmbedCommand implements Callable<Integer> {

    @Mixin
    AudioOptions audio;

    @Option(
            names = {"-m", "--model"},
            paramLabel = "NAME",
            description = "Embedding model by name. Default: the service's.")
    String model;

    @Option(
            names = "--per-segment",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Also ask for one vector per speech segment (--no-per-segment: only the clip's). "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean perSegment;

    @Option(
            names = "--values",
            defaultValue = "5",
            paramLabel = "N",
            description = "How many leading vector components to print. Default: ${DEFAULT-VALUE}.")
    int values;

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE",
            description = "Audio files (wav, flac, mp3, ogg), all in one call.")
    List<String> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (values < 0) {
            throw new UsageException(spec.commandLine(), "--values must not be negative: " + values);
        }
        List<InputFile> clips = InputFile.Kind.AUDIO.check(spec.commandLine(), files);
        EmbedAudioRequest request = request(clips);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManagedChannel channel = audio.open();
        try {
            EmbedAudioResponse response = audio.blocking(channel).embedAudio(request);
            if (response.getResultsCount() != clips.size()) {
                err.println("error: the service returned " + response.getResultsCount() + " results for " + clips.size()
                        + " clips");
                return CrossmodalCli.EXIT_RPC_ERROR;
            }
            for (EmbeddingSpace space : response.getSpacesList()) {
                out.println("space " + VisionFormat.space(space));
            }
            int failed = 0;
            int first = -1;
            for (int i = 0; i < clips.size(); i++) {
                String name = clips.get(i).name();
                EmbedAudioResult result = response.getResults(i);
                if (result.getStatus().getCode() != 0) {
                    out.flush();
                    StatusPrinter.print(err, name + ": error: ", result.getStatus());
                    err.flush();
                    failed++;
                } else if (!result.hasEmbedding()) {
                    out.flush();
                    err.println(name + ": error: the service returned no embedding");
                    err.flush();
                    failed++;
                } else {
                    print(out, name, result);
                    first = first < 0 ? i : first;
                }
            }
            printCosines(out, clips, response, first);
            return failed == 0 ? 0 : CrossmodalCli.EXIT_RPC_ERROR;
        } catch (StatusRuntimeException e) {
            StatusPrinter.print(err, "error: ", e);
            return CrossmodalCli.EXIT_RPC_ERROR;
        } finally {
            out.flush();
            err.flush();
            Channels.close(channel);
        }
    }

    private void print(PrintWriter out, String name, EmbedAudioResult result) {
        Embedding e = result.getEmbedding();
        int dimension = e.getDimension() != 0 ? e.getDimension() : e.getValuesCount();
        out.println(name + ": " + AudioFormat.audio(result.getAudio()));
        out.println("  space:     " + e.getSpaceId() + ", " + dimension + " dimensions");
        out.println("  clip:      " + VisionFormat.values(e, values));
        if (!perSegment) {
            return;
        }
        int n = result.getSegmentsCount();
        out.println("  segments:  " + n + (n == 1 ? " vector" : " vectors"));
        for (SegmentEmbedding s : result.getSegmentsList()) {
            out.println("    " + AudioFormat.span(s.getSegment().getSpan()) + ": "
                    + VisionFormat.values(s.getEmbedding(), values));
        }
    }

    /** Reads every file before the call: all of them go in one message, and a read failure is still a usage error. */
    private EmbedAudioRequest request(List<InputFile> clips) {
        EmbedAudioRequest.Builder request = EmbedAudioRequest.newBuilder().setPerSegment(perSegment);
        if (model != null) {
            request.setModel(model);
        }
        for (InputFile clip : clips) {
            try {
                request.addClips(clip.media());
            } catch (IOException e) {
                throw new UsageException(
                        spec.commandLine(),
                        "Audio file '" + clip.name() + "': cannot be read (" + e.getMessage() + ")");
            }
        }
        return request.build();
    }

    /** The cosine of every later embedded clip with the first embedded one, when both are in one space. */
    private static void printCosines(PrintWriter out, List<InputFile> clips, EmbedAudioResponse response, int first) {
        if (first < 0) {
            return;
        }
        Embedding a = response.getResults(first).getEmbedding();
        for (int i = first + 1; i < clips.size(); i++) {
            EmbedAudioResult r = response.getResults(i);
            if (r.getStatus().getCode() != 0 || !r.hasEmbedding()) {
                continue;
            }
            Embedding b = r.getEmbedding();
            String pair =
                    "cosine(" + clips.get(first).name() + ", " + clips.get(i).name() + ")";
            if (!a.getSpaceId().equals(b.getSpaceId()) || a.getValuesCount() != b.getValuesCount()) {
                out.println(pair + ": not comparable, spaces " + a.getSpaceId() + " and " + b.getSpaceId());
                continue;
            }
            double cosine = Encoding.cosine(a.getValuesList(), b.getValuesList());
            out.println(pair + " = " + String.format(Locale.ROOT, "%.3f", cosine));
        }
    }
}
