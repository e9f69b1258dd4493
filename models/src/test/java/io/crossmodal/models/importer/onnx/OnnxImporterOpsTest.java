package io.crossmodal.models.importer.onnx;

import static io.crossmodal.models.importer.onnx.OnnxGraphs.BOOL;
import static io.crossmodal.models.importer.onnx.OnnxGraphs.FLOAT;
import static io.crossmodal.models.importer.onnx.OnnxGraphs.INT64;
import static io.crossmodal.models.importer.onnx.OnnxGraphs.INT8;
import static io.crossmodal.models.importer.onnx.OnnxGraphs.UINT8;
import static io.crossmodal.models.importer.onnx.OnnxGraphs.attr;
import static io.crossmodal.models.importer.onnx.OnnxGraphs.ints;
import static io.crossmodal.models.importer.onnx.OnnxGraphs.l;
import static io.crossmodal.models.importer.onnx.OnnxGraphs.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.models.importer.onnx.OnnxGraphs.G;
import io.crossmodal.models.importer.onnx.OnnxGraphs.In;
import io.crossmodal.models.importer.onnx.OnnxGraphs.Out;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * One small ONNX graph per semantic that differs between ONNX and TensorFlow: each is built here, run on ONNX
 * Runtime and, imported, on TensorFlow; outputs must agree within 1e-5.
 */
@Tag("tensorflow")
class OnnxImporterOpsTest {

    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path tmp;

    private int runs;

    /** Imports and runs on both engines, compares every output; returns the imported graph. */
    private GraphDef check(G g, long opset, In... inputs) throws Exception {
        return check(g, opset, List.of(inputs));
    }

    private GraphDef check(G g, long opset, List<In> inputs) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("m" + runs++));
        Path onnx = g.write(dir, opset);
        Path saved = dir.resolve("saved");
        OnnxImporter.Result r = new OnnxImporter().importModel(onnx, saved);
        Map<String, Out> ort = OnnxGraphs.runOrt(onnx, inputs);
        Map<String, Out> tf = OnnxGraphs.runTf(saved, inputs);
        assertEquals(ort.size(), tf.size(), "output count");
        List<Out> ortList = new ArrayList<>(ort.values());
        List<String> names = new ArrayList<>(ort.keySet());
        for (int i = 0; i < ortList.size(); i++) {
            Out expected = ortList.get(i);
            assertTrue(tf.containsKey(names.get(i)), "TensorFlow outputs " + tf.keySet() + " lack " + names.get(i));
            Out actual = tf.get(names.get(i));
            assertArrayEquals(expected.shape(), actual.shape(), "shape of output " + names.get(i));
            for (int k = 0; k < expected.values().length; k++) {
                double e = expected.values()[k];
                double a = actual.values()[k];
                assertTrue(
                        Math.abs(e - a) <= TOLERANCE * Math.max(1, Math.abs(e)),
                        "output " + names.get(i) + "[" + k + "]: ONNX Runtime " + e + ", TensorFlow " + a);
            }
        }
        return r.graph();
    }

    private static long count(GraphDef g, String op) {
        return g.getNodeList().stream().filter(n -> n.getOp().equals(op)).count();
    }

    @Test
    void scalarsAreRankZero() throws Exception {
        // Constant scalar (dims []) times x, and a full ReduceMean with keepdims=0 giving a rank-0 output.
        G g = new G()
                .input("x", FLOAT, 2, 3)
                .output("y", FLOAT)
                .output("m", FLOAT)
                .init(OnnxGraphs.floats("two", new float[] {2f}))
                .node("Mul", l("x", "two"), l("y"))
                .node("ReduceMean", l("y"), l("m"), attr("keepdims", 0L));
        check(g, 11, new In("x", random(1, 6), 2, 3));
    }

    @Test
    void shapeIsInt64AndDrivesReshape() throws Exception {
        // The transformer pattern: Shape -> Gather(scalar) -> Unsqueeze -> Concat -> Reshape.
        G g = new G()
                .input("x", FLOAT, -1, -1, 8)
                .output("s", INT64)
                .output("y", FLOAT)
                .init(OnnxGraphs.longs("i0", new long[] {0}))
                .init(OnnxGraphs.longs("i1", new long[] {1}))
                .init(OnnxGraphs.longs("tail", new long[] {2, 4}, 2))
                .node("Shape", l("x"), l("s"))
                .node("Gather", l("s", "i0"), l("b"), attr("axis", 0L))
                .node("Gather", l("s", "i1"), l("t"), attr("axis", 0L))
                .node("Unsqueeze", l("b"), l("bu"), ints("axes", 0))
                .node("Unsqueeze", l("t"), l("tu"), ints("axes", 0))
                .node("Concat", l("bu", "tu", "tail"), l("shape"), attr("axis", 0L))
                .node("Reshape", l("x", "shape"), l("y"));
        check(g, 11, new In("x", random(2, 3 * 5 * 8), 3, 5, 8));
    }

    @Test
    void batchMatMulUsesBatchMatMulV2AndBroadcasts() throws Exception {
        G g = new G()
                .input("a", FLOAT, -1, 2, 3, 4)
                .input("b", FLOAT, -1, 2, 4, 5)
                .output("y", FLOAT)
                .output("z", FLOAT)
                .init(OnnxGraphs.floats("w", random(3, 5 * 6), 5, 6))
                .node("MatMul", l("a", "b"), l("y"))
                .node("MatMul", l("y", "w"), l("z"));
        GraphDef graph =
                check(g, 11, new In("a", random(4, 3 * 24), 3, 2, 3, 4), new In("b", random(5, 3 * 40), 3, 2, 4, 5));
        assertEquals(2, count(graph, "BatchMatMulV2"));
        assertEquals(0, count(graph, "BatchMatMulV3"));
        G two = new G()
                .input("a", FLOAT, -1, 4)
                .output("y", FLOAT)
                .init(OnnxGraphs.floats("w", random(6, 8), 4, 2))
                .node("MatMul", l("a", "w"), l("y"));
        assertEquals(1, count(check(two, 13, new In("a", random(7, 12), 3, 4)), "MatMul"));
    }

    @Test
    void negativeGatherIndicesAreNormalised() throws Exception {
        G g = new G()
                .input("x", FLOAT, 4, -1)
                .input("idx", INT64, 3)
                .output("c", FLOAT)
                .output("d", FLOAT)
                .output("e", FLOAT)
                .init(OnnxGraphs.longs("ci", new long[] {-1, 0, -4}, 3))
                .init(OnnxGraphs.longs("cs", new long[] {-2}))
                .node("Gather", l("x", "ci"), l("c"), attr("axis", 0L))
                .node("Gather", l("x", "idx"), l("d"), attr("axis", 1L))
                .node("Gather", l("x", "cs"), l("e"), attr("axis", -1L));
        check(g, 11, new In("x", random(8, 20), 4, 5), new In("idx", new long[] {-1, 2, -5}, 3));
    }

    @Test
    void reshapeZeroCopiesAndMinusOneInfers() throws Exception {
        G g = new G()
                .input("x", FLOAT, -1, 6, 4)
                .input("shape", INT64, 3)
                .output("y", FLOAT)
                .output("z", FLOAT)
                .init(OnnxGraphs.longs("s", new long[] {0, -1}, 2))
                .node("Reshape", l("x", "s"), l("y"))
                .node("Reshape", l("x", "shape"), l("z"));
        check(g, 11, new In("x", random(9, 48), 2, 6, 4), new In("shape", new long[] {0, 3, -1}, 3));
    }

    @Test
    void softmaxBeforeOpset13FlattensTo2D() throws Exception {
        G g = new G()
                .input("x", FLOAT, 2, 3, 4)
                .output("a", FLOAT)
                .output("b", FLOAT)
                .output("c", FLOAT)
                .node("Softmax", l("x"), l("a"), attr("axis", 1L))
                .node("Softmax", l("x"), l("b"))
                .node("Softmax", l("x"), l("c"), attr("axis", 2L));
        check(g, 11, new In("x", random(10, 24), 2, 3, 4));
    }

    @Test
    void softmaxFromOpset13IsPerAxis() throws Exception {
        G g = new G()
                .input("x", FLOAT, 2, 3, 4)
                .output("a", FLOAT)
                .output("b", FLOAT)
                .output("c", FLOAT)
                .node("Softmax", l("x"), l("a"), attr("axis", 1L))
                .node("Softmax", l("x"), l("b"))
                .node("LogSoftmax", l("x"), l("c"), attr("axis", 0L));
        check(g, 13, new In("x", random(11, 24), 2, 3, 4));
    }

    @Test
    void reduceMeanKeepsDimsByDefaultAxesAttribute() throws Exception {
        G g = new G()
                .input("x", FLOAT, -1, 3, 4)
                .output("a", FLOAT)
                .output("b", FLOAT)
                .output("c", FLOAT)
                .node("ReduceMean", l("x"), l("a"), ints("axes", -1))
                .node("ReduceMean", l("x"), l("b"), ints("axes", 0, 2), attr("keepdims", 0L))
                .node("ReduceSum", l("x"), l("c"), ints("axes", 1));
        check(g, 11, new In("x", random(12, 24), 2, 3, 4));
    }

    @Test
    void reduceMeanAxesInputFromOpset18() throws Exception {
        G g = new G()
                .input("x", FLOAT, -1, 3, 4)
                .output("a", FLOAT)
                .output("b", FLOAT)
                .init(OnnxGraphs.longs("ax", new long[] {-1}, 1))
                .node("ReduceMean", l("x", "ax"), l("a"))
                .node("ReduceSum", l("x", "ax"), l("b"), attr("keepdims", 0L));
        check(g, 18, new In("x", random(13, 24), 2, 3, 4));
    }

    @Test
    void unsqueezeAndSqueezeAxesAttributeBefore13() throws Exception {
        G g = new G()
                .input("x", FLOAT, -1, 3)
                .output("a", FLOAT)
                .output("b", FLOAT)
                .node("Unsqueeze", l("x"), l("a"), ints("axes", 1, -1))
                .node("Squeeze", l("a"), l("b"), ints("axes", 1, 3));
        check(g, 11, new In("x", random(14, 6), 2, 3));
    }

    @Test
    void unsqueezeAndSqueezeAxesInputFrom13() throws Exception {
        G g = new G()
                .input("x", FLOAT, -1, 3)
                .output("a", FLOAT)
                .output("b", FLOAT)
                .init(OnnxGraphs.longs("ax", new long[] {0, 2}, 2))
                .init(OnnxGraphs.longs("sq", new long[] {-4}, 1))
                .node("Unsqueeze", l("x", "ax"), l("a"))
                .node("Squeeze", l("a", "sq"), l("b"));
        check(g, 13, new In("x", random(15, 6), 2, 3));
    }

    @Test
    void slashAndColonNamesAreSanitised() throws Exception {
        G g = new G()
                .input("/input:0", FLOAT, -1, 2)
                .output("/out/y", FLOAT)
                .init(OnnxGraphs.floats("onnx::Add_1", new float[] {1f, 2f}, 2))
                .node("Add", l("/input:0", "onnx::Add_1"), l("/layer/Add_output_0"))
                .node("Sqrt", l("/layer/Add_output_0"), l("/layer/Sqrt_output_0"))
                .node("Identity", l("/layer/Sqrt_output_0"), l("/out/y"));
        GraphDef graph = check(g, 11, new In("/input:0", new float[] {1, 2, 3, 4}, 2, 2));
        for (NodeDef n : graph.getNodeList()) {
            assertTrue(n.getName().matches("[A-Za-z0-9.][A-Za-z0-9_.\\-/>]*"), n.getName());
        }
    }

    @Test
    void constantNodesAndCasts() throws Exception {
        G g = new G()
                .input("x", FLOAT, 2, 3)
                .output("a", INT64)
                .output("b", FLOAT)
                .output("c", FLOAT)
                .node(
                        "Constant",
                        l(),
                        l("k"),
                        OnnxGraphs.tensorAttr("value", OnnxGraphs.floatData("k", new float[] {0.5f, -1.5f, 2.5f}, 3)))
                .node("Constant", l(), l("kf"), attr("value_float", 3f))
                .node("Mul", l("x", "k"), l("xk"))
                .node("Add", l("xk", "kf"), l("xkf"))
                .node("Cast", l("xkf"), l("a"), attr("to", (long) INT64))
                .node("Cast", l("a"), l("b"), attr("to", (long) FLOAT))
                .node("Greater", l("xkf", "kf"), l("gt"))
                .node("Cast", l("gt"), l("c"), attr("to", (long) FLOAT));
        check(g, 11, new In("x", new float[] {1.7f, -2.2f, 3.9f, -0.4f, 0.6f, -7.1f}, 2, 3));
    }

    @Test
    void arithmeticErfPowWhereEqual() throws Exception {
        G g = new G()
                .input("x", FLOAT, -1, 4)
                .input("y", FLOAT, -1, 4)
                .output("o", FLOAT)
                .init(OnnxGraphs.floats("two", new float[] {2f}))
                .init(OnnxGraphs.floats("three", new float[] {3f}))
                .init(OnnxGraphs.floats("half", new float[] {0.5f}))
                .node("Erf", l("x"), l("e"))
                .node("Pow", l("y", "two"), l("p2"))
                .node("Pow", l("y", "three"), l("p3"))
                .node("Add", l("p2", "half"), l("p2h"))
                .node("Sqrt", l("p2h"), l("s"))
                .node("Div", l("e", "s"), l("d"))
                .node("Sub", l("d", "p3"), l("sub"))
                .node("Mul", l("sub", "half"), l("m"))
                .node("Equal", l("x", "y"), l("eq"))
                .node("Where", l("eq", "half", "m"), l("o"));
        float[] x = random(16, 12);
        float[] y = random(17, 12);
        y[3] = x[3];
        y[7] = x[7];
        check(g, 11, new In("x", x, 3, 4), new In("y", y, 3, 4));
    }

    @Test
    void expandIsBidirectionalAndConstantOfShapeFills() throws Exception {
        G g = new G()
                .input("x", FLOAT, 3, 1)
                .output("a", FLOAT)
                .output("b", FLOAT)
                .output("c", FLOAT)
                .init(OnnxGraphs.longs("s", new long[] {2, 1, 4}, 3))
                .init(OnnxGraphs.longs("small", new long[] {1}, 1))
                .node("Expand", l("x", "s"), l("a"))
                .node("Expand", l("x", "small"), l("b"))
                .node("Shape", l("a"), l("sa"))
                .node(
                        "ConstantOfShape",
                        l("sa"),
                        l("c"),
                        OnnxGraphs.tensorAttr("value", OnnxGraphs.floats("v", new float[] {1.25f}, 1)));
        check(g, 11, new In("x", new float[] {1, 2, 3}, 3, 1));
    }

    @Test
    void sliceWithInt64MaxEndsNegativeStartsStepsAndComputedEnds() throws Exception {
        G g = new G()
                .input("x", FLOAT, -1, 10)
                .input("n", INT64, 1)
                .output("a", FLOAT)
                .output("b", FLOAT)
                .output("c", FLOAT)
                .init(OnnxGraphs.longs("st", new long[] {-7}, 1))
                .init(OnnxGraphs.longs("en", new long[] {Long.MAX_VALUE}, 1))
                .init(OnnxGraphs.longs("ax1", new long[] {1}, 1))
                .init(OnnxGraphs.longs("step2", new long[] {2}, 1))
                .init(OnnxGraphs.longs("z", new long[] {0}, 1))
                .init(OnnxGraphs.longs("st2", new long[] {1, 8}, 2))
                .init(OnnxGraphs.longs("en2", new long[] {Long.MAX_VALUE, 0}, 2))
                .init(OnnxGraphs.longs("ax2", new long[] {0, -1}, 2))
                .init(OnnxGraphs.longs("step2b", new long[] {1, -3}, 2))
                .node("Slice", l("x", "st", "en", "ax1", "step2"), l("a"))
                .node("Slice", l("x", "z", "n", "ax1"), l("b"))
                .node("Slice", l("x", "st2", "en2", "ax2", "step2b"), l("c"));
        check(g, 11, new In("x", random(18, 30), 3, 10), new In("n", new long[] {4}, 1));
    }

    @Test
    void concatTransposeAndBasicArithmetic() throws Exception {
        G g = new G()
                .input("x", FLOAT, -1, 2, 3)
                .input("y", FLOAT, -1, 2, 3)
                .output("o", FLOAT)
                .node("Concat", l("x", "y"), l("c"), attr("axis", -1L))
                .node("Transpose", l("c"), l("t"), ints("perm", 2, 0, 1))
                .node("Sub", l("t", "t"), l("z"))
                .node("Add", l("t", "z"), l("o"));
        check(g, 11, new In("x", random(19, 12), 2, 2, 3), new In("y", random(20, 12), 2, 2, 3));
    }

    @Test
    void dynamicBatchAndSequenceDimensions() throws Exception {
        G g = new G()
                .input("x", FLOAT, -1, -1, 4)
                .output("y", FLOAT)
                .init(OnnxGraphs.floats("w", random(21, 12), 4, 3))
                .node("MatMul", l("x", "w"), l("m"))
                .node("Softmax", l("m"), l("y"), attr("axis", -1L));
        check(g, 11, new In("x", random(22, 8), 1, 2, 4));
        check(g, 11, new In("x", random(23, 3 * 7 * 4), 3, 7, 4));
    }

    @Test
    void dynamicQuantizationMatMulInteger() throws Exception {
        byte[] w = new byte[4 * 3];
        java.util.Random r = new java.util.Random(24);
        r.nextBytes(w);
        G g = new G()
                .input("x", FLOAT, -1, 4)
                .output("y", FLOAT)
                .output("e", FLOAT)
                .init(OnnxGraphs.bytes("w", INT8, w, 4, 3))
                .init(OnnxGraphs.bytes("wzp", INT8, new byte[] {3, -2, 0}, 3))
                .init(OnnxGraphs.floats("wscale", new float[] {0.02f}))
                .init(OnnxGraphs.bytes("table", UINT8, new byte[] {(byte) 200, 3, 17, (byte) 128}, 2, 2))
                .init(OnnxGraphs.floats("tscale", new float[] {0.1f}))
                .init(OnnxGraphs.bytes("tzp", UINT8, new byte[] {(byte) 128}))
                .init(OnnxGraphs.longs("ids", new long[] {1, 0, 1}, 3))
                .node("DynamicQuantizeLinear", l("x"), l("q", "qs", "qz"))
                .node("MatMulInteger", l("q", "w", "qz", "wzp"), l("mi"))
                .node("Cast", l("mi"), l("mf"), attr("to", (long) FLOAT))
                .node("Mul", l("qs", "wscale"), l("s"))
                .node("Mul", l("mf", "s"), l("y"))
                .node("Gather", l("table", "ids"), l("gq"))
                .node("DequantizeLinear", l("gq", "tscale", "tzp"), l("e"));
        check(g, 11, new In("x", random(25, 5 * 4), 5, 4));
    }

    @Test
    void unknownOpNamesOpNodeAndOpset(@TempDir Path dir) throws Exception {
        G g = new G()
                .input("x", FLOAT, 2)
                .output("y", FLOAT)
                .node("Relu", l("x"), l("r"))
                .node("Hardmax", l("r"), l("y"));
        Path onnx = g.write(dir, 11);
        UnsupportedOnnxOpException e = assertThrows(
                UnsupportedOnnxOpException.class, () -> new OnnxImporter().importModel(onnx, dir.resolve("saved")));
        assertTrue(e.getMessage().contains("'Hardmax'"), e.getMessage());
        assertTrue(e.getMessage().contains("/hardmax/Hardmax_1"), e.getMessage());
        assertTrue(e.getMessage().contains("opset 11"), e.getMessage());
        assertEquals("Hardmax", e.opType());
        assertTrue(e instanceof UnsupportedOperationException);
        assertTrue(Files.notExists(dir.resolve("saved").resolve("saved_model.pb")), "nothing written");

        G custom = new G().input("x", FLOAT, 2).output("y", FLOAT);
        custom.graph.addNode(io.crossmodal.models.importer.onnx.proto.OnnxProto.NodeProto.newBuilder()
                .setOpType("FusedGelu")
                .setDomain("com.microsoft")
                .setName("gelu")
                .addInput("x")
                .addOutput("y"));
        UnsupportedOnnxOpException e2 = assertThrows(
                UnsupportedOnnxOpException.class, () -> new OnnxImporter().convert(custom.model(11), null));
        assertTrue(e2.getMessage().contains("com.microsoft::FusedGelu"), e2.getMessage());

        // A supported op in a form that is not: computed Unsqueeze axes.
        G dyn = new G()
                .input("x", FLOAT, 2)
                .input("axes", INT64, 1)
                .output("y", FLOAT)
                .node("Unsqueeze", l("x", "axes"), l("y"));
        UnsupportedOnnxOpException e3 =
                assertThrows(UnsupportedOnnxOpException.class, () -> new OnnxImporter().convert(dyn.model(13), null));
        assertTrue(
                e3.getMessage().contains("'Unsqueeze'")
                        && e3.getMessage().contains("opset 13")
                        && e3.getMessage().contains("axes"),
                e3.getMessage());
    }

    @Test
    void boolOutputs() throws Exception {
        G g = new G()
                .input("x", FLOAT, -1)
                .input("y", FLOAT, -1)
                .output("o", BOOL)
                .node("Less", l("x", "y"), l("lt"))
                .node("Not", l("lt"), l("o"));
        check(g, 11, new In("x", new float[] {1, 2, 3}, 3), new In("y", new float[] {2, 2, 2}, 3));
    }
}
