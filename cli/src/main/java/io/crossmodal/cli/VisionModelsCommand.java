package io.crossmodal.cli;

import io.crossmodal.common.v1.BatchingConfig;
import io.crossmodal.common.v1.Limit;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.vision.v1.ListModelsRequest;
import io.crossmodal.vision.v1.ListModelsResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code crossmodal vision models}: VisionService.ListModels, the models as a table and the service's limits. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "Lists the vision models, their state, embedding space and batching, and the limits the "
                + "vision service enforces (VisionService.ListModels).")
final class VisionModelsCommand implements Callable<Integer> {

    static final List<String> HEADER =
            List.of("NAME", "VERSION", "ENGINE", "TASK", "STATE", "DEFAULT", "DIM", "SPACE", "BATCH");

    @Mixin
    VisionOptions vision;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManagedChannel channel = vision.open();
        try {
            ListModelsResponse response = vision.blocking(channel).listModels(ListModelsRequest.getDefaultInstance());
            List<List<String>> rows = new ArrayList<>();
            rows.add(HEADER);
            response.getModelsList().forEach(m -> rows.add(row(m)));
            ModelsCommand.printTable(out, rows);
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
                m.getVersion(),
                m.getEngine(),
                m.getTask(),
                ModelsCommand.state(m),
                m.getIsDefault() ? "yes" : "",
                m.hasSpace() ? Integer.toString(m.getSpace().getDimension()) : "-",
                m.hasSpace() ? m.getSpace().getId() : "-",
                m.hasBatching() ? batching(m.getBatching()) : "-");
    }

    /** "8/5ms, 4000000 pixels": batch size / queue delay, then the batch's cost budget when it has one. */
    static String batching(BatchingConfig b) {
        String s = b.getMaxBatchSize() + "/" + b.getMaxQueueDelayMs() + "ms";
        if (b.getMaxBatchCost() > 0) {
            s += ", " + b.getMaxBatchCost() + " " + b.getCostUnit();
        }
        return s;
    }
}
