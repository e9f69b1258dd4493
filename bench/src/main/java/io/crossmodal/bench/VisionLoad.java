package io.crossmodal.bench;

import com.google.protobuf.ByteString;
import io.crossmodal.common.v1.Media;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.vision.v1.DescribeImageRequest;
import io.crossmodal.vision.v1.DetectObjectsRequest;
import io.crossmodal.vision.v1.EmbedImagesRequest;
import io.crossmodal.vision.v1.EmbedImagesResponse;
import io.crossmodal.vision.v1.ListModelsResponse;
import io.crossmodal.vision.v1.ReadTextRequest;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** The vision half of {@code bench grpc}: the image sent, one call per task, and what ListModels says. */
final class VisionLoad {

    private VisionLoad() {}

    /**
     * The image every call sends, read once; width and height from its header when the JDK knows the format
     * (PNG, JPEG, GIF, BMP), else -1. The bytes go out with an empty {@code mime_type}: the service sniffs them.
     */
    record Image(String name, ByteString data, int width, int height) {

        static Image read(Path file) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            int width = -1;
            int height = -1;
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
                if (readers != null && readers.hasNext()) {
                    ImageReader reader = readers.next();
                    try {
                        reader.setInput(in, true, true);
                        width = reader.getWidth(0);
                        height = reader.getHeight(0);
                    } finally {
                        reader.dispose();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Unknown to the JDK: the service may still read it; the size is only context.
            }
            // Keys are space-separated: no space in the name.
            String name = file.getFileName().toString().replaceAll("\\s", "_");
            return new Image(name, ByteString.copyFrom(bytes), width, height);
        }

        /** "451x300", or "?" when unknown. */
        String size() {
            return width > 0 ? width + "x" + height : "?";
        }

        /** {@code  image=chelsea.png image_bytes=... image_size=451x300}: keys for the RESULT line. */
        String resultKeys() {
            return " image=" + name + " image_bytes=" + data.size() + " image_size=" + size();
        }

        String describe() {
            return name + ", " + size() + " pixels, " + data.size() + " bytes";
        }

        Media media() {
            return Media.newBuilder().setData(data).build();
        }
    }

    /** What a task runs on, for the RESULT line: the models' names and engines, each joined with "+". */
    record Models(String label, String engine) {}

    /**
     * The models {@code task} runs, from ListModels: the detection model (the one named by {@code model}, else
     * the service's) and/or the OCR models. {@code auto} / {@code -} when the service lists none.
     */
    static Models models(ListModelsResponse response, VisionTask task, String model) {
        boolean named = model != null && !model.isEmpty();
        List<ModelInfo> used = response.getModelsList().stream()
                .filter(m -> task.runs(m.getTask()))
                .filter(m -> !named
                        || !m.getTask().equals("object-detection")
                        || m.getName().equals(model))
                .toList();
        String label = used.stream().map(ModelInfo::getName).distinct().collect(Collectors.joining("+"));
        String engine = used.stream()
                .map(ModelInfo::getEngine)
                .filter(e -> !e.isEmpty())
                .distinct()
                .collect(Collectors.joining("+"));
        return new Models(label.isEmpty() ? (named ? model : "auto") : label, engine.isEmpty() ? "-" : engine);
    }

    /**
     * One call of {@code task} with the image; returns 1 (image). The request is built once and sent as is every
     * time. An EmbedImages answer whose one result failed, or has no vector, counts as an error ({@code item:CODE}).
     */
    static LoadRunner.Operation operation(
            VisionServiceGrpc.VisionServiceBlockingStub stub,
            VisionTask task,
            Image image,
            String model,
            long deadlineNanos) {
        String modelName = model == null ? "" : model;
        switch (task) {
            case DETECT -> {
                DetectObjectsRequest request = DetectObjectsRequest.newBuilder()
                        .setImage(image.media())
                        .setModel(modelName)
                        .build();
                return ignored -> {
                    stub.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS).detectObjects(request);
                    return 1;
                };
            }
            case EMBED -> {
                EmbedImagesRequest request = EmbedImagesRequest.newBuilder()
                        .addImages(image.media())
                        .setModel(modelName)
                        .build();
                return ignored -> {
                    EmbedImagesResponse r = stub.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS)
                            .embedImages(request);
                    if (r.getResultsCount() != 1) {
                        throw new IllegalStateException(r.getResultsCount() + " results for one image");
                    }
                    GrpcCommand.checkItem(
                            r.getResults(0).getStatus(),
                            r.getResults(0).getEmbedding().getValuesCount());
                    return 1;
                };
            }
            case READ_TEXT -> {
                ReadTextRequest request =
                        ReadTextRequest.newBuilder().setImage(image.media()).build();
                return ignored -> {
                    stub.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS).readText(request);
                    return 1;
                };
            }
            case DESCRIBE -> {
                DescribeImageRequest request = DescribeImageRequest.newBuilder()
                        .setImage(image.media())
                        .build();
                return ignored -> {
                    stub.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS).describeImage(request);
                    return 1;
                };
            }
            default -> throw new IllegalStateException(task.name());
        }
    }
}
