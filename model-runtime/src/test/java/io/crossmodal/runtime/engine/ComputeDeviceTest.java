package io.crossmodal.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ComputeDeviceTest {

    @AfterEach
    void clear() {
        System.clearProperty(ComputeDevice.PROPERTY);
    }

    @Test
    void parsesTheThreeValuesInAnyCaseAndNamesThemWhenWrong() {
        assertEquals(ComputeDevice.CPU, ComputeDevice.parse("cpu"));
        assertEquals(ComputeDevice.GPU, ComputeDevice.parse(" GPU "));
        assertEquals(ComputeDevice.AUTO, ComputeDevice.parse("Auto"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ComputeDevice.parse("cuda"));
        assertTrue(e.getMessage().contains("cpu, gpu or auto") && e.getMessage().contains("cuda"), e.getMessage());
    }

    @Test
    void defaultsToCpuAndTheSystemPropertyWins() {
        if (System.getenv(ComputeDevice.ENV) == null) {
            assertEquals(ComputeDevice.CPU, ComputeDevice.configured());
        }
        System.setProperty(ComputeDevice.PROPERTY, "auto");
        assertEquals(ComputeDevice.AUTO, ComputeDevice.configured());
    }

    @Test
    void gpuIsRequiredWhenAskedForAndAutoFallsBack() {
        assertEquals(Device.cpu(), ComputeDevice.CPU.resolve("TensorFlow", 2));
        assertEquals(Device.gpu(), ComputeDevice.GPU.resolve("TensorFlow", 1));
        assertEquals(Device.gpu(), ComputeDevice.AUTO.resolve("TensorFlow", 1));
        assertEquals(Device.cpu(), ComputeDevice.AUTO.resolve("TensorFlow", 0));
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> ComputeDevice.GPU.resolve("OnnxRuntime", 0));
        assertTrue(e.getMessage().contains("OnnxRuntime engine sees no GPU"), e.getMessage());
    }
}
