package io.crossmodal.models.importer.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.crossmodal.models.importer.tf.SavedModelWriter;
import io.crossmodal.models.importer.tf.SavedModelWriter.TensorSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Imports a TensorFlow.js graph model ({@code model.json} with {@code "format": "graph-model"} and its weight
 * shards) as a TensorFlow SavedModel, in pure Java (no TensorFlow natives, no Python):
 *
 * <ol>
 *   <li>the {@code modelTopology} is a GraphDef in protobuf's JSON mapping and is read as is;</li>
 *   <li>every {@code Const} node gets its value from the weights-manifest entry of the same name (float16 and
 *       uint8/uint16 affine quantisation dequantised, as TF.js does at load time) as little-endian
 *       {@code tensor_content};</li>
 *   <li>TF.js' fused ops are split into plain TensorFlow ops ({@link FusedOpRewriter}); an op that TensorFlow
 *       {@value SavedModelWriter#TENSORFLOW_VERSION} does not have is an error naming it;</li>
 *   <li>node forms that run differently with and without oneDNN are rewritten or refused
 *       ({@link KernelPortability});</li>
 *   <li>{@link SavedModelWriter} writes tag {@code serve}, signature {@code serving_default}, whose keys are the
 *       model's own input and output names (from model.json's {@code signature}, else the placeholders and the
 *       unconsumed nodes), each mapped to tensor {@code <node>:0}.</li>
 * </ol>
 *
 * <p>Run the result with TensorFlow's grappler remapper off ({@link #sessionConfig}) to match TF.js to float
 * rounding: with it on, oneDNN re-fuses patterns such as hard-swish with slightly different arithmetic.
 */
public final class TfjsImporter {

    /** Bump when the importer's output for the same input changes, so prepared folders are converted again. */
    public static final String REVISION = "2";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * What an import produced.
     *
     * @param graph        the TensorFlow graph, weights included
     * @param inputs       signature inputs by key
     * @param outputs      signature outputs by key
     * @param nodes        node count of the written graph
     * @param rewrittenOps fused TF.js nodes that were split
     * @param weights      number of weights-manifest entries applied
     * @param weightBytes  bytes of the dequantised weights
     */
    public record Result(
            GraphDef graph,
            Map<String, TensorSpec> inputs,
            Map<String, TensorSpec> outputs,
            int nodes,
            int rewrittenOps,
            int weights,
            long weightBytes) {}

    private TfjsImporter() {}

    /** Converts {@code modelJson} and writes the SavedModel ({@code saved_model.pb}, {@code variables/}) into {@code outDir}. */
    public static Result importModel(Path modelJson, Path outDir) throws IOException {
        return importModel(modelJson, outDir, Map.of());
    }

    /**
     * Converts {@code modelJson} with {@code extraOutputs} added to the signature and writes the SavedModel into
     * {@code outDir}.
     *
     * @param extraOutputs signature key to graph tensor ({@code node} or {@code node:index}) of intermediate
     *     tensors to expose besides the model's own outputs, such as a backbone's feature map for an embedding
     */
    public static Result importModel(Path modelJson, Path outDir, Map<String, String> extraOutputs) throws IOException {
        Result result = convert(modelJson, extraOutputs);
        SavedModelWriter.write(outDir, result.graph(), result.inputs(), result.outputs());
        return result;
    }

    /** Converts {@code modelJson} (its shards are read relative to it) without writing anything. */
    public static Result convert(Path modelJson) throws IOException {
        return convert(modelJson, Map.of());
    }

    /** Converts {@code modelJson} with {@code extraOutputs} added to the signature, without writing anything. */
    public static Result convert(Path modelJson, Map<String, String> extraOutputs) throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(modelJson)) {
            root = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new TfjsImportException("cannot read " + modelJson + ": " + e.getMessage(), e);
        }
        String where = modelJson.toString();
        if (root == null || !root.isObject()) {
            throw new TfjsImportException(where + " is not a JSON object");
        }
        String format = root.path("format").asText("graph-model");
        if (!format.equals("graph-model")) {
            throw new TfjsImportException(where + " is a TF.js \"" + format + "\"; only \"graph-model\" files (from "
                    + "tensorflowjs_converter --output_format=tfjs_graph_model) can be imported");
        }
        JsonNode topology = root.get("modelTopology");
        if (topology == null || !topology.isObject() || !topology.has("node")) {
            throw new TfjsImportException(where + " has no modelTopology with nodes");
        }
        JsonNode initializer = root.get("modelInitializer");
        if (initializer != null
                && initializer.has("node")
                && initializer.get("node").size() > 0) {
            throw new TfjsImportException(where + " has a modelInitializer (hash tables): not supported");
        }

        GraphDef.Builder builder = GraphDef.newBuilder();
        try {
            JsonFormat.parser().merge(MAPPER.writeValueAsString(topology), builder);
        } catch (InvalidProtocolBufferException e) {
            throw new TfjsImportException(where + ": modelTopology is not a GraphDef: " + e.getMessage(), e);
        }

        Map<String, TensorProto> weights = readWeights(root.get("weightsManifest"), modelJson);
        long weightBytes = 0;
        Set<String> used = new HashSet<>();
        for (int i = 0; i < builder.getNodeCount(); i++) {
            NodeDef.Builder node = builder.getNodeBuilder(i);
            node.clearDevice(); // converter leftovers such as /device:CPU:0 would pin the graph to the CPU
            if (!node.getOp().equals("Const")) {
                continue;
            }
            TensorProto weight = weights.get(node.getName());
            AttrValue value = node.getAttrMap().get("value");
            if (weight == null) {
                if (value != null && hasContent(value.getTensor())) {
                    continue; // a constant the converter left inline
                }
                throw new TfjsImportException(where + ": Const node " + node.getName()
                        + " has no weights-manifest entry and no inline value");
            }
            AttrValue dtype = node.getAttrMap().get("dtype");
            if (dtype != null && dtype.getType() != weight.getDtype()) {
                throw new TfjsImportException(where + ": Const node " + node.getName() + " is " + dtype.getType()
                        + " but its weight is " + weight.getDtype());
            }
            node.putAttr(
                    "dtype", AttrValue.newBuilder().setType(weight.getDtype()).build());
            node.putAttr("value", AttrValue.newBuilder().setTensor(weight).build());
            used.add(node.getName());
            weightBytes += weight.getTensorContent().size();
        }

        FusedOpRewriter rewriter = new FusedOpRewriter();
        GraphDef graph = KernelPortability.apply(rewriter.rewrite(builder.build()), where);
        checkOps(graph, where);
        Map<String, NodeDef> byName = new HashMap<>();
        graph.getNodeList().forEach(n -> byName.put(n.getName(), n));
        Map<String, TensorSpec> inputs = new LinkedHashMap<>();
        Map<String, TensorSpec> outputs = new LinkedHashMap<>();
        JsonNode signature = root.get("signature");
        if (signature != null && signature.has("inputs") && signature.has("outputs")) {
            readSignature(signature.get("inputs"), byName, inputs, where);
            readSignature(signature.get("outputs"), byName, outputs, where);
        } else {
            inferSignature(graph, inputs, outputs);
        }
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new TfjsImportException(where + ": cannot tell the model's inputs and outputs");
        }
        addExtraOutputs(extraOutputs, byName, outputs, where);
        return new Result(graph, inputs, outputs, graph.getNodeCount(), rewriter.rewritten(), used.size(), weightBytes);
    }

    /** Name to decoded tensor of every weights-manifest entry, shards read relative to {@code modelJson}. */
    private static Map<String, TensorProto> readWeights(JsonNode manifest, Path modelJson) throws IOException {
        Map<String, TensorProto> weights = new HashMap<>();
        if (manifest == null || manifest.isNull()) {
            return weights;
        }
        Path base = modelJson.toAbsolutePath().getParent();
        for (JsonNode group : manifest) {
            List<byte[]> shards = new ArrayList<>();
            long size = 0;
            for (JsonNode path : group.path("paths")) {
                Path shard = base.resolve(path.asText()).normalize();
                if (!Files.isRegularFile(shard)) {
                    throw new TfjsImportException(
                            modelJson + " names the weight shard " + path.asText() + ", which is not at " + shard);
                }
                byte[] bytes = Files.readAllBytes(shard);
                shards.add(bytes);
                size += bytes.length;
            }
            if (size > Integer.MAX_VALUE) {
                throw new TfjsImportException(modelJson + ": a weight group of " + size + " bytes is too large");
            }
            ByteBuffer data = ByteBuffer.allocate((int) size);
            shards.forEach(data::put);
            data.flip();
            String source = "weight group " + group.path("paths");
            for (WeightDecoder.Weight weight : WeightDecoder.decodeGroup(group.path("weights"), data, source)) {
                if (weights.put(weight.name(), weight.tensor()) != null) {
                    throw new TfjsImportException(modelJson + ": weight " + weight.name() + " is listed twice");
                }
            }
        }
        return weights;
    }

    private static boolean hasContent(TensorProto tensor) {
        return !tensor.getTensorContent().isEmpty()
                || tensor.getFloatValCount() > 0
                || tensor.getIntValCount() > 0
                || tensor.getBoolValCount() > 0
                || tensor.getStringValCount() > 0
                || tensor.getInt64ValCount() > 0
                || tensor.getDoubleValCount() > 0
                || tensor.getHalfValCount() > 0
                || tensor.getTensorShape().getDimList().stream().anyMatch(d -> d.getSize() == 0);
    }

    private static void checkOps(GraphDef graph, String where) throws TfjsImportException {
        Set<String> unknown = new TreeSet<>();
        for (NodeDef node : graph.getNodeList()) {
            if (!TensorflowOps.isKnown(node.getOp())) {
                unknown.add(node.getOp());
            }
        }
        for (var function : graph.getLibrary().getFunctionList()) {
            for (NodeDef node : function.getNodeDefList()) {
                if (!TensorflowOps.isKnown(node.getOp())
                        && graph.getLibrary().getFunctionList().stream()
                                .noneMatch(f -> f.getSignature().getName().equals(node.getOp()))) {
                    unknown.add(node.getOp());
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new TfjsImportException(where + " uses op(s) " + String.join(", ", unknown) + " that TensorFlow "
                    + SavedModelWriter.TENSORFLOW_VERSION + " does not have and this importer cannot rewrite");
        }
    }

    private static void readSignature(
            JsonNode entries, Map<String, NodeDef> nodes, Map<String, TensorSpec> into, String where)
            throws TfjsImportException {
        var fields = entries.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            JsonNode info = field.getValue();
            String tensor = info.path("name").asText(field.getKey());
            if (!tensor.contains(":")) {
                tensor = tensor + ":0";
            }
            String node = tensor.substring(0, tensor.lastIndexOf(':'));
            if (!nodes.containsKey(node)) {
                throw new TfjsImportException(where + ": signature tensor " + field.getKey() + " names node " + node
                        + ", which is not in the graph");
            }
            DataType dtype = DataType.DT_FLOAT;
            if (info.hasNonNull("dtype")) {
                try {
                    dtype = DataType.valueOf(info.get("dtype").asText());
                } catch (IllegalArgumentException e) {
                    throw new TfjsImportException(
                            where + ": signature tensor " + field.getKey() + " has the unknown dtype "
                                    + info.get("dtype").asText(),
                            e);
                }
            }
            long[] shape = null;
            JsonNode tensorShape = info.get("tensorShape");
            if (tensorShape != null && !tensorShape.path("unknownRank").asBoolean(false)) {
                JsonNode dims = tensorShape.path("dim");
                shape = new long[dims.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = dims.get(i).path("size").asLong(-1);
                }
            }
            into.put(field.getKey(), new TensorSpec(tensor, dtype, shape));
        }
    }

    /** Adds the requested intermediate tensors to the signature outputs; the node must exist and produce floats. */
    private static void addExtraOutputs(
            Map<String, String> extraOutputs, Map<String, NodeDef> nodes, Map<String, TensorSpec> outputs, String where)
            throws TfjsImportException {
        for (Map.Entry<String, String> extra : extraOutputs.entrySet()) {
            String key = extra.getKey();
            String tensor = extra.getValue().contains(":") ? extra.getValue() : extra.getValue() + ":0";
            String node = tensor.substring(0, tensor.lastIndexOf(':'));
            if (outputs.containsKey(key)) {
                throw new TfjsImportException(where + ": extra output " + key + " is already a signature output");
            }
            NodeDef def = nodes.get(node);
            if (def == null) {
                throw new TfjsImportException(
                        where + ": extra output " + key + " names node " + node + ", which is not in the graph");
            }
            AttrValue type = def.getAttrMap().get("T");
            DataType dtype = type == null ? DataType.DT_FLOAT : type.getType();
            if (dtype != DataType.DT_FLOAT) {
                throw new TfjsImportException(where + ": extra output " + key + " (" + node + ") is " + dtype
                        + "; only float tensors can be exposed");
            }
            outputs.put(key, new TensorSpec(tensor, dtype, (long[]) null));
        }
    }

    /** Placeholders are inputs; nodes whose output nobody consumes are outputs. */
    private static void inferSignature(
            GraphDef graph, Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {
        Set<String> consumed = new HashSet<>();
        for (NodeDef node : graph.getNodeList()) {
            for (String input : node.getInputList()) {
                String name = input.startsWith("^") ? input.substring(1) : input;
                int colon = name.lastIndexOf(':');
                consumed.add(colon < 0 ? name : name.substring(0, colon));
            }
        }
        for (NodeDef node : graph.getNodeList()) {
            AttrValue dtype = node.getAttrMap().get(node.getOp().equals("Placeholder") ? "dtype" : "T");
            DataType type = dtype == null ? DataType.DT_FLOAT : dtype.getType();
            if (node.getOp().equals("Placeholder")) {
                AttrValue shape = node.getAttrMap().get("shape");
                long[] dims = shape == null || shape.getShape().getUnknownRank()
                        ? null
                        : shape.getShape().getDimList().stream()
                                .mapToLong(d -> d.getSize())
                                .toArray();
                inputs.put(node.getName(), new TensorSpec(node.getName() + ":0", type, dims));
            } else if (!consumed.contains(node.getName())
                    && !node.getOp().equals("Const")
                    && !node.getOp().equals("NoOp")) {
                outputs.put(node.getName(), new TensorSpec(node.getName() + ":0", type, (long[]) null));
            }
        }
    }

    /**
     * The session configuration to run imported graphs with: grappler's remapper off (so TensorFlow does not
     * re-fuse the split ops with different arithmetic), soft placement on, intra-op threads from
     * {@code ai.djl.tensorflow.num_intraop_threads} and inter-op threads from
     * {@code ai.djl.tensorflow.num_interop_threads} when set (DJL's own defaults; passing a ConfigProto
     * replaces DJL's). Pass it to DJL as the {@code ConfigProto} option: {@code Base64} of the serialised proto.
     */
    public static org.tensorflow.proto.ConfigProto sessionConfig() {
        org.tensorflow.proto.ConfigProto.Builder config = org.tensorflow.proto.ConfigProto.newBuilder()
                .setAllowSoftPlacement(true)
                .setGraphOptions(org.tensorflow.proto.GraphOptions.newBuilder()
                        .setRewriteOptions(org.tensorflow.proto.RewriterConfig.newBuilder()
                                .setRemapping(org.tensorflow.proto.RewriterConfig.Toggle.OFF)));
        Integer intra = Integer.getInteger("ai.djl.tensorflow.num_intraop_threads");
        Integer inter = Integer.getInteger("ai.djl.tensorflow.num_interop_threads");
        if (intra != null) {
            config.setIntraOpParallelismThreads(intra);
        }
        if (inter != null) {
            config.setInterOpParallelismThreads(inter);
        }
        return config.build();
    }

    /** {@link #sessionConfig()} as DJL's {@code ConfigProto} model option value (Base64). */
    public static String sessionConfigOption() {
        return java.util.Base64.getEncoder().encodeToString(sessionConfig().toByteArray());
    }
}
