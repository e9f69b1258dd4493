package io.crossmodal.runtime.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepositoryException;
import io.crossmodal.runtime.repository.ServingProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Opens models of the model repository with DJL, always offline.
 *
 * <p>Models are opened as {@code NDList -> NDList}: pre- and post-processing live in each service's domain code,
 * where batches are padded to their longest item, which a per-item DJL {@code Translator} cannot do.
 */
public final class ModelLoader {

    /** DJL engine names as written in {@code serving.properties}. */
    public static final String TENSORFLOW = "TensorFlow";

    public static final String ONNX_RUNTIME = "OnnxRuntime";

    static {
        configureDjl();
    }

    private ModelLoader() {}

    /**
     * Applies the process-wide DJL settings every service needs before the first engine loads: offline mode (DJL
     * must never reach a hub at run time) and TensorFlow's thread pools (intra-op = cores, inter-op = 1 was the
     * fastest setting measured on 2-core machines). Values set on the command line win.
     */
    public static void configureDjl() {
        System.setProperty("ai.djl.offline", "true");
        int cores = Runtime.getRuntime().availableProcessors();
        setIfAbsent("ai.djl.tensorflow.num_intraop_threads", Integer.toString(cores));
        setIfAbsent("ai.djl.tensorflow.num_interop_threads", "1");
        // TensorFlow's C++ logging is noisy at INFO; keep warnings.
        setIfAbsent("TF_CPP_MIN_LOG_LEVEL", "1");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Loads the descriptor's model on the engine its {@code serving.properties} names. */
    public static ZooModel<NDList, NDList> load(ModelDescriptor descriptor) {
        String engine = descriptor.engine();
        if (!Files.exists(descriptor.modelPath())) {
            throw new ModelRepositoryException(
                    "Model file " + descriptor.modelPath() + " of " + descriptor + " does not exist");
        }
        Device device = device(descriptor);
        if (ONNX_RUNTIME.equals(engine)) {
            return loadOnnxRuntime(descriptor, device);
        }
        Criteria.Builder<NDList, NDList> builder = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine(engine)
                .optDevice(device)
                .optModelPath(descriptor.modelPath())
                .optModelName(descriptor.name())
                .optTranslator(new NoopTranslator());
        engineOptions(engine).forEach(builder::optOption);
        if (TENSORFLOW.equals(engine)) {
            // DJL's TfModel reads the ConfigProto option as the Base64 of the serialised proto.
            tensorflowSessionConfig(descriptor)
                    .ifPresent(config -> builder.optOption(
                            "ConfigProto", java.util.Base64.getEncoder().encodeToString(config.toByteArray())));
        }
        try {
            return builder.build().loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException e) {
            throw new ModelRepositoryException(
                    "Cannot load " + descriptor + " on engine " + engine + " from " + descriptor.modelPath() + ": "
                            + e.getMessage(),
                    e);
        } catch (IllegalArgumentException e) {
            throw new ModelRepositoryException(
                    "Engine '" + engine + "' of " + descriptor + " is not available; known engines: "
                            + Engine.getAllEngines(),
                    e);
        } catch (RuntimeException e) {
            // Engines throw their own unchecked errors for corrupt files (e.g. TFOutOfRangeException): name the
            // model and path so the FAILED state says what to fix.
            throw new ModelRepositoryException(
                    "Cannot load " + descriptor + " on engine " + engine + " from " + descriptor.modelPath() + ": " + e,
                    e);
        }
    }

    /**
     * The device {@link ComputeDevice#configured()} asks for, checked against the GPUs the model's engine sees.
     */
    private static Device device(ModelDescriptor descriptor) {
        ComputeDevice wanted;
        try {
            wanted = ComputeDevice.configured();
        } catch (IllegalArgumentException e) {
            throw new ModelRepositoryException("Cannot load " + descriptor + ": " + e.getMessage(), e);
        }
        if (wanted == ComputeDevice.CPU) {
            return Device.cpu();
        }
        int gpus;
        try {
            gpus = Engine.getEngine(descriptor.engine()).getGpuCount();
        } catch (IllegalArgumentException e) {
            throw new ModelRepositoryException(
                    "Engine '" + descriptor.engine() + "' of " + descriptor + " is not available; known engines: "
                            + Engine.getAllEngines(),
                    e);
        }
        try {
            return wanted.resolve(descriptor.engine(), gpus);
        } catch (IllegalStateException e) {
            throw new ModelRepositoryException("Cannot load " + descriptor + ": " + e.getMessage(), e);
        }
    }

    /**
     * ONNX Runtime models are opened through {@link Model#load} rather than {@link Criteria}, because only that path
     * takes a {@code SessionOptions} object, and two of its settings matter on small shared nodes: intra-op threads
     * ({@code onnxruntime.intra.op.threads}, default: the cores) and spinning ({@code onnxruntime.allow.spinning},
     * default false). Spinning threads burn the CPU that the tokenizers and gRPC threads of the same pod need; on 2
     * cores under load, turning it off cut the mean batch-1 latency of MiniLM from 27-36 ms to 10-11 ms.
     */
    private static ZooModel<NDList, NDList> loadOnnxRuntime(ModelDescriptor descriptor, Device device) {
        Model model = Model.newInstance(descriptor.name(), device, ONNX_RUNTIME);
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            if (device.isGpu()) {
                // the CUDA execution provider; nodes it cannot run fall back to the CPU provider
                options.addCUDA(device.getDeviceId());
            }
            ServingProperties settings = descriptor.settings();
            options.setIntraOpNumThreads(settings.get(
                    ServingProperties.ONNXRUNTIME_INTRA_OP_THREADS,
                    Runtime.getRuntime().availableProcessors()));
            options.setInterOpNumThreads(1);
            options.addConfigEntry(
                    "session.intra_op.allow_spinning",
                    settings.get(ServingProperties.ONNXRUNTIME_ALLOW_SPINNING) ? "1" : "0");
            model.load(descriptor.modelPath(), descriptor.name(), Map.of("sessionOptions", options));
            return new ZooModel<>(model, new NoopTranslator());
        } catch (OrtException | MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new ModelRepositoryException(
                    "Cannot load " + descriptor + " on engine " + ONNX_RUNTIME + " from " + descriptor.modelPath()
                            + ": " + e,
                    e);
        }
    }

    /**
     * DJL's own session configuration (threads, GPU memory growth) with the changes a model asks for in its
     * {@code serving.properties}; empty when it asks for none, so DJL's default applies unchanged.
     *
     * <p>{@code tensorflow.remapping=off} turns grappler's remapper off: graphs imported from TF.js have their fused
     * ops split, and the remapper would fuse them again with different arithmetic (up to 0.3% drift measured on
     * CenterNet's hard-swish), while with it off TensorFlow matches TF.js to about 1e-6.
     */
    public static java.util.Optional<org.tensorflow.proto.ConfigProto> tensorflowSessionConfig(
            ModelDescriptor descriptor) {
        if (descriptor.settings().get(ServingProperties.TENSORFLOW_REMAPPING) != ServingProperties.Switch.OFF) {
            return java.util.Optional.empty();
        }
        org.tensorflow.proto.ConfigProto base = ai.djl.tensorflow.engine.javacpp.JavacppUtils.getSessionConfig();
        org.tensorflow.proto.ConfigProto.Builder config = base.toBuilder();
        config.getGraphOptionsBuilder()
                .getRewriteOptionsBuilder()
                .setRemapping(org.tensorflow.proto.RewriterConfig.Toggle.OFF);
        return java.util.Optional.of(config.build());
    }

    private static Map<String, String> engineOptions(String engine) {
        if (TENSORFLOW.equals(engine)) {
            return Map.of("Tags", "serve", "SignatureDefKey", "serving_default");
        }
        return Map.of();
    }
}
