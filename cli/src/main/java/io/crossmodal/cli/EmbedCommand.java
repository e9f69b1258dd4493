package io.crossmodal.cli;

import io.crossmodal.common.v1.Embedding;
import io.crossmodal.fusion.v1.EncodeResponse;
import io.crossmodal.fusion.v1.EncodeResult;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code crossmodal embed}: FusionService.Encode with text contents. */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        description = "Embeds texts through the gateway (FusionService.Encode) and prints, per text, the "
                + "embedding space, the dimension, the first values and the token count.")
final class EmbedCommand implements Callable<Integer> {

    @Mixin
    GatewayOptions gateway;

    @Option(
            names = {"-m", "--model"},
            paramLabel = "NAME",
            description = "Text model by name (e.g. all-minilm-l6-v2). Default: routed by language.")
    String model;

    @Option(
            names = "--values",
            defaultValue = "8",
            paramLabel = "N",
            description = "How many leading vector components to print. Default: ${DEFAULT-VALUE}.")
    int values;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Texts to embed, one vector each.")
    List<String> texts;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManagedChannel channel = gateway.open();
        try {
            EncodeResponse response = Encoding.encodeTexts(gateway.stub(channel), model, texts);
            int failed = 0;
            for (int i = 0; i < response.getResultsCount(); i++) {
                EncodeResult result = response.getResults(i);
                String text = i < texts.size() ? texts.get(i) : "";
                if (result.getStatus().getCode() != 0 || result.getEmbeddingsCount() == 0) {
                    failed++;
                    StatusPrinter.print(err, "[" + i + "] " + quote(text) + ": error: ", result.getStatus());
                    continue;
                }
                print(out, i, text, result);
            }
            out.flush();
            err.flush();
            return failed == 0 ? 0 : CrossmodalCli.EXIT_RPC_ERROR;
        } catch (StatusRuntimeException e) {
            StatusPrinter.print(err, "error: ", e);
            err.flush();
            return CrossmodalCli.EXIT_RPC_ERROR;
        } finally {
            GatewayOptions.close(channel);
        }
    }

    private void print(PrintWriter out, int index, String text, EncodeResult result) {
        Embedding e = result.getEmbeddings(0);
        int dimension = e.getDimension() != 0 ? e.getDimension() : e.getValuesCount();
        int shown = Math.max(0, Math.min(values, e.getValuesCount()));
        StringBuilder v = new StringBuilder();
        for (int k = 0; k < shown; k++) {
            if (k > 0) {
                v.append(' ');
            }
            v.append(String.format(Locale.ROOT, "%.4f", e.getValues(k)));
        }
        if (shown < e.getValuesCount()) {
            v.append(shown == 0 ? "" : " ")
                    .append("... (")
                    .append(shown)
                    .append(" of ")
                    .append(e.getValuesCount())
                    .append(')');
        }
        out.println("[" + index + "] " + quote(text));
        out.println("  space:     " + e.getSpaceId());
        out.println("  dimension: " + dimension);
        out.println("  values:    " + v);
        out.println("  tokens:    " + result.getTokenCount() + (result.getTruncated() ? " (truncated)" : ""));
        for (int k = 1; k < result.getEmbeddingsCount(); k++) {
            out.println("  also in:   " + result.getEmbeddings(k).getSpaceId());
        }
    }

    static String quote(String text) {
        String oneLine = text.replace("\n", "\\n");
        return "\"" + (oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine) + "\"";
    }
}
