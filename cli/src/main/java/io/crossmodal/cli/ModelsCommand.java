package io.crossmodal.cli;

import io.crossmodal.common.v1.Limit;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.fusion.v1.EncoderModels;
import io.crossmodal.fusion.v1.ListModelsRequest;
import io.crossmodal.fusion.v1.ListModelsResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code crossmodal models}: FusionService.ListModels as a table. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "Lists the models of every encoder behind the gateway (FusionService.ListModels).")
final class ModelsCommand implements Callable<Integer> {

    static final List<String> HEADER = List.of(
            "MODALITY",
            "NAME",
            "VERSION",
            "ENGINE",
            "STATE",
            "DEFAULT",
            "LANGUAGES",
            "DIM",
            "MAX_TOKENS",
            "BATCH",
            "SPACE");

    @Mixin
    GatewayOptions gateway;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManagedChannel channel = gateway.open();
        try {
            ListModelsResponse response = gateway.stub(channel).listModels(ListModelsRequest.getDefaultInstance());
            List<List<String>> rows = new ArrayList<>();
            rows.add(HEADER);
            boolean unreachable = false;
            for (EncoderModels encoder : response.getEncodersList()) {
                if (encoder.getStatus().getCode() != 0) {
                    unreachable = true;
                    StatusPrinter.print(
                            err, modality(encoder.getModality()) + " encoder: error: ", encoder.getStatus());
                }
                for (ModelInfo m : encoder.getModelsList()) {
                    rows.add(row(encoder, m));
                }
            }
            printTable(out, rows);
            if (response.hasLimits() && response.getLimits().getLimitsCount() > 0) {
                out.println();
                out.println("Gateway limits:");
                for (Limit l : response.getLimits().getLimitsList()) {
                    out.println("  " + l.getName() + " = " + l.getValue() + " " + l.getUnit());
                }
            }
            return unreachable ? CrossmodalCli.EXIT_RPC_ERROR : 0;
        } catch (StatusRuntimeException e) {
            StatusPrinter.print(err, "error: ", e);
            return CrossmodalCli.EXIT_RPC_ERROR;
        } finally {
            out.flush();
            err.flush();
            GatewayOptions.close(channel);
        }
    }

    private static List<String> row(EncoderModels encoder, ModelInfo m) {
        String batch = m.hasBatching()
                ? m.getBatching().getMaxBatchSize() + "/" + m.getBatching().getMaxQueueDelayMs() + "ms"
                : "-";
        return List.of(
                modality(
                        m.getModality() != io.crossmodal.common.v1.Modality.MODALITY_UNSPECIFIED
                                ? m.getModality()
                                : encoder.getModality()),
                m.getName(),
                m.getVersion(),
                m.getEngine(),
                state(m),
                m.getIsDefault() ? "yes" : "",
                String.join(",", m.getLanguagesList()),
                m.hasSpace() ? Integer.toString(m.getSpace().getDimension()) : "-",
                m.getMaxInputTokens() == 0 ? "-" : Integer.toString(m.getMaxInputTokens()),
                batch,
                m.hasSpace() ? m.getSpace().getId() : "-");
    }

    /** "ready", or "loading (why)" / "failed (why)" with the service's message. */
    static String state(ModelInfo m) {
        String state = m.getState().name().replace("MODEL_STATE_", "").toLowerCase(Locale.ROOT);
        if (!m.getStateMessage().isEmpty() && !"ready".equals(state)) {
            state += " (" + m.getStateMessage() + ")";
        }
        return state;
    }

    static String modality(io.crossmodal.common.v1.Modality modality) {
        return modality.name().replace("MODALITY_", "").toLowerCase(Locale.ROOT);
    }

    static void printTable(PrintWriter out, List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> r : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = r.get(c);
                line.append(cell);
                if (c < columns - 1) {
                    line.append(" ".repeat(width[c] - cell.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
