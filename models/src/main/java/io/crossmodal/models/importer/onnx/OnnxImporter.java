package io.crossmodal.models.importer.onnx;

import io.crossmodal.models.importer.onnx.proto.OnnxProto.GraphProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.ModelProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.NodeProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.TensorProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.TensorShapeProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.TypeProto;
import io.crossmodal.models.importer.onnx.proto.OnnxProto.ValueInfoProto;
import io.crossmodal.models.importer.tf.GraphBuilder;
import io.crossmodal.models.importer.tf.SavedModelWriter;
import io.crossmodal.models.importer.tf.SavedModelWriter.TensorSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;

/**
 * Imports an ONNX model as a TensorFlow SavedModel (tag {@code serve}, signature {@code serving_default}, weights
 * as constants).
 *
 * <p>Each ONNX node is converted by the {@link OpRegistry} converter of its op type; an op (or a form of it) that
 * has no converter stops the import with an {@link UnsupportedOnnxOpException} naming the op type, the node and the
 * opset, so a written SavedModel never silently differs from the ONNX graph. Graph inputs become
 * {@code Placeholder}s and graph outputs {@code Identity} nodes whose signature keys are the ONNX names; dimensions
 * that are symbolic or absent in the ONNX model are dynamic ({@code -1}). ONNX names that are not valid TF op names
 * (such as {@code /encoder/layer.0/Add}) are sanitised deterministically; {@link Result#tensorNames()} maps each ONNX
 * value to its TF tensor.
 */
public final class OnnxImporter {

    /**
     * Revision of what the importer writes, recorded by the preparer as {@code converted.by=onnx-importer r<N>}:
     * bump it when a change may alter the SavedModel, so prepared folders are converted again.
     */
    public static final String REVISION = "3";

    private final OpRegistry registry;

    public OnnxImporter() {
        this(OpRegistry.standard());
    }

    public OnnxImporter(OpRegistry registry) {
        this.registry = registry;
    }

    /**
     * The converted graph and its signature.
     *
     * @param tensorNames ONNX value name to TF tensor ({@code node} or {@code node:i}), for every converted value
     * @param opHistogram ONNX op type to node count
     */
    public record Result(
            GraphDef graph,
            Map<String, TensorSpec> inputs,
            Map<String, TensorSpec> outputs,
            Map<String, String> tensorNames,
            Map<String, Integer> opHistogram,
            long opset) {}

    /** Reads an ONNX model file. */
    public static ModelProto read(Path onnxFile) throws IOException {
        try (InputStream in = Files.newInputStream(onnxFile)) {
            com.google.protobuf.CodedInputStream cin = com.google.protobuf.CodedInputStream.newInstance(in);
            cin.setSizeLimit(Integer.MAX_VALUE);
            return ModelProto.parseFrom(cin);
        }
    }

    /** Op type (prefixed {@code domain::} outside the default domain) to node count, sorted by op type. */
    public static Map<String, Integer> opHistogram(ModelProto model) {
        Map<String, Integer> h = new TreeMap<>();
        for (NodeProto n : model.getGraph().getNodeList()) {
            h.merge(qualifiedOp(n), 1, Integer::sum);
        }
        return h;
    }

    private static String qualifiedOp(NodeProto n) {
        return isDefaultDomain(n.getDomain()) ? n.getOpType() : n.getDomain() + "::" + n.getOpType();
    }

    private static boolean isDefaultDomain(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }

    /** Default-domain opset the model imports. */
    public static long opset(ModelProto model) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (isDefaultDomain(o.getDomain())) {
                return o.getVersion();
            }
        }
        // IR version 1/2 models without opset_import used opset 1.
        return 1;
    }

    /** Reads {@code onnxFile}, converts it and writes the SavedModel into {@code outDir}. */
    public Result importModel(Path onnxFile, Path outDir) throws IOException {
        ModelProto model = read(onnxFile);
        Result r = convert(model, onnxFile.toAbsolutePath().getParent());
        SavedModelWriter.write(outDir, r.graph(), r.inputs(), r.outputs());
        return r;
    }

    /** Converts {@code model}; {@code modelDir} resolves external tensor data (may be null). */
    public Result convert(ModelProto model, Path modelDir) {
        long opset = opset(model);
        GraphProto graph = model.getGraph();
        if (opset > OpRegistry.MAX_OPSET) {
            throw new UnsupportedOperationException("ONNX model imports opset " + opset + "; the importer supports "
                    + "opsets up to " + OpRegistry.MAX_OPSET);
        }
        // Check every node first: one clear error for the first unsupported op before any work.
        for (NodeProto n : graph.getNodeList()) {
            if (!isDefaultDomain(n.getDomain())) {
                throw new UnsupportedOnnxOpException(
                        n.getOpType(), n.getDomain(), n.getName(), opset, "only the default ONNX domain is supported");
            }
            if (registry.get(n.getOpType()) == null) {
                throw new UnsupportedOnnxOpException(
                        n.getOpType(),
                        n.getDomain(),
                        n.getName(),
                        opset,
                        "no converter for this op type; supported: " + String.join(", ", registry.opTypes()));
            }
        }

        GraphBuilder g = new GraphBuilder();
        Map<String, Value> values = new HashMap<>();
        Map<String, TensorProto> constants = new HashMap<>();
        Map<String, TensorProto> pending = new HashMap<>();
        Set<String> initializerNames = new HashSet<>();
        for (TensorProto t : graph.getInitializerList()) {
            initializerNames.add(t.getName());
            constants.put(t.getName(), t);
            pending.put(t.getName(), t);
        }

        // Reserve the signature's node names first so that they stay the ONNX names (sanitised).
        Map<String, String> inputNodes = new LinkedHashMap<>();
        for (ValueInfoProto in : graph.getInputList()) {
            if (!initializerNames.contains(in.getName())) {
                inputNodes.put(in.getName(), g.uniqueName(in.getName()));
            }
        }
        Map<String, String> outputNodes = new LinkedHashMap<>();
        for (ValueInfoProto out : graph.getOutputList()) {
            outputNodes.put(out.getName(), g.uniqueName(out.getName()));
        }

        Map<String, TensorSpec> inputs = new LinkedHashMap<>();
        for (ValueInfoProto in : graph.getInputList()) {
            if (initializerNames.contains(in.getName())) {
                continue;
            }
            TypeProto.Tensor type = tensorType(in);
            DataType dtype = OnnxTensors.requireTfType(type.getElemType(), "Graph input '" + in.getName() + "'");
            long[] shape = shape(type);
            String node = g.opReserved("Placeholder", inputNodes.get(in.getName()))
                    .type("dtype", dtype)
                    .shape("shape", shape)
                    .build();
            values.put(in.getName(), new Value(node, dtype, shape));
            inputs.put(in.getName(), new TensorSpec(node + ":0", dtype, shape));
        }

        ConversionContext ctx = new ConversionContext(g, values, constants, pending, opset, modelDir);
        for (NodeProto n : graph.getNodeList()) {
            ctx.setNode(n);
            registry.get(n.getOpType()).convert(ctx, n);
            for (String out : n.getOutputList()) {
                if (!out.isEmpty() && !ctx.bound(out)) {
                    throw new IllegalStateException("Converter of " + n.getOpType() + " did not bind output '" + out
                            + "' of node '" + n.getName() + "'");
                }
            }
        }
        ctx.setNode(null);

        Map<String, TensorSpec> outputs = new LinkedHashMap<>();
        for (ValueInfoProto out : graph.getOutputList()) {
            Value v = ctx.value(out.getName());
            String node = g.opReserved("Identity", outputNodes.get(out.getName()))
                    .input(v.ref())
                    .type("T", v.dtype())
                    .build();
            long[] shape = out.getType().hasTensorType()
                            && out.getType().getTensorType().hasShape()
                    ? shape(out.getType().getTensorType())
                    : v.shape();
            outputs.put(out.getName(), new TensorSpec(node + ":0", v.dtype(), shape));
        }

        Map<String, String> tensorNames = new TreeMap<>();
        // Constant outputs never read as tensors have no TF tensor: they are folded or unused.
        values.forEach((k, v) -> tensorNames.put(k, v.ref()));
        return new Result(
                g.build(),
                Collections.unmodifiableMap(inputs),
                Collections.unmodifiableMap(outputs),
                Collections.unmodifiableMap(tensorNames),
                opHistogram(model),
                opset);
    }

    private static TypeProto.Tensor tensorType(ValueInfoProto v) {
        if (!v.getType().hasTensorType()) {
            throw new UnsupportedOperationException("Graph input '" + v.getName() + "' is not a tensor ("
                    + v.getType().getValueCase() + ")");
        }
        return v.getType().getTensorType();
    }

    /** Static shape: symbolic or missing dimensions are -1; no shape at all is an unknown rank (null). */
    private static long[] shape(TypeProto.Tensor type) {
        if (!type.hasShape()) {
            return null;
        }
        TensorShapeProto s = type.getShape();
        long[] dims = new long[s.getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension d = s.getDim(i);
            dims[i] = d.hasDimValue() ? d.getDimValue() : -1;
        }
        return dims;
    }
}
