package io.crossmodal.models.importer.tfjs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line of {@link TfjsImporter}: {@code ImportTfjs --model-json FILE --out DIR}. */
@Command(
        name = "ImportTfjs",
        mixinStandardHelpOptions = true,
        description = "Imports a TensorFlow.js graph model (model.json + weight shards) as a TensorFlow SavedModel "
                + "(tag serve, signature serving_default).")
public final class ImportTfjs implements Callable<Integer> {

    @Option(
            names = "--model-json",
            required = true,
            paramLabel = "FILE",
            description = "The TF.js model.json; its weight shards are read relative to it.")
    Path modelJson;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder to write saved_model.pb and variables/ into (created if needed).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(modelJson)) {
            System.err.println("no such file: " + modelJson);
            return 2;
        }
        long started = System.nanoTime();
        TfjsImporter.Result result = TfjsImporter.importModel(modelJson, out);
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.printf(
                "imported %s -> %s: %d nodes (%d fused ops split), %d weights (%d bytes), %d ms%n",
                modelJson,
                out.resolve("saved_model.pb"),
                result.nodes(),
                result.rewrittenOps(),
                result.weights(),
                result.weightBytes(),
                ms);
        result.inputs()
                .forEach((k, v) -> System.out.println("  input  " + k + " = " + v.tensorName() + " " + v.dtype() + " "
                        + java.util.Arrays.toString(v.shape())));
        result.outputs()
                .forEach((k, v) -> System.out.println("  output " + k + " = " + v.tensorName() + " " + v.dtype() + " "
                        + java.util.Arrays.toString(v.shape())));
        return 0;
    }

    public static void main(String[] args) {
        int code = new CommandLine(new ImportTfjs()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
