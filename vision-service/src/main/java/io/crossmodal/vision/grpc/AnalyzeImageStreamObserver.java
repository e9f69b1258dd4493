package io.crossmodal.vision.grpc;

import com.google.rpc.Status;
import io.crossmodal.servicekit.call.RequestScope;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.crossmodal.vision.config.VisionServiceConfig;
import io.crossmodal.vision.decode.DecodedImage;
import io.crossmodal.vision.decode.ImageDecodeException;
import io.crossmodal.vision.describe.ImageDescription;
import io.crossmodal.vision.detect.DetectOptions;
import io.crossmodal.vision.detect.Detection;
import io.crossmodal.vision.detect.ObjectDetector;
import io.crossmodal.vision.inference.ImageIntake;
import io.crossmodal.vision.inference.VisionModels;
import io.crossmodal.vision.ocr.TextLine;
import io.crossmodal.vision.v1.AnalyzeImageChunk;
import io.crossmodal.vision.v1.AnalyzeImageHeader;
import io.crossmodal.vision.v1.AnalyzeImageResponse;
import io.crossmodal.vision.v1.ImageTask;
import io.grpc.stub.StreamObserver;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * One AnalyzeImageStream call: a header, then data chunks whose concatenation is one image file; when the client
 * half-closes, the image is decoded once and the requested tasks run on it.
 *
 * <p>Limits are enforced as the bytes arrive: a declared {@code total_bytes} over the image byte limit is refused
 * at the header, before any data is read, and an undeclared upload is refused at the first chunk that takes it
 * over the limit; the buffer never grows past the limit. The protocol is checked too (header first and once, data
 * after it, at least one byte, the declared size met exactly); any violation ends the call with INVALID_ARGUMENT
 * and the rest of the stream is ignored.
 *
 * <p>Each task reports its own status, so a model that is still loading fails its task and not the others.
 * Detection and embedding come from one inference of the detector; the description reuses the objects and the
 * text lines. gRPC delivers the messages one at a time; the work after the half-close runs on a worker thread.
 */
final class AnalyzeImageStreamObserver implements StreamObserver<AnalyzeImageChunk> {

    private static final Set<ImageTask> ALL_TASKS = EnumSet.of(
            ImageTask.IMAGE_TASK_DETECT_OBJECTS,
            ImageTask.IMAGE_TASK_READ_TEXT,
            ImageTask.IMAGE_TASK_EMBED,
            ImageTask.IMAGE_TASK_DESCRIBE);

    private final VisionModels models;
    private final long maxBytes;
    private final RequestScope scope;
    private final StreamObserver<AnalyzeImageResponse> responses;

    private AnalyzeImageHeader header;
    private Set<ImageTask> tasks;
    private byte[] buffer = new byte[0];
    private int size;
    /** Set once the call has been answered (error or result) or the client went away: ignore the rest. */
    private boolean finished;

    AnalyzeImageStreamObserver(
            VisionModels models,
            VisionServiceConfig config,
            RequestScope scope,
            StreamObserver<AnalyzeImageResponse> responses) {
        this.models = models;
        this.maxBytes = Math.min(config.maxImageBytes(), Integer.MAX_VALUE - 8);
        this.scope = scope;
        this.responses = responses;
    }

    @Override
    public void onNext(AnalyzeImageChunk chunk) {
        if (finished) {
            return;
        }
        switch (chunk.getPartCase()) {
            case HEADER -> onHeader(chunk.getHeader());
            case DATA -> onData(chunk.getData().asReadOnlyByteBuffer());
            default -> fail("PROTOCOL", "part", "a chunk must carry a header or data");
        }
    }

    private void onHeader(AnalyzeImageHeader h) {
        if (header != null) {
            fail("PROTOCOL", "header", "the header must be sent once, as the first message");
            return;
        }
        long declared = h.getUpload().getTotalBytes();
        if (declared > maxBytes) {
            fail(
                    ImageDecodeException.Reason.TOO_LARGE_BYTES.name(),
                    "header.upload.total_bytes",
                    "declared " + declared + " bytes; images may have at most " + maxBytes + " (max_image_bytes)");
            return;
        }
        Set<ImageTask> requested = EnumSet.noneOf(ImageTask.class);
        for (int i = 0; i < h.getTasksCount(); i++) {
            ImageTask task = h.getTasks(i);
            if (!ALL_TASKS.contains(task)) {
                fail("INVALID_OPTION", "header.tasks[" + i + "]", "unknown task " + h.getTasksValue(i));
                return;
            }
            requested.add(task);
        }
        header = h;
        tasks = requested.isEmpty() ? ALL_TASKS : requested;
        if (declared > 0) {
            buffer = new byte[(int) declared];
        }
    }

    private void onData(ByteBuffer data) {
        if (header == null) {
            fail("PROTOCOL", "header", "the first message must be the header");
            return;
        }
        long declared = header.getUpload().getTotalBytes();
        long after = (long) size + data.remaining();
        if (after > maxBytes) {
            fail(
                    ImageDecodeException.Reason.TOO_LARGE_BYTES.name(),
                    "data",
                    "more than " + maxBytes + " bytes (max_image_bytes); refused at byte " + after);
            return;
        }
        if (declared > 0 && after > declared) {
            fail("SIZE_MISMATCH", "data", "received more than the declared total_bytes " + declared);
            return;
        }
        if (after > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes, Math.max(after, 2L * buffer.length)));
        }
        int n = data.remaining();
        data.get(buffer, size, n);
        size += n;
    }

    @Override
    public void onError(Throwable t) {
        // the client cancelled or the connection broke: nothing to answer, nothing queued yet
        finished = true;
        buffer = null;
    }

    @Override
    public void onCompleted() {
        if (finished) {
            return;
        }
        if (header == null) {
            fail("PROTOCOL", "header", "the stream ended without a header");
            return;
        }
        long declared = header.getUpload().getTotalBytes();
        if (declared > 0 && size != declared) {
            fail("SIZE_MISMATCH", "data", "received " + size + " bytes, the header declared " + declared);
            return;
        }
        finished = true;
        ByteBuffer image = ByteBuffer.wrap(buffer, 0, size).asReadOnlyBuffer();
        buffer = null;
        Infrastructure.getDefaultWorkerPool().execute(() -> analyze(image));
    }

    /**
     * Decodes once and runs the tasks; on a worker thread. The image's pixels go back to the budget once every task
     * is done with it, before the answer is sent.
     */
    private void analyze(ByteBuffer data) {
        ImageIntake.Admitted image;
        try {
            image = models.intake().decode(data, header.getUpload().getMimeType());
        } catch (RuntimeException e) {
            // an image the decoder refuses is the uploaded data's fault
            responses.onError(GrpcErrors.toStatusRuntimeException(e, "data"));
            return;
        }
        boolean detect =
                tasks.contains(ImageTask.IMAGE_TASK_DETECT_OBJECTS) || tasks.contains(ImageTask.IMAGE_TASK_DESCRIBE);
        boolean embed = tasks.contains(ImageTask.IMAGE_TASK_EMBED);
        boolean read = tasks.contains(ImageTask.IMAGE_TASK_READ_TEXT) || tasks.contains(ImageTask.IMAGE_TASK_DESCRIBE);
        image.use(decoded -> {
                    CompletableFuture<ObjectDetector.Analysis> analysis = detect || embed
                            ? attempt(() -> models.detector().analyze(decoded.pixels(), DetectOptions.DEFAULTS, scope))
                            : CompletableFuture.completedFuture(null);
                    CompletableFuture<List<TextLine>> lines = read
                            ? attempt(() -> models.reader().read(decoded.pixels(), 0, scope))
                            : CompletableFuture.completedFuture(null);
                    return CompletableFuture.allOf(settled(analysis), settled(lines))
                            .thenApply(ignored -> response(decoded, analysis, lines));
                })
                .whenComplete((response, error) -> {
                    if (error != null) {
                        responses.onError(GrpcErrors.toStatusRuntimeException(error));
                    } else {
                        responses.onNext(response);
                        responses.onCompleted();
                    }
                });
    }

    private AnalyzeImageResponse response(
            DecodedImage image,
            CompletableFuture<ObjectDetector.Analysis> analysis,
            CompletableFuture<List<TextLine>> lines) {
        AnalyzeImageResponse.Builder r = AnalyzeImageResponse.newBuilder()
                .setImage(VisionProtoMapper.imageInfo(image))
                .setClientId(header.getUpload().getClientId());
        Status analysisStatus = statusOf(analysis);
        Status linesStatus = statusOf(lines);
        if (tasks.contains(ImageTask.IMAGE_TASK_DETECT_OBJECTS)) {
            r.setObjectsStatus(analysisStatus);
            if (isOk(analysisStatus)) {
                r.addAllObjects(analysis.join().detections().stream()
                        .map(VisionProtoMapper::detectedObject)
                        .toList());
            }
        }
        if (tasks.contains(ImageTask.IMAGE_TASK_READ_TEXT)) {
            r.setTextStatus(linesStatus);
            if (isOk(linesStatus)) {
                r.addAllTextLines(
                        lines.join().stream().map(VisionProtoMapper::textLine).toList());
            }
        }
        if (tasks.contains(ImageTask.IMAGE_TASK_EMBED)) {
            if (!isOk(analysisStatus)) {
                r.setEmbeddingStatus(analysisStatus);
            } else if (analysis.join().embedding() == null) {
                r.setEmbeddingStatus(GrpcErrors.simpleStatus(
                        io.grpc.Status.Code.UNIMPLEMENTED,
                        "The detection model gives no image embedding",
                        "MODEL_NOT_INSTALLED"));
            } else {
                String spaceId = models.detector().embedding().orElseThrow().spaceId();
                r.setEmbeddingStatus(GrpcErrors.ok())
                        .setEmbedding(VisionProtoMapper.embedding(
                                spaceId, analysis.join().embedding()));
            }
        }
        if (tasks.contains(ImageTask.IMAGE_TASK_DESCRIBE)) {
            Status described = !isOk(analysisStatus) ? analysisStatus : linesStatus;
            r.setDescriptionStatus(described);
            if (isOk(described)) {
                List<Detection> detections = analysis.join().detections();
                r.setDescription(ImageDescription.of(detections, lines.join()).text());
            }
        }
        return r.build();
    }

    /** Runs {@code start}; a synchronous failure (model not ready, queue full) becomes a failed future. */
    private static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Completes when {@code f} does, successfully either way. */
    private static CompletableFuture<?> settled(CompletableFuture<?> f) {
        return f.handle((value, error) -> null);
    }

    private static Status statusOf(CompletableFuture<?> f) {
        try {
            f.join();
            return GrpcErrors.ok();
        } catch (CompletionException | CancellationException e) {
            return GrpcErrors.toStatus(e);
        }
    }

    private static boolean isOk(Status status) {
        return status.getCode() == io.grpc.Status.Code.OK.value();
    }

    private void fail(String reason, String field, String description) {
        finished = true;
        buffer = null;
        responses.onError(GrpcErrors.invalidArgument(reason, field, description));
    }
}
