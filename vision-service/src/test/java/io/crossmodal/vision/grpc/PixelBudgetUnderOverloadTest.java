package io.crossmodal.vision.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.crossmodal.common.v1.Media;
import io.crossmodal.testing.GrpcTestKit;
import io.crossmodal.vision.v1.DescribeImageRequest;
import io.crossmodal.vision.v1.DetectObjectsRequest;
import io.crossmodal.vision.v1.ReadTextRequest;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Overload on the detector's queue gives every image's pixels back: with a queue of one place
 * ({@link TinyDetectorQueueProfile}), a burst of DetectObjects and DescribeImage calls is partly refused with
 * RESOURCE_EXHAUSTED QUEUE_FULL, and afterwards the in-flight pixel gauge is 0 and normal calls succeed. Before the
 * fix every refusal kept its image's pixels in the budget for good.
 */
@QuarkusTest
@TestProfile(TinyDetectorQueueProfile.class)
class PixelBudgetUnderOverloadTest {

    private static final int PORT = 19092;
    private static final int HTTP_PORT = 18082;
    private static final Pattern PIXELS_IN_FLIGHT =
            Pattern.compile("^crossmodal_vision_pixels_in_flight(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
    /** Calls sent at once: far more than one running and one queued detection. */
    private static final int BURST = 16;

    private static ManagedChannel channel;

    @BeforeAll
    static void connect() throws InterruptedException {
        channel = GrpcTestKit.channel(PORT);
        GrpcTestKit.awaitServing(channel, "", Duration.ofMinutes(3));
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
    }

    /** A small picture: quick to decode, so the burst reaches the queue while the first detection runs. */
    private static Media picture() throws Exception {
        BufferedImage image = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 96, 64);
        g.setColor(Color.DARK_GRAY);
        g.fillOval(20, 10, 50, 40);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return Media.newBuilder()
                .setData(ByteString.copyFrom(png.toByteArray()))
                .setMimeType("image/png")
                .build();
    }

    private static OptionalDouble pixelsInFlight() throws Exception {
        Matcher m = PIXELS_IN_FLIGHT.matcher(GrpcTestKit.scrapeMetrics(HTTP_PORT));
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }

    /** The status a call ended with (OK when it answered). */
    private static <T> StreamObserver<T> outcome(CompletableFuture<Throwable> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {}

            @Override
            public void onError(Throwable t) {
                done.complete(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        };
    }

    @Test
    void callsRefusedForAFullDetectorQueueGiveTheirPixelsBack() throws Exception {
        Media picture = picture();
        assertEquals(OptionalDouble.of(0), pixelsInFlight(), "nothing in flight before the burst");

        VisionServiceGrpc.VisionServiceStub async =
                VisionServiceGrpc.newStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
        List<CompletableFuture<Throwable>> calls = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            CompletableFuture<Throwable> done = new CompletableFuture<>();
            if (i % 2 == 0) {
                async.detectObjects(
                        DetectObjectsRequest.newBuilder().setImage(picture).build(), outcome(done));
            } else {
                async.describeImage(
                        DescribeImageRequest.newBuilder().setImage(picture).build(), outcome(done));
            }
            calls.add(done);
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);

        int refused = 0;
        for (CompletableFuture<Throwable> call : calls) {
            Throwable error = call.join();
            if (error == null) {
                continue;
            }
            assertEquals(
                    Status.Code.RESOURCE_EXHAUSTED, Status.fromThrowable(error).getCode(), error.toString());
            com.google.rpc.Status status = StatusProto.fromThrowable(error);
            assertEquals(
                    "QUEUE_FULL", GrpcTestKit.detail(status, ErrorInfo.class).getReason(), status.toString());
            RetryInfo retry = GrpcTestKit.detail(status, RetryInfo.class);
            assertTrue(retry.getRetryDelay().getSeconds() > 0
                    || retry.getRetryDelay().getNanos() > 0);
            refused++;
        }
        assertTrue(refused > 0, "no call of the " + BURST + " found the detector's queue full");
        assertTrue(refused < BURST, "the queue took no call at all: " + refused + " of " + BURST + " refused");

        await("pixels given back after the burst")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertEquals(OptionalDouble.of(0), pixelsInFlight()));

        VisionServiceGrpc.VisionServiceBlockingStub vision =
                VisionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        assertEquals(
                96,
                vision.detectObjects(DetectObjectsRequest.newBuilder()
                                .setImage(picture)
                                .build())
                        .getImage()
                        .getWidth());
        assertEquals(
                96,
                vision.readText(ReadTextRequest.newBuilder().setImage(picture).build())
                        .getImage()
                        .getWidth());
        assertEquals(
                96,
                vision.describeImage(DescribeImageRequest.newBuilder()
                                .setImage(picture)
                                .build())
                        .getImage()
                        .getWidth());
        await("pixels given back after the normal calls")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertEquals(OptionalDouble.of(0), pixelsInFlight()));
    }
}
