package io.crossmodal.runtime.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.crossmodal.runtime.engine.ComputeDevice;
import io.crossmodal.runtime.engine.ModelLoader;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepository;
import io.crossmodal.runtime.repository.ModelRepositoryException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device setting reaches the engine: this machine has no GPU, so {@code gpu} must refuse to load. */
@Tag("tensorflow")
class DeviceSelectionTest {

    @AfterEach
    void clear() {
        System.clearProperty(ComputeDevice.PROPERTY);
    }

    @Test
    void cpuAndAutoLoadOnTheCpuAndGpuFailsWithTheReasonOnAMachineWithoutOne(@TempDir Path root) throws Exception {
        SavedModelFixtures.writeAffineModel(root, "affine", "1");
        ModelDescriptor descriptor = new ModelRepository(root).get("affine", Optional.empty());
        for (String setting : new String[] {"cpu", "auto"}) {
            System.setProperty(ComputeDevice.PROPERTY, setting);
            try (ZooModel<NDList, NDList> model = ModelLoader.load(descriptor)) {
                assertEquals(Device.cpu(), model.getNDManager().getDevice(), setting);
            }
        }
        System.setProperty(ComputeDevice.PROPERTY, "gpu");
        ModelRepositoryException e = assertThrows(ModelRepositoryException.class, () -> ModelLoader.load(descriptor));
        assertTrue(e.getMessage().contains("affine@1") && e.getMessage().contains("sees no GPU"), e.getMessage());
        System.setProperty(ComputeDevice.PROPERTY, "tpu");
        e = assertThrows(ModelRepositoryException.class, () -> ModelLoader.load(descriptor));
        assertTrue(e.getMessage().contains("cpu, gpu or auto"), e.getMessage());
    }
}
