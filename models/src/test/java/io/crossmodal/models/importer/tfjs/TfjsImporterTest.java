package io.crossmodal.models.importer.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.NodeDef;

/** The importer on a small hand-written TF.js graph model: weights decoding, fused op splitting, errors. */
@Tag("tensorflow")
class TfjsImporterTest {

    @TempDir
    Path dir;

    @Test
    void halfToFloatIsExactForEveryHalf() {
        for (int h = 0; h < 0x10000; h++) {
            int exponent = (h >>> 10) & 0x1f;
            int mantissa = h & 0x3ff;
            double sign = (h & 0x8000) != 0 ? -1 : 1;
            float actual = WeightDecoder.halfToFloat(h);
            if (exponent == 0x1f) {
                assertTrue(mantissa == 0 ? Float.isInfinite(actual) : Float.isNaN(actual), "half " + h);
                continue;
            }
            double expected = exponent == 0
                    ? sign * mantissa * Math.pow(2, -24)
                    : sign * Math.pow(2, exponent - 15) * (1 + mantissa / 1024.0);
            assertEquals((float) expected, actual, 0f, "half 0x" + Integer.toHexString(h));
            assertEquals(Float.floatToIntBits((float) expected), Float.floatToIntBits(actual));
        }
    }

    /**
     * x [1,3,3,1] -> _FusedConv2D (1x1, 2 filters, fp16 weights, uint8-quantised bias, BiasAdd+Relu6)
     * -> FusedDepthwiseConv2dNative (1x1, uint16 weights, BiasAdd+LeakyRelu 0.5) -> Prelu (alpha const) -> y.
     */
    static String modelJson(String extraOp) {
        String prelu = extraOp == null ? "Prelu" : extraOp;
        return """
            {"format": "graph-model", "generatedBy": "test", "convertedBy": "hand",
             "modelTopology": {"node": [
              {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"},
                "shape": {"shape": {"dim": [{"size": "1"}, {"size": "3"}, {"size": "3"}, {"size": "1"}]}}}},
              {"name": "w", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"},
                "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "1"}, {"size": "1"}, {"size": "1"}, {"size": "2"}]}}}}},
              {"name": "b", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"},
                "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "2"}]}}}}},
              {"name": "dw", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"},
                "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "1"}, {"size": "1"}, {"size": "2"}, {"size": "1"}]}}}}},
              {"name": "db", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"},
                "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "2"}]}}}}},
              {"name": "alpha", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"},
                "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {}}}}},
              {"name": "conv", "op": "_FusedConv2D", "input": ["x", "w", "b"], "device": "/device:CPU:0", "attr": {
                "T": {"type": "DT_FLOAT"}, "strides": {"list": {"i": ["1", "1", "1", "1"]}},
                "padding": {"s": "U0FNRQ=="}, "data_format": {"s": "TkhXQw=="}, "num_args": {"i": "1"},
                "dilations": {"list": {"i": ["1", "1", "1", "1"]}}, "explicit_paddings": {"list": {}},
                "fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "UmVsdTY="]}}, "epsilon": {"f": 0}}},
              {"name": "depthwise", "op": "FusedDepthwiseConv2dNative", "input": ["conv", "dw", "db"], "attr": {
                "T": {"type": "DT_FLOAT"}, "strides": {"list": {"i": ["1", "1", "1", "1"]}},
                "padding": {"s": "VkFMSUQ="}, "data_format": {"s": "TkhXQw=="}, "num_args": {"i": "1"},
                "dilations": {"list": {"i": ["1", "1", "1", "1"]}}, "explicit_paddings": {"list": {}},
                "fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "TGVha3lSZWx1"]}}, "leakyrelu_alpha": {"f": 0.5}}},
              {"name": "y", "op": "%s", "input": ["depthwise", "alpha"], "attr": {"T": {"type": "DT_FLOAT"}}}
             ], "library": {}, "versions": {}},
             "weightsManifest": [{"paths": ["group1-shard1of2.bin", "group1-shard2of2.bin"], "weights": [
              {"name": "w", "shape": [1, 1, 1, 2], "dtype": "float32", "quantization": {"dtype": "float16", "original_dtype": "float32"}},
              {"name": "b", "shape": [2], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1.0, "original_dtype": "float32"}},
              {"name": "dw", "shape": [1, 1, 2, 1], "dtype": "float32", "quantization": {"dtype": "uint16", "scale": 0.25, "min": -2.0, "original_dtype": "float32"}},
              {"name": "db", "shape": [2], "dtype": "float32"},
              {"name": "alpha", "shape": [], "dtype": "float32"}
             ]}]}
            """.formatted(prelu);
    }

    /** w = [2, -1] (fp16 0x4000, 0xbc00); b = [1, -0.5] (uint8 4, 1); dw = [1, 3] (uint16 12, 20); db = [0.5, -1]; alpha = 0.25. */
    void writeModel(String op) throws Exception {
        Files.writeString(dir.resolve("model.json"), modelJson(op));
        ByteBuffer bytes = ByteBuffer.allocate(2 * 2 + 2 + 2 * 2 + 2 * 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putShort((short) 0x4000).putShort((short) 0xbc00);
        bytes.put((byte) 4).put((byte) 1);
        bytes.putShort((short) 12).putShort((short) 20);
        bytes.putFloat(0.5f).putFloat(-1f);
        bytes.putFloat(0.25f);
        byte[] all = bytes.array();
        Files.write(dir.resolve("group1-shard1of2.bin"), java.util.Arrays.copyOfRange(all, 0, 7));
        Files.write(dir.resolve("group1-shard2of2.bin"), java.util.Arrays.copyOfRange(all, 7, all.length));
    }

    static float expected(float x, int channel) {
        float[] w = {2, -1};
        float[] b = {1, -0.5f};
        float[] dw = {1, 3};
        float[] db = {0.5f, -1};
        float conv = Math.min(6, Math.max(0, x * w[channel] + b[channel]));
        float depthwise = conv * dw[channel] + db[channel];
        float leaky = depthwise >= 0 ? depthwise : 0.5f * depthwise;
        return leaky >= 0 ? leaky : 0.25f * leaky;
    }

    @Test
    void splitsFusedOpsAndRunsOnTensorflow() throws Exception {
        writeModel(null);
        Path out = dir.resolve("saved");
        TfjsImporter.Result result = TfjsImporter.importModel(dir.resolve("model.json"), out);
        assertEquals(3, result.rewrittenOps());
        assertEquals(5, result.weights());
        assertEquals(List.of("x"), List.copyOf(result.inputs().keySet()));
        assertEquals("y:0", result.outputs().get("y").tensorName());
        List<String> ops =
                result.graph().getNodeList().stream().map(NodeDef::getOp).toList();
        assertTrue(
                !ops.contains("_FusedConv2D") && !ops.contains("FusedDepthwiseConv2dNative") && !ops.contains("Prelu"),
                ops.toString());
        assertTrue(result.graph().getNodeList().stream()
                .allMatch(n -> n.getDevice().isEmpty()));

        float[] x = {-3, -1, -0.25f, 0, 0.5f, 1, 2, 3.5f, 9};
        try (ZooModel<NDList, NDList> model = Criteria.builder()
                        .setTypes(NDList.class, NDList.class)
                        .optEngine("TensorFlow")
                        .optModelPath(out)
                        .optTranslator(new NoopTranslator())
                        .optOption("Tags", "serve")
                        .optOption("SignatureDefKey", "serving_default")
                        .optOption("ConfigProto", TfjsImporter.sessionConfigOption())
                        .build()
                        .loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager("TensorFlow")) {
            NDArray input = manager.create(x, new Shape(1, 3, 3, 1));
            float[] y = predictor.predict(new NDList(input)).singletonOrThrow().toFloatArray();
            float[] want = new float[18];
            for (int i = 0; i < 9; i++) {
                want[2 * i] = expected(x[i], 0);
                want[2 * i + 1] = expected(x[i], 1);
            }
            assertArrayEquals(want, y, 1e-6f);
        }
    }

    @Test
    void extraOutputExposesAnIntermediateTensor() throws Exception {
        writeModel(null);
        Path out = dir.resolve("saved-extra");
        TfjsImporter.Result result =
                TfjsImporter.importModel(dir.resolve("model.json"), out, Map.of("features", "conv"));
        assertEquals("conv:0", result.outputs().get("features").tensorName());
        float[] x = {-3, -1, 0.25f, 4};
        try (ZooModel<NDList, NDList> model = Criteria.builder()
                        .setTypes(NDList.class, NDList.class)
                        .optEngine("TensorFlow")
                        .optModelPath(out)
                        .optTranslator(new NoopTranslator())
                        .optOption("Tags", "serve")
                        .optOption("SignatureDefKey", "serving_default")
                        .optOption("ConfigProto", TfjsImporter.sessionConfigOption())
                        .build()
                        .loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager("TensorFlow")) {
            NDList outputs = predictor.predict(new NDList(manager.create(x, new Shape(1, 2, 2, 1))));
            float[] features = outputs.get("features").toFloatArray();
            float[] w = {2, -1};
            float[] b = {1, -0.5f};
            for (int i = 0; i < x.length; i++) {
                for (int c = 0; c < 2; c++) {
                    assertEquals(
                            Math.min(6, Math.max(0, x[i] * w[c] + b[c])),
                            features[2 * i + c],
                            1e-6f,
                            "relu6(conv) at " + i + "," + c);
                }
            }
            assertEquals(8, outputs.get("y").size(), "the model's own output is still there");
        }
    }

    @Test
    void extraOutputNamingAMissingNodeIsAnError() throws Exception {
        writeModel(null);
        TfjsImportException e = assertThrows(
                TfjsImportException.class,
                () -> TfjsImporter.convert(dir.resolve("model.json"), Map.of("features", "no/such/node")));
        assertTrue(e.getMessage().contains("no/such/node"), e.getMessage());
    }

    @Test
    void unknownOpIsAnErrorNamingIt() throws Exception {
        writeModel("MadeUpTfjsOp");
        TfjsImportException e =
                assertThrows(TfjsImportException.class, () -> TfjsImporter.convert(dir.resolve("model.json")));
        assertTrue(e.getMessage().contains("MadeUpTfjsOp"), e.getMessage());
    }

    @Test
    void truncatedShardIsAnError() throws Exception {
        writeModel(null);
        Files.write(dir.resolve("group1-shard2of2.bin"), new byte[3]);
        TfjsImportException e =
                assertThrows(TfjsImportException.class, () -> TfjsImporter.convert(dir.resolve("model.json")));
        assertTrue(e.getMessage().contains("shards do not match"), e.getMessage());
    }

    /**
     * x [1,3,3,1] -> FusedDepthwiseConv2dNative (1x1 filter 2, bias 0.5, BiasAdd+Relu) with the given padding,
     * explicit_paddings, data format and dilations -> y.
     */
    void writeDepthwiseModel(String padding, String explicit, String format, String dilations) throws Exception {
        String json = """
            {"format": "graph-model", "generatedBy": "test", "convertedBy": "hand",
             "modelTopology": {"node": [
              {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"},
                "shape": {"shape": {"dim": [{"size": "1"}, {"size": "3"}, {"size": "3"}, {"size": "1"}]}}}},
              {"name": "dw", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"},
                "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "1"}, {"size": "1"}, {"size": "1"}, {"size": "1"}]}}}}},
              {"name": "db", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"},
                "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "1"}]}}}}},
              {"name": "y", "op": "FusedDepthwiseConv2dNative", "input": ["x", "dw", "db"], "attr": {
                "T": {"type": "DT_FLOAT"}, "strides": {"list": {"i": ["1", "1", "1", "1"]}},
                "padding": {"s": "%s"}, "data_format": {"s": "%s"}, "num_args": {"i": "1"},
                "dilations": {"list": {"i": [%s]}}, "explicit_paddings": {"list": {"i": [%s]}},
                "fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "UmVsdQ=="]}}}}
             ], "library": {}, "versions": {}},
             "weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": [
              {"name": "dw", "shape": [1, 1, 1, 1], "dtype": "float32"},
              {"name": "db", "shape": [1], "dtype": "float32"}
             ]}]}
            """.formatted(
                        java.util.Base64.getEncoder().encodeToString(padding.getBytes()),
                        java.util.Base64.getEncoder().encodeToString(format.getBytes()),
                        dilations,
                        explicit);
        Files.writeString(dir.resolve("model.json"), json);
        Files.write(
                dir.resolve("group1-shard1of1.bin"),
                ByteBuffer.allocate(8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putFloat(2f)
                        .putFloat(0.5f)
                        .array());
    }

    /**
     * An EXPLICIT-padded depthwise convolution with a bias aborts the process under oneDNN (TensorFlow 2.16's
     * remapper fuses it without its explicit_paddings): the importer writes Pad + VALID instead, which runs with
     * TensorFlow's default session config (remapper on) with and without oneDNN.
     */
    @Test
    void explicitlyPaddedDepthwiseBecomesPadThenValid() throws Exception {
        // pads: 1 row on top, 1 column on the right
        writeDepthwiseModel(
                "EXPLICIT",
                "\"0\", \"0\", \"1\", \"0\", \"0\", \"1\", \"0\", \"0\"",
                "NHWC",
                "\"1\", \"1\", \"1\", \"1\"");
        Path out = dir.resolve("saved-explicit");
        TfjsImporter.Result result = TfjsImporter.importModel(dir.resolve("model.json"), out);
        for (NodeDef n : result.graph().getNodeList()) {
            if (n.getOp().equals("DepthwiseConv2dNative")) {
                assertEquals("VALID", n.getAttrOrThrow("padding").getS().toStringUtf8(), n.getName());
            }
        }
        assertTrue(result.graph().getNodeList().stream().anyMatch(n -> n.getOp().equals("Pad")));
        float[] x = {-3, -1, -0.25f, 0, 0.5f, 1, 2, 3.5f, 9};
        try (ZooModel<NDList, NDList> model = Criteria.builder()
                        .setTypes(NDList.class, NDList.class)
                        .optEngine("TensorFlow")
                        .optModelPath(out)
                        .optTranslator(new NoopTranslator())
                        .optOption("Tags", "serve")
                        .optOption("SignatureDefKey", "serving_default")
                        .build()
                        .loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager("TensorFlow")) {
            NDArray output = predictor
                    .predict(new NDList(manager.create(x, new Shape(1, 3, 3, 1))))
                    .singletonOrThrow();
            assertArrayEquals(new long[] {1, 4, 4, 1}, output.getShape().getShape());
            float[] y = output.toFloatArray();
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    // padded cells hold 0, so they come out as relu(0 * 2 + 0.5)
                    float in = r == 0 || c == 3 ? 0 : x[(r - 1) * 3 + c];
                    assertEquals(Math.max(0, in * 2 + 0.5f), y[r * 4 + c], 1e-6f, "y[" + r + "][" + c + "]");
                }
            }
        }
    }

    @Test
    void formsThatNeedOneDnnAreErrors() throws Exception {
        writeDepthwiseModel("VALID", "", "NHWC", "\"1\", \"2\", \"2\", \"1\"");
        TfjsImportException dilated =
                assertThrows(TfjsImportException.class, () -> TfjsImporter.convert(dir.resolve("model.json")));
        assertTrue(
                dilated.getMessage().contains("dilations")
                        && dilated.getMessage().contains("oneDNN"),
                dilated.getMessage());
        writeDepthwiseModel("VALID", "", "NCHW", "\"1\", \"1\", \"1\", \"1\"");
        TfjsImportException nchw =
                assertThrows(TfjsImportException.class, () -> TfjsImporter.convert(dir.resolve("model.json")));
        assertTrue(nchw.getMessage().contains("NCHW") && nchw.getMessage().contains("oneDNN"), nchw.getMessage());
    }
}
