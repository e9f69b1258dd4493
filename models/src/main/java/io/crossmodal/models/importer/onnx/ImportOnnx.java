package io.crossmodal.models.importer.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line: imports one ONNX model as a TensorFlow SavedModel folder. */
@Command(
        name = "import-onnx",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Imports an ONNX model as a TensorFlow SavedModel (tag serve, signature serving_default, weights as "
                    + "constants). Input and output signature keys are the ONNX names.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:imported",
            "1:the model could not be imported (unsupported op, unreadable file, ...)",
            "2:invalid command line"
        })
public final class ImportOnnx implements Callable<Integer> {

    @Option(names = "--onnx", paramLabel = "FILE", required = true, description = "ONNX model file.")
    Path onnx;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            required = true,
            description = "SavedModel folder to write (saved_model.pb, variables/); created if needed.")
    Path out;

    @Option(names = "--histogram", description = "Print the ONNX op histogram (op type and node count).")
    boolean histogram;

    @Option(names = "--names", description = "Print the map ONNX value name -> TensorFlow tensor.")
    boolean names;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(onnx)) {
            System.err.println("import-onnx: no such file: " + onnx);
            return 1;
        }
        if (Files.exists(out.resolve("saved_model.pb"))) {
            System.err.println("import-onnx: " + out + " already holds a saved_model.pb; it is replaced");
        }
        long t0 = System.nanoTime();
        OnnxImporter.Result r;
        try {
            r = new OnnxImporter().importModel(onnx, out);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            System.err.println("import-onnx: " + e.getMessage());
            return 1;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (histogram) {
            r.opHistogram().forEach((op, count) -> System.out.printf("%-24s %5d%n", op, count));
        }
        if (names) {
            r.tensorNames().forEach((k, v) -> System.out.println(k + " -> " + v));
        }
        System.out.printf(
                "imported %s (opset %d, %d ONNX nodes, %d TF nodes) -> %s in %d ms%n",
                onnx,
                r.opset(),
                r.opHistogram().values().stream().mapToInt(Integer::intValue).sum(),
                r.graph().getNodeCount(),
                out,
                ms);
        r.inputs()
                .forEach((k, v) -> System.out.println("  input  " + k + " = " + v.tensorName() + " " + v.dtype() + " "
                        + java.util.Arrays.toString(v.shape())));
        r.outputs()
                .forEach((k, v) -> System.out.println("  output " + k + " = " + v.tensorName() + " " + v.dtype() + " "
                        + java.util.Arrays.toString(v.shape())));
        return 0;
    }

    public static void main(String[] args) {
        int code = new CommandLine(new ImportOnnx()).execute(args);
        System.exit(code);
    }
}
