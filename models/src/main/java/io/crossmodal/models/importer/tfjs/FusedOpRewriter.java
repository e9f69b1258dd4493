package io.crossmodal.models.importer.tfjs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Rewrites the ops the TF.js converter fuses into plain TensorFlow ops that every TensorFlow build runs:
 * {@code _FusedConv2D}, {@code FusedDepthwiseConv2dNative} (a TF.js-only op), {@code _FusedMatMul} become the
 * convolution / matmul followed by one op per entry of {@code fused_ops} ({@code BiasAdd},
 * {@code FusedBatchNorm}, {@code Add}, then an activation: {@code Relu}, {@code Relu6}, {@code Elu},
 * {@code LeakyRelu}, {@code Sigmoid}, {@code Tanh}, {@code Prelu}); the TF.js-only {@code Prelu} op becomes
 * {@code Relu}, {@code Sub}, {@code Mul}, {@code AddV2}.
 *
 * <p>The last op of each chain keeps the fused node's name, so its consumers need no change; the others are
 * named {@code <name>/tfjs_split/<step>}. Only the unfused graph is written, because TensorFlow's own fused
 * kernels are not available everywhere ({@code _FusedDepthwiseConv2dNative} only with oneDNN) and its grappler
 * re-fuses where it can anyway.
 */
final class FusedOpRewriter {

    static final String SPLIT = "/tfjs_split/";

    private static final Set<String> CONV2D_ATTRS =
            Set.of("T", "strides", "padding", "explicit_paddings", "data_format", "dilations", "use_cudnn_on_gpu");
    private static final Set<String> DEPTHWISE_ATTRS =
            Set.of("T", "strides", "padding", "explicit_paddings", "data_format", "dilations");
    private static final Set<String> MATMUL_ATTRS = Set.of("T", "transpose_a", "transpose_b");

    private int rewritten;

    /** How many nodes the last {@link #rewrite} replaced. */
    int rewritten() {
        return rewritten;
    }

    GraphDef rewrite(GraphDef graph) throws TfjsImportException {
        rewritten = 0;
        Set<String> names = new java.util.HashSet<>();
        for (NodeDef node : graph.getNodeList()) {
            names.add(node.getName());
        }
        GraphDef.Builder out = graph.toBuilder().clearNode();
        for (NodeDef node : graph.getNodeList()) {
            List<NodeDef> replacement = switch (node.getOp()) {
                case "_FusedConv2D" -> split(node, "Conv2D", CONV2D_ATTRS, names);
                case "FusedDepthwiseConv2dNative", "_FusedDepthwiseConv2dNative" ->
                    split(node, "DepthwiseConv2dNative", DEPTHWISE_ATTRS, names);
                case "_FusedMatMul" -> split(node, "MatMul", MATMUL_ATTRS, names);
                case "Prelu" ->
                    prelu(
                            node,
                            node.getName(),
                            node.getInput(0),
                            node.getInput(1),
                            controlInputs(node),
                            type(node),
                            names);
                default -> null;
            };
            if (replacement == null) {
                out.addNode(node);
            } else {
                rewritten++;
                out.addAllNode(replacement);
            }
        }
        return out.build();
    }

    private static List<NodeDef> split(NodeDef fused, String baseOp, Set<String> baseAttrs, Set<String> names)
            throws TfjsImportException {
        String name = fused.getName();
        List<String> data = dataInputs(fused);
        List<String> control = controlInputs(fused);
        if (data.size() < 2) {
            throw new TfjsImportException(fused.getOp() + " node " + name + " has " + data.size() + " data inputs");
        }
        List<String> fusedOps = new ArrayList<>();
        AttrValue opsAttr = fused.getAttrMap().get("fused_ops");
        if (opsAttr != null) {
            opsAttr.getList().getSList().forEach(s -> fusedOps.add(s.toStringUtf8()));
        }
        List<String> args = data.subList(2, data.size());
        AttrValue numArgs = fused.getAttrMap().get("num_args");
        if (numArgs != null && numArgs.getI() != args.size()) {
            throw new TfjsImportException(fused.getOp() + " node " + name + " declares num_args=" + numArgs.getI()
                    + " but has " + args.size() + " extra inputs");
        }
        DataType t = type(fused);
        AttrValue dataFormat = fused.getAttrMap().get("data_format");
        float epsilon = fused.getAttrMap().containsKey("epsilon")
                ? fused.getAttrMap().get("epsilon").getF()
                : 1e-3f;
        float alpha = fused.getAttrMap().containsKey("leakyrelu_alpha")
                ? fused.getAttrMap().get("leakyrelu_alpha").getF()
                : 0.2f;

        List<NodeDef> nodes = new ArrayList<>();
        int steps = fusedOps.size();
        String current = steps == 0 ? name : fresh(name + SPLIT + baseOp, names);
        NodeDef.Builder base = NodeDef.newBuilder()
                .setName(current)
                .setOp(baseOp)
                .addInput(data.get(0))
                .addInput(data.get(1))
                .addAllInput(control);
        for (Map.Entry<String, AttrValue> attr : fused.getAttrMap().entrySet()) {
            if (baseAttrs.contains(attr.getKey())) {
                base.putAttr(attr.getKey(), attr.getValue());
            }
        }
        nodes.add(base.build());

        int arg = 0;
        for (int i = 0; i < steps; i++) {
            String op = fusedOps.get(i);
            String target = i == steps - 1 ? name : fresh(name + SPLIT + op, names);
            NodeDef.Builder step =
                    NodeDef.newBuilder().setName(target).addInput(current).putAttr("T", typeAttr(t));
            switch (op) {
                case "BiasAdd" -> {
                    step.setOp("BiasAdd").addInput(argument(fused, args, arg++, op));
                    if (dataFormat != null && baseOp.equals("MatMul") == false) {
                        step.putAttr("data_format", dataFormat);
                    }
                }
                case "Add" -> step.setOp("AddV2").addInput(argument(fused, args, arg++, op));
                case "FusedBatchNorm" -> {
                    step.setOp("FusedBatchNormV3");
                    for (int k = 0; k < 4; k++) {
                        step.addInput(argument(fused, args, arg++, op));
                    }
                    step.putAttr("U", typeAttr(t))
                            .putAttr(
                                    "epsilon",
                                    AttrValue.newBuilder().setF(epsilon).build())
                            .putAttr(
                                    "is_training",
                                    AttrValue.newBuilder().setB(false).build());
                    if (dataFormat != null) {
                        step.putAttr("data_format", dataFormat);
                    }
                }
                case "Relu", "Relu6", "Elu", "Sigmoid", "Tanh" -> step.setOp(op);
                case "LeakyRelu" ->
                    step.setOp("LeakyRelu")
                            .putAttr("alpha", AttrValue.newBuilder().setF(alpha).build());
                case "Prelu" -> {
                    nodes.addAll(prelu(fused, target, current, argument(fused, args, arg++, op), List.of(), t, names));
                    current = target;
                    continue;
                }
                default ->
                    throw new TfjsImportException(fused.getOp() + " node " + name + " fuses " + op
                            + ", which this importer cannot split (supported: BiasAdd, FusedBatchNorm, Add, Relu, Relu6, "
                            + "Elu, LeakyRelu, Sigmoid, Tanh, Prelu)");
            }
            nodes.add(step.build());
            current = target;
        }
        if (arg != args.size()) {
            throw new TfjsImportException(fused.getOp() + " node " + name + " has " + args.size()
                    + " extra inputs but its fused_ops " + fusedOps + " use " + arg);
        }
        return nodes;
    }

    /** {@code prelu(x, alpha) = relu(x) + alpha * (x - relu(x))}, exact: {@code x - relu(x)} is 0 or x. */
    private static List<NodeDef> prelu(
            NodeDef origin, String name, String x, String alpha, List<String> control, DataType t, Set<String> names) {
        AttrValue type = typeAttr(t);
        String relu = fresh(name + SPLIT + "prelu_pos", names);
        String negative = fresh(name + SPLIT + "prelu_neg", names);
        String scaled = fresh(name + SPLIT + "prelu_scaled", names);
        return List.of(
                NodeDef.newBuilder()
                        .setName(relu)
                        .setOp("Relu")
                        .addInput(x)
                        .addAllInput(control)
                        .putAttr("T", type)
                        .build(),
                NodeDef.newBuilder()
                        .setName(negative)
                        .setOp("Sub")
                        .addInput(x)
                        .addInput(relu)
                        .putAttr("T", type)
                        .build(),
                NodeDef.newBuilder()
                        .setName(scaled)
                        .setOp("Mul")
                        .addInput(alpha)
                        .addInput(negative)
                        .putAttr("T", type)
                        .build(),
                NodeDef.newBuilder()
                        .setName(name)
                        .setOp("AddV2")
                        .addInput(relu)
                        .addInput(scaled)
                        .putAttr("T", type)
                        .build());
    }

    private static String argument(NodeDef fused, List<String> args, int index, String op) throws TfjsImportException {
        if (index >= args.size()) {
            throw new TfjsImportException(fused.getOp() + " node " + fused.getName() + ": " + op
                    + " needs more extra inputs than the node has (" + args.size() + ")");
        }
        return args.get(index);
    }

    private static String fresh(String candidate, Set<String> names) {
        String name = candidate;
        for (int i = 1; !names.add(name); i++) {
            name = candidate + "_" + i;
        }
        return name;
    }

    private static DataType type(NodeDef node) {
        AttrValue t = node.getAttrMap().get("T");
        return t == null ? DataType.DT_FLOAT : t.getType();
    }

    private static AttrValue typeAttr(DataType t) {
        return AttrValue.newBuilder().setType(t).build();
    }

    private static List<String> dataInputs(NodeDef node) {
        return node.getInputList().stream().filter(i -> !i.startsWith("^")).toList();
    }

    private static List<String> controlInputs(NodeDef node) {
        return node.getInputList().stream().filter(i -> i.startsWith("^")).toList();
    }
}
