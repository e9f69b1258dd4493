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

/** {@code crossmodal similarity}: embeds two texts in one Encode call and prints their cosine similarity. */
@Command(
        name = "similarity",
        mixinStandardHelpOptions = true,
        description = "Embeds two texts through the gateway and prints the cosine similarity of their vectors.")
final class SimilarityCommand implements Callable<Integer> {

    @Mixin
    GatewayOptions gateway;

    @Option(
            names = {"-m", "--model"},
            paramLabel = "NAME",
            description = "Text model by name. Default: routed by language (both texts must land in one space).")
    String model;

    @Parameters(index = "0", paramLabel = "TEXT_A")
    String a;

    @Parameters(index = "1", paramLabel = "TEXT_B")
    String b;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManagedChannel channel = gateway.open();
        try {
            EncodeResponse response = Encoding.encodeTexts(gateway.stub(channel), model, List.of(a, b));
            if (response.getResultsCount() != 2) {
                err.println("error: the gateway returned " + response.getResultsCount() + " results for 2 texts");
                return CrossmodalCli.EXIT_RPC_ERROR;
            }
            boolean failed = false;
            for (int i = 0; i < 2; i++) {
                EncodeResult r = response.getResults(i);
                if (r.getStatus().getCode() != 0 || r.getEmbeddingsCount() == 0) {
                    StatusPrinter.print(
                            err, "[" + i + "] " + EmbedCommand.quote(i == 0 ? a : b) + ": error: ", r.getStatus());
                    failed = true;
                }
            }
            if (failed) {
                return CrossmodalCli.EXIT_RPC_ERROR;
            }
            Embedding ea = response.getResults(0).getEmbeddings(0);
            Embedding eb = response.getResults(1).getEmbeddings(0);
            if (!ea.getSpaceId().equals(eb.getSpaceId())) {
                err.println("error: the texts landed in different embedding spaces (" + ea.getSpaceId() + " and "
                        + eb.getSpaceId() + "), whose vectors cannot be compared; name one model with --model");
                return CrossmodalCli.EXIT_RPC_ERROR;
            }
            double cosine = Encoding.cosine(ea.getValuesList(), eb.getValuesList());
            out.println("space:      " + ea.getSpaceId());
            out.println("similarity: " + String.format(Locale.ROOT, "%.4f", cosine) + " (cosine)");
            return 0;
        } catch (StatusRuntimeException e) {
            StatusPrinter.print(err, "error: ", e);
            return CrossmodalCli.EXIT_RPC_ERROR;
        } finally {
            out.flush();
            err.flush();
            GatewayOptions.close(channel);
        }
    }
}
