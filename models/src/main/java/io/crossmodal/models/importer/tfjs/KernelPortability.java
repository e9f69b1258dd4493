package io.crossmodal.models.importer.tfjs;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Keeps the written graph to node forms that TensorFlow {@value
 * io.crossmodal.models.importer.tf.SavedModelWriter#TENSORFLOW_VERSION} runs alike with its oneDNN kernels and with
 * its own ones. Which set a process gets depends on the CPU (oneDNN is on by default only with AVX512_VNNI / BF16 /
 * AMX) or on {@code TF_ENABLE_ONEDNN_OPTS}, so a form that works on one machine may abort on the next:
 *
 * <ul>
 *   <li>{@code DepthwiseConv2dNative} with {@code padding=EXPLICIT} becomes a zero {@code Pad} followed by the
 *       convolution with {@code VALID}: with oneDNN on, grappler's remapper fuses the convolution with a following
 *       {@code BiasAdd} into {@code _FusedDepthwiseConv2dNative} without copying {@code explicit_paddings}, and the
 *       kernel's failed CHECK then aborts the whole process (not an error the caller could catch);</li>
 *   <li>{@code data_format=NCHW} on convolutions and pooling, and dilated depthwise convolutions, are refused:
 *       TensorFlow's own CPU kernels (oneDNN off) do not run them.</li>
 * </ul>
 */
final class KernelPortability {

    /** Ops whose CPU kernels, without oneDNN, take NHWC only (checked on TensorFlow 2.16.1). */
    private static final Set<String> NHWC_ONLY = Set.of("Conv2D", "DepthwiseConv2dNative", "MaxPool", "AvgPool");

    private KernelPortability() {}

    static GraphDef apply(GraphDef graph, String where) throws TfjsImportException {
        Set<String> names = new HashSet<>();
        graph.getNodeList().forEach(n -> names.add(n.getName()));
        List<String> refused = new ArrayList<>();
        GraphDef.Builder out = graph.toBuilder().clearNode();
        for (NodeDef node : graph.getNodeList()) {
            AttrValue format = node.getAttrMap().get("data_format");
            if (NHWC_ONLY.contains(node.getOp())
                    && format != null
                    && format.getS().toStringUtf8().equals("NCHW")) {
                refused.add(node.getOp() + " " + node.getName() + " (data_format NCHW)");
            }
            if (!node.getOp().equals("DepthwiseConv2dNative")) {
                out.addNode(node);
                continue;
            }
            AttrValue dilations = node.getAttrMap().get("dilations");
            if (dilations != null && dilations.getList().getIList().stream().anyMatch(d -> d != 1)) {
                refused.add(node.getOp() + " " + node.getName() + " (dilations "
                        + dilations.getList().getIList() + ")");
            }
            AttrValue padding = node.getAttrMap().get("padding");
            if (padding == null || !padding.getS().toStringUtf8().equals("EXPLICIT")) {
                out.addNode(node);
                continue;
            }
            out.addAllNode(padThenValid(node, names));
        }
        if (!refused.isEmpty()) {
            throw new TfjsImportException(where + ": " + String.join(", ", refused) + ": TensorFlow "
                    + io.crossmodal.models.importer.tf.SavedModelWriter.TENSORFLOW_VERSION
                    + " runs these only with oneDNN on, so the model would fail on machines where it is off");
        }
        return out.build();
    }

    /** {@code Pad} (by {@code explicit_paddings}, in the node's own data format) and the convolution, VALID. */
    private static List<NodeDef> padThenValid(NodeDef conv, Set<String> names) throws TfjsImportException {
        List<Long> explicit = conv.getAttrMap().containsKey("explicit_paddings")
                ? conv.getAttrMap().get("explicit_paddings").getList().getIList()
                : List.of();
        if (explicit.size() != 8) {
            throw new TfjsImportException(conv.getOp() + " node " + conv.getName() + " has padding EXPLICIT but "
                    + explicit.size() + " explicit_paddings (needs 8)");
        }
        ByteBuffer content = ByteBuffer.allocate(8 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (long p : explicit) {
            content.putInt(Math.toIntExact(p));
        }
        String paddingsName = fresh(conv.getName() + "/tfjs_pad/paddings", names);
        String padName = fresh(conv.getName() + "/tfjs_pad/pad", names);
        TensorProto paddings = TensorProto.newBuilder()
                .setDtype(DataType.DT_INT32)
                .setTensorShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dim.newBuilder().setSize(4))
                        .addDim(TensorShapeProto.Dim.newBuilder().setSize(2)))
                .setTensorContent(ByteString.copyFrom(content.array()))
                .build();
        AttrValue t = conv.getAttrMap()
                .getOrDefault(
                        "T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build());
        NodeDef constant = NodeDef.newBuilder()
                .setName(paddingsName)
                .setOp("Const")
                .putAttr(
                        "dtype",
                        AttrValue.newBuilder().setType(DataType.DT_INT32).build())
                .putAttr("value", AttrValue.newBuilder().setTensor(paddings).build())
                .build();
        NodeDef pad = NodeDef.newBuilder()
                .setName(padName)
                .setOp("Pad")
                .addInput(conv.getInput(0))
                .addInput(paddingsName)
                .putAttr("T", t)
                .putAttr(
                        "Tpaddings",
                        AttrValue.newBuilder().setType(DataType.DT_INT32).build())
                .build();
        NodeDef.Builder valid = conv.toBuilder()
                .setInput(0, padName)
                .putAttr(
                        "padding",
                        AttrValue.newBuilder()
                                .setS(ByteString.copyFromUtf8("VALID"))
                                .build())
                .putAttr(
                        "explicit_paddings",
                        AttrValue.newBuilder()
                                .setList(AttrValue.ListValue.newBuilder())
                                .build());
        return List.of(constant, pad, valid.build());
    }

    private static String fresh(String candidate, Set<String> names) {
        String name = candidate;
        for (int i = 1; !names.add(name); i++) {
            name = candidate + "_" + i;
        }
        return name;
    }
}
