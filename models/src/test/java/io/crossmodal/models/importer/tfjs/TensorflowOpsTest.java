package io.crossmodal.models.importer.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.OpList;

/**
 * {@link TensorflowOps} is the op registry of the TensorFlow the SavedModels run on. Run with
 * {@code -Dtfjs.write-ops=FILE} to write the registry's op names (one per line) after a TensorFlow upgrade.
 */
class TensorflowOpsTest {

    static Set<String> registeredOps() throws Exception {
        Engine.getEngine("TensorFlow"); // loads the natives
        TF_Buffer buffer = tensorflow.TF_GetAllOpList();
        try {
            byte[] bytes = new byte[(int) buffer.length()];
            new BytePointer(buffer.data()).capacity(bytes.length).get(bytes);
            Set<String> names = new TreeSet<>();
            for (OpDef op : OpList.parseFrom(bytes).getOpList()) {
                names.add(op.getName());
            }
            return names;
        } finally {
            tensorflow.TF_DeleteBuffer(buffer);
        }
    }

    @Test
    void listMatchesTheNativeRegistry() throws Exception {
        Set<String> registered = registeredOps();
        String file = System.getProperty("tfjs.write-ops");
        if (file != null) {
            Files.write(
                    Path.of(file), String.join("\n", registered).concat("\n").getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(Engine.getEngine("TensorFlow").getVersion(), "2.16.1");
        Set<String> missing = new TreeSet<>(registered);
        missing.removeIf(TensorflowOps::isKnown);
        assertTrue(missing.isEmpty(), "ops the native registry has but TensorflowOps lacks: " + missing);
        assertEquals(registered.size(), TensorflowOps.count(), "TensorflowOps lists ops the registry lacks");
    }

    @Test
    void tfjsOnlyOpsAreUnknown() {
        assertFalse(TensorflowOps.isKnown("FusedDepthwiseConv2dNative"));
        assertFalse(TensorflowOps.isKnown("Prelu"));
        assertTrue(TensorflowOps.isKnown("_FusedConv2D"));
        assertTrue(TensorflowOps.isKnown("DepthwiseConv2dNative"));
    }
}
