package io.crossmodal.cli;

import io.crossmodal.audio.v1.ListModelsRequest;
import io.crossmodal.audio.v1.ListModelsResponse;
import io.crossmodal.common.v1.Limit;
import io.crossmodal.common.v1.ModelInfo;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code crossmodal audio models}: AudioService.ListModels, the models and programs as a table and the limits. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "Lists the audio models and programs, their task, state, languages, embedding space and "
                + "batching, and the limits the audio service enforces (AudioService.ListModels). BATCH is max "
                + "batch size/max queue delay, then the batch's cost budget.")
final class AudioModelsCommand implements Callable<Integer> {

    static final List<String> HEADER =
            List.of("NAME", "VERSION", "ENGINE", "TASK", "STATE", "DEFAULT", "LANGUAGES", "DIM", "SPACE", "BATCH");

    /** More languages than this are shortened in the table (espeak-ng speaks over a hundred). */
    static final int LANGUAGES_SHOWN = 4;

    @Mixin
    AudioOptions audio;

    @Option(
            names = "--languages",
            description = "After the table, list every language of the models whose list the table shortens.")
    boolean allLanguages;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManagedChannel channel = audio.open();
        try {
            ListModelsResponse response = audio.blocking(channel).listModels(ListModelsRequest.getDefaultInstance());
            List<List<String>> rows = new ArrayList<>();
            rows.add(HEADER);
            response.getModelsList().forEach(m -> rows.add(row(m)));
            ModelsCommand.printTable(out, rows);
            if (allLanguages) {
                printLanguages(out, response.getModelsList());
            }
            if (response.hasLimits() && response.getLimits().getLimitsCount() > 0) {
                out.println();
                out.println("Limits:");
                for (Limit l : response.getLimits().getLimitsList()) {
                    out.println("  " + l.getName() + " = " + l.getValue() + " " + l.getUnit()
                            + (l.getDescription().isEmpty() ? "" : ": " + l.getDescription()));
                }
            }
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

    private static List<String> row(ModelInfo m) {
        return List.of(
                m.getName(),
                dash(m.getVersion()),
                dash(m.getEngine()),
                dash(m.getTask()),
                ModelsCommand.state(m),
                m.getIsDefault() ? "yes" : "",
                languages(m.getLanguagesList()),
                m.hasSpace() ? Integer.toString(m.getSpace().getDimension()) : "-",
                m.hasSpace() ? m.getSpace().getId() : "-",
                m.hasBatching() ? VisionModelsCommand.batching(m.getBatching()) : "-");
    }

    /** "en", "af,am,an,ar,... (131)": the first few and the count when there are many. */
    static String languages(List<String> languages) {
        if (languages.isEmpty()) {
            return "-";
        }
        if (languages.size() <= LANGUAGES_SHOWN) {
            return String.join(",", languages);
        }
        return String.join(",", languages.subList(0, LANGUAGES_SHOWN)) + ",... (" + languages.size() + ")";
    }

    private static void printLanguages(PrintWriter out, List<ModelInfo> models) {
        for (ModelInfo m : models) {
            if (m.getLanguagesCount() > LANGUAGES_SHOWN) {
                out.println();
                out.println("Languages of " + m.getName() + " (" + m.getLanguagesCount() + "):");
                out.println("  " + String.join(" ", m.getLanguagesList()));
            }
        }
    }

    private static String dash(String s) {
        return s.isEmpty() ? "-" : s;
    }
}
