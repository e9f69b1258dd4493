package io.crossmodal.models.importer.onnx;

import static io.crossmodal.models.importer.onnx.OnnxGraphs.FLOAT;
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
import io.crossmodal.models.importer.onnx.proto.OnnxProto.AttributeProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.NodeDef;

/**
 * The convolutional-network ops (NnOps): one small ONNX graph per attribute combination where ONNX and TensorFlow
 * differ (asymmetric pads, depthwise / grouped / unequal-stride convolutions, ConvTranspose output_padding and
 * pads, ceil_mode and count_include_pad pooling, every Resize coordinate mode, Clip with inputs), with dynamic H and
 * W, run on ONNX Runtime and TensorFlow; outputs within 1e-5 (relative to max(1, |x|)).
 */
@Tag("tensorflow")
class OnnxImporterCnnOpsTest {

    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path tmp;

    private int runs;

    private void check(G g, long opset, In... inputs) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("m" + runs++));
        Path onnx = g.write(dir, opset);
        Path saved = dir.resolve("saved");
        new OnnxImporter().importModel(onnx, saved);
        Map<String, Out> ort = OnnxGraphs.runOrt(onnx, List.of(inputs));
        Map<String, Out> tf = OnnxGraphs.runTf(saved, List.of(inputs));
        assertEquals(ort.size(), tf.size(), "output count");
        List<String> names = new ArrayList<>(ort.keySet());
        for (String name : names) {
            Out e = ort.get(name);
            Out a = tf.get(name);
            assertTrue(a != null, "TensorFlow outputs " + tf.keySet() + " lack " + name);
            assertArrayEquals(e.shape(), a.shape(), "shape of output " + name);
            for (int k = 0; k < e.values().length; k++) {
                double x = e.values()[k];
                double y = a.values()[k];
                assertTrue(
                        Math.abs(x - y) <= TOLERANCE * Math.max(1, Math.abs(x)),
                        "output " + name + "[" + k + "]: ONNX Runtime " + x + ", TensorFlow " + y);
            }
        }
    }

    private static In image(long seed, int c, int h, int w) {
        return new In("x", random(seed, 2 * c * h * w), 2, c, h, w);
    }

    private static AttributeProto str(String name, String v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(v))
                .build();
    }

    @Test
    void convAsymmetricPadsStridesDilationsBias() throws Exception {
        G g = new G()
                .input("x", FLOAT, -1, 3, -1, -1)
                .output("y", FLOAT)
                .init(OnnxGraphs.floats("w", random(1, 4 * 3 * 3 * 2), 4, 3, 3, 2))
                .init(OnnxGraphs.floats("b", random(2, 4), 4))
                .node(
                        "Conv",
                        l("x", "w", "b"),
                        l("y"),
                        ints("pads", 0, 1, 2, 1),
                        ints("strides", 2, 1),
                        ints("dilations", 1, 2),
                        ints("kernel_shape", 3, 2));
        check(g, 11, image(3, 3, 9, 8));
        G same = new G()
                .input("x", FLOAT, -1, 3, -1, -1)
                .output("y", FLOAT)
                .init(OnnxGraphs.floats("w", random(4, 2 * 3 * 3 * 3), 2, 3, 3, 3))
                .node("Conv", l("x", "w"), l("y"), str("auto_pad", "SAME_UPPER"), ints("strides", 2, 2));
        check(same, 11, image(5, 3, 8, 7));
    }

    @Test
    void depthwiseAndGroupedConv() throws Exception {
        // Depthwise with channel multiplier 2, equal strides; depthwise with unequal strides (2, 1); group 2.
        G g = new G()
                .input("x", FLOAT, -1, 4, -1, -1)
                .output("d", FLOAT)
                .output("u", FLOAT)
                .output("gr", FLOAT)
                .init(OnnxGraphs.floats("wd", random(1, 8 * 9), 8, 1, 3, 3))
                .init(OnnxGraphs.floats("bd", random(2, 8), 8))
                .init(OnnxGraphs.floats("wu", random(3, 4 * 25), 4, 1, 5, 5))
                .init(OnnxGraphs.floats("wg", random(4, 6 * 2 * 9), 6, 2, 3, 3))
                .node(
                        "Conv",
                        l("x", "wd", "bd"),
                        l("d"),
                        attr("group", 4L),
                        ints("pads", 1, 1, 1, 1),
                        ints("strides", 2, 2))
                .node("Conv", l("x", "wu"), l("u"), attr("group", 4L), ints("pads", 2, 2, 2, 2), ints("strides", 2, 1))
                .node("Conv", l("x", "wg"), l("gr"), attr("group", 2L), ints("pads", 1, 0, 0, 1));
        check(g, 11, image(5, 4, 10, 9));
    }

    /**
     * Depthwise convolutions followed by a bias (and an activation), in every padding form the importer handles.
     * With oneDNN on, TensorFlow 2.16's remapper fuses DepthwiseConv2dNative + BiasAdd without its
     * explicit_paddings, and an EXPLICIT-padded depthwise aborted the JVM; without oneDNN, TensorFlow's depthwise
     * kernel refuses dilations. So the imported graph has neither, and runs (equal to ONNX Runtime) either way.
     */
    @Test
    void depthwiseWithBiasInEveryPaddingForm() throws Exception {
        G g = new G()
                .input("x", FLOAT, -1, 4, -1, -1)
                .output("centred", FLOAT)
                .output("strided", FLOAT)
                .output("asymmetric", FLOAT)
                .output("unequal", FLOAT)
                .output("dilated", FLOAT)
                .output("dilated_strided", FLOAT)
                .init(OnnxGraphs.floats("w3", random(1, 4 * 9), 4, 1, 3, 3))
                .init(OnnxGraphs.floats("w5", random(2, 8 * 25), 8, 1, 5, 5))
                .init(OnnxGraphs.floats("b4", random(3, 4), 4))
                .init(OnnxGraphs.floats("b8", random(4, 8), 8))
                .node("Conv", l("x", "w3", "b4"), l("c"), attr("group", 4L), ints("pads", 1, 1, 1, 1))
                .node("Relu", l("c"), l("centred"))
                .node(
                        "Conv",
                        l("x", "w5", "b8"),
                        l("strided"),
                        attr("group", 4L),
                        ints("pads", 2, 2, 2, 2),
                        ints("strides", 2, 2))
                .node("Conv", l("x", "w3", "b4"), l("asymmetric"), attr("group", 4L), ints("pads", 0, 1, 2, 1))
                .node(
                        "Conv",
                        l("x", "w3", "b4"),
                        l("unequal"),
                        attr("group", 4L),
                        ints("pads", 1, 1, 1, 1),
                        ints("strides", 1, 2))
                .node(
                        "Conv",
                        l("x", "w3", "b4"),
                        l("d"),
                        attr("group", 4L),
                        ints("pads", 2, 2, 2, 2),
                        ints("dilations", 2, 2))
                .node("Relu", l("d"), l("dilated"))
                .node(
                        "Conv",
                        l("x", "w5", "b8"),
                        l("dilated_strided"),
                        attr("group", 4L),
                        ints("pads", 1, 2, 3, 0),
                        ints("strides", 2, 2),
                        ints("dilations", 2, 1));
        int depthwise = 0;
        for (NodeDef n : new OnnxImporter().convert(g.model(11), null).graph().getNodeList()) {
            if (n.getOp().equals("DepthwiseConv2dNative")) {
                String padding = n.getAttrOrThrow("padding").getS().toStringUtf8();
                assertTrue(padding.equals("VALID") || padding.equals("SAME"), n.getName() + " padding " + padding);
                assertEquals(
                        List.of(1L, 1L, 1L, 1L),
                        n.getAttrOrThrow("dilations").getList().getIList(),
                        n.getName() + " dilations");
                depthwise++;
            }
        }
        assertEquals(6, depthwise, "depthwise convolutions");
        check(g, 11, image(5, 4, 11, 10));
    }

    @Test
    void convTransposeOutputPaddingAndPads() throws Exception {
        G g = new G()
                .input("x", FLOAT, -1, 3, -1, -1)
                .output("y", FLOAT)
                .output("z", FLOAT)
                .init(OnnxGraphs.floats("w", random(1, 3 * 2 * 3 * 3), 3, 2, 3, 3))
                .init(OnnxGraphs.floats("b", random(2, 2), 2))
                .node(
                        "ConvTranspose",
                        l("x", "w", "b"),
                        l("y"),
                        ints("strides", 2, 2),
                        ints("output_padding", 1, 0),
                        ints("pads", 1, 0, 0, 1))
                .node("ConvTranspose", l("x", "w"), l("z"), ints("strides", 2, 3));
        check(g, 11, image(3, 3, 4, 5));
    }

    @Test
    void poolingPadsCeilModeCountIncludePad() throws Exception {
        G g = new G()
                .input("x", FLOAT, -1, 3, -1, -1)
                .output("m", FLOAT)
                .output("a0", FLOAT)
                .output("a1", FLOAT)
                .output("p", FLOAT)
                .output("gap", FLOAT)
                .node(
                        "MaxPool",
                        l("x"),
                        l("m"),
                        ints("kernel_shape", 3, 3),
                        ints("strides", 2, 2),
                        ints("pads", 1, 0, 1, 1),
                        attr("ceil_mode", 1L))
                .node(
                        "AveragePool",
                        l("x"),
                        l("a0"),
                        ints("kernel_shape", 3, 2),
                        ints("strides", 2, 2),
                        ints("pads", 1, 1, 0, 1),
                        attr("ceil_mode", 1L),
                        attr("count_include_pad", 0L))
                .node(
                        "AveragePool",
                        l("x"),
                        l("a1"),
                        ints("kernel_shape", 3, 3),
                        ints("strides", 2, 2),
                        ints("pads", 1, 1, 1, 1),
                        attr("ceil_mode", 1L),
                        attr("count_include_pad", 1L))
                .node("AveragePool", l("x"), l("p"), ints("kernel_shape", 3, 2), ints("strides", 3, 2))
                .node("GlobalAveragePool", l("x"), l("gap"));
        check(g, 11, image(1, 3, 8, 9));
    }

    @Test
    void resizeNearestEveryCoordinateMode() throws Exception {
        String[][] modes = {
            {"asymmetric", "floor"},
            {"half_pixel", "round_prefer_floor"},
            {"align_corners", "round_prefer_ceil"},
            {"pytorch_half_pixel", "ceil"},
            {"asymmetric", "round_prefer_ceil"}
        };
        for (String[] m : modes) {
            G g = new G()
                    .input("x", FLOAT, -1, 2, -1, -1)
                    .output("up", FLOAT)
                    .output("down", FLOAT)
                    .output("sized", FLOAT)
                    .init(OnnxGraphs.floats("roi", new float[0], 0))
                    .init(OnnxGraphs.floats("up_s", new float[] {1, 1, 2, 3}, 4))
                    .init(OnnxGraphs.floats("down_s", new float[] {1, 1, 0.5f, 0.6f}, 4))
                    .init(OnnxGraphs.floats("empty", new float[0], 0))
                    .init(OnnxGraphs.longs("sizes", new long[] {2, 2, 7, 4}, 4))
                    .node(
                            "Resize",
                            l("x", "roi", "up_s"),
                            l("up"),
                            str("mode", "nearest"),
                            str("coordinate_transformation_mode", m[0]),
                            str("nearest_mode", m[1]))
                    .node(
                            "Resize",
                            l("x", "roi", "down_s"),
                            l("down"),
                            str("mode", "nearest"),
                            str("coordinate_transformation_mode", m[0]),
                            str("nearest_mode", m[1]))
                    .node(
                            "Resize",
                            l("x", "roi", "empty", "sizes"),
                            l("sized"),
                            str("mode", "nearest"),
                            str("coordinate_transformation_mode", m[0]),
                            str("nearest_mode", m[1]));
            check(g, 11, image(2, 2, 5, 6));
        }
    }

    @Test
    void resizeLinearEveryCoordinateMode() throws Exception {
        for (String mode : new String[] {"asymmetric", "half_pixel", "align_corners"}) {
            G g = new G()
                    .input("x", FLOAT, -1, 2, -1, -1)
                    .output("up", FLOAT)
                    .output("sized", FLOAT)
                    .init(OnnxGraphs.floats("roi", new float[0], 0))
                    .init(OnnxGraphs.floats("up_s", new float[] {1, 1, 2, 3}, 4))
                    .init(OnnxGraphs.floats("empty", new float[0], 0))
                    .init(OnnxGraphs.longs("sizes", new long[] {2, 2, 7, 4}, 4))
                    .node(
                            "Resize",
                            l("x", "roi", "up_s"),
                            l("up"),
                            str("mode", "linear"),
                            str("coordinate_transformation_mode", mode))
                    .node(
                            "Resize",
                            l("x", "roi", "empty", "sizes"),
                            l("sized"),
                            str("mode", "linear"),
                            str("coordinate_transformation_mode", mode));
            check(g, 13, image(4, 2, 5, 6));
        }
    }

    @Test
    void clipBatchNormAndActivations() throws Exception {
        G g = new G()
                .input("x", FLOAT, -1, 3, -1, -1)
                .output("c", FLOAT)
                .output("lo", FLOAT)
                .output("bn", FLOAT)
                .output("hs", FLOAT)
                .output("hw", FLOAT)
                .output("lr", FLOAT)
                .init(OnnxGraphs.floats("min", new float[] {-0.5f}))
                .init(OnnxGraphs.floats("max", new float[] {0.7f}))
                .init(OnnxGraphs.floats("scale", new float[] {1.5f, -0.5f, 2f}, 3))
                .init(OnnxGraphs.floats("bias", new float[] {0.1f, 0.2f, -0.3f}, 3))
                .init(OnnxGraphs.floats("mean", new float[] {0.3f, -0.1f, 0f}, 3))
                .init(OnnxGraphs.floats("var", new float[] {0.5f, 2f, 0.01f}, 3))
                .node("Clip", l("x", "min", "max"), l("c"))
                .node("Clip", l("x", "min"), l("lo"))
                .node("BatchNormalization", l("x", "scale", "bias", "mean", "var"), l("bn"), attr("epsilon", 1e-3f))
                .node("HardSigmoid", l("x"), l("hs"), attr("alpha", 0.1666667f), attr("beta", 0.5f))
                .node("HardSwish", l("x"), l("hw"))
                .node("LeakyRelu", l("x"), l("lr"), attr("alpha", 0.1f));
        check(g, 14, image(6, 3, 4, 5));
        G old = new G()
                .input("x", FLOAT, -1, 3, -1, -1)
                .output("c", FLOAT)
                .node("Clip", l("x"), l("c"), attr("min", 0f), attr("max", 6f));
        check(old, 9, image(7, 3, 4, 5));
    }

    @Test
    void unsupportedFormsAreClearErrors(@TempDir Path dir) throws Exception {
        G cubic = new G()
                .input("x", FLOAT, 1, 1, 4, 4)
                .output("y", FLOAT)
                .init(OnnxGraphs.floats("roi", new float[0], 0))
                .init(OnnxGraphs.floats("s", new float[] {1, 1, 2, 2}, 4))
                .node("Resize", l("x", "roi", "s"), l("y"), str("mode", "cubic"));
        UnsupportedOnnxOpException e =
                assertThrows(UnsupportedOnnxOpException.class, () -> new OnnxImporter().convert(cubic.model(11), null));
        assertTrue(e.getMessage().contains("'Resize'") && e.getMessage().contains("cubic"), e.getMessage());
        G conv1d = new G()
                .input("x", FLOAT, 1, 1, 4)
                .output("y", FLOAT)
                .init(OnnxGraphs.floats("w", new float[3], 1, 1, 3))
                .node("Conv", l("x", "w"), l("y"));
        UnsupportedOnnxOpException e2 = assertThrows(
                UnsupportedOnnxOpException.class, () -> new OnnxImporter().convert(conv1d.model(11), null));
        assertTrue(e2.getMessage().contains("'Conv'") && e2.getMessage().contains("2-D"), e2.getMessage());
        G dynW = new G()
                .input("x", FLOAT, 1, 1, 4, 4)
                .input("w", FLOAT, 1, 1, 3, 3)
                .output("y", FLOAT)
                .node("Conv", l("x", "w"), l("y"));
        UnsupportedOnnxOpException e3 =
                assertThrows(UnsupportedOnnxOpException.class, () -> new OnnxImporter().convert(dynW.model(11), null));
        assertTrue(e3.getMessage().contains("weights") && e3.getMessage().contains("constant"), e3.getMessage());
    }
}
