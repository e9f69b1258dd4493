package io.crossmodal.text.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import io.crossmodal.testing.GrpcTestKit;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.EmbedResponse;
import io.crossmodal.text.v1.EmbedResult;
import io.crossmodal.text.v1.ListModelsRequest;
import io.crossmodal.text.v1.ListModelsResponse;
import io.crossmodal.text.v1.TextServiceGrpc;
import io.crossmodal.text.v1.TokenizeRequest;
import io.crossmodal.text.v1.TokenizeResult;
import io.crossmodal.text.v1.TruncationPolicy;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The text service over real gRPC, on the real models of the prepared model repository. */
@QuarkusTest
class TextServiceTest {

    private static ManagedChannel channel;
    private static TextServiceGrpc.TextServiceBlockingStub text;

    @BeforeAll
    static void connect() throws InterruptedException {
        channel = GrpcTestSupport.channel();
        GrpcTestKit.awaitServing(channel, "", Duration.ofMinutes(3));
        text = TextServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
    }

    private static EmbedResponse embed(String model, String... texts) {
        return text.withDeadlineAfter(60, TimeUnit.SECONDS)
                .embed(EmbedRequest.newBuilder()
                        .setModel(model)
                        .addAllTexts(List.of(texts))
                        .build());
    }

    private static List<Float> vector(EmbedResult r) {
        assertEquals(
                Status.Code.OK.value(), r.getStatus().getCode(), r.getStatus().getMessage());
        return r.getEmbedding().getValuesList();
    }

    @Test
    void foodAndBreadMatchThePublishedMiniLmSimilarity() {
        EmbedResponse response = embed("", "A man is eating food.", "A man is eating a piece of bread.");
        double cos = GrpcTestKit.cosine(vector(response.getResults(0)), vector(response.getResults(1)));
        assertEquals(0.755, cos, 0.01, "cosine " + cos);
        EmbedResult first = response.getResults(0);
        assertEquals("all-minilm-l6-v2", first.getModel());
        assertEquals("en", first.getDetectedLanguage());
        assertEquals(384, first.getEmbedding().getDimension());
        assertEquals(384, first.getEmbedding().getValuesCount());
        assertEquals("all-minilm-l6-v2@1.20.0-beta30#r1", first.getEmbedding().getSpaceId());
        assertEquals(1, response.getSpacesCount());
        assertEquals(first.getEmbedding().getSpaceId(), response.getSpaces(0).getId());
        assertTrue(response.getSpaces(0).getNormalized());
        // [CLS] a man is eating food . [SEP]
        assertEquals(8, first.getTokenCount());
    }

    @Test
    void englishParaphrasesAreCloserThanUnrelatedSentences() {
        EmbedResponse r = embed(
                "",
                "The cat sits on the mat.",
                "A cat is sitting on a rug.",
                "Quarterly revenue grew by four percent.");
        double paraphrase = GrpcTestKit.cosine(vector(r.getResults(0)), vector(r.getResults(1)));
        double unrelated = GrpcTestKit.cosine(vector(r.getResults(0)), vector(r.getResults(2)));
        assertTrue(paraphrase > unrelated + 0.3, "paraphrase " + paraphrase + " vs unrelated " + unrelated);
    }

    @Test
    void chineseTextIsRoutedToBgeAndParaphrasesAreCloser() {
        EmbedResponse r = embed("", "今天天气很好。", "今天的天气非常不错。", "这家公司的股票下跌了。");
        for (EmbedResult item : r.getResultsList()) {
            assertEquals("bge-small-zh-v1.5", item.getModel());
            assertEquals("zh", item.getDetectedLanguage());
            assertEquals(512, item.getEmbedding().getDimension());
        }
        double paraphrase = GrpcTestKit.cosine(vector(r.getResults(0)), vector(r.getResults(1)));
        double unrelated = GrpcTestKit.cosine(vector(r.getResults(0)), vector(r.getResults(2)));
        assertTrue(paraphrase > unrelated + 0.1, "paraphrase " + paraphrase + " vs unrelated " + unrelated);
    }

    @Test
    void mixedLanguageCallRoutesEachTextAndListsBothSpaces() {
        EmbedResponse r = embed("", "A dog runs in the park.", "一只狗在公园里跑。");
        assertEquals("all-minilm-l6-v2", r.getResults(0).getModel());
        assertEquals("bge-small-zh-v1.5", r.getResults(1).getModel());
        assertEquals(2, r.getSpacesCount());
    }

    @Test
    void namedModelIsUsedEvenForChineseText() {
        EmbedResponse r = embed("all-minilm-l6-v2-q", "今天天气很好。");
        assertEquals("all-minilm-l6-v2-q", r.getResults(0).getModel());
        assertEquals("", r.getResults(0).getDetectedLanguage());
        assertEquals(384, vector(r.getResults(0)).size());
    }

    @Test
    void quantisedModelAgreesWithFloatModel() {
        String sentence = "Sentence embeddings map text to vectors.";
        List<Float> f32 = vector(embed("all-minilm-l6-v2", sentence).getResults(0));
        List<Float> int8 = vector(embed("all-minilm-l6-v2-q", sentence).getResults(0));
        assertTrue(GrpcTestKit.cosine(f32, int8) > 0.95);
    }

    @Test
    void aTextInsideAPaddedBatchEqualsTheSameTextAlone() {
        String shortText = "Short text.";
        String longText = "This considerably longer sentence forces the batch to be padded well beyond the length of"
                + " the short one, so any leak of padding into pooling would show up in the vector.";
        List<Float> alone = vector(embed("", shortText).getResults(0));
        EmbedResponse batch = embed("", longText, shortText, longText);
        double cos = GrpcTestKit.cosine(alone, vector(batch.getResults(1)));
        assertTrue(cos >= 0.99999, "cosine " + cos);
        assertTrue(batch.getResults(0).getTokenCount() > 3 * batch.getResults(1).getTokenCount());
    }

    @Test
    void badItemsGetInvalidArgumentWithFieldDetailsWithoutFailingNeighbours() throws Exception {
        EmbedResponse r = embed("", "A fine sentence.", "   ", "Another fine one.");
        assertEquals(Status.Code.OK.value(), r.getResults(0).getStatus().getCode());
        assertEquals(Status.Code.OK.value(), r.getResults(2).getStatus().getCode());
        com.google.rpc.Status bad = r.getResults(1).getStatus();
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), bad.getCode());
        BadRequest details = GrpcTestKit.detail(bad, BadRequest.class);
        assertEquals("texts[1]", details.getFieldViolations(0).getField());
        assertFalse(r.getResults(1).hasEmbedding());
    }

    @Test
    void overLongTextIsRefusedUnderNoneAndCutUnderEnd() throws Exception {
        String longText = String.join(" ", Collections.nCopies(400, "word"));
        EmbedResponse refused = text.embed(EmbedRequest.newBuilder()
                .addTexts(longText)
                .setTruncation(TruncationPolicy.TRUNCATION_POLICY_NONE)
                .build());
        com.google.rpc.Status status = refused.getResults(0).getStatus();
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), status.getCode());
        assertTrue(status.getMessage().contains("256"), status.getMessage());
        assertEquals(
                "texts[0]",
                GrpcTestKit.detail(status, BadRequest.class)
                        .getFieldViolations(0)
                        .getField());

        EmbedResponse cut = text.embed(EmbedRequest.newBuilder()
                .addTexts(longText)
                .setTruncation(TruncationPolicy.TRUNCATION_POLICY_END)
                .build());
        assertEquals(Status.Code.OK.value(), cut.getResults(0).getStatus().getCode());
        assertTrue(cut.getResults(0).getTruncated());
        assertEquals(256, cut.getResults(0).getTokenCount());
    }

    @Test
    void requestLimitsFailTheWholeCall() throws Exception {
        EmbedRequest.Builder tooMany = EmbedRequest.newBuilder();
        for (int i = 0; i < 257; i++) {
            tooMany.addTexts("text " + i);
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> text.embed(tooMany.build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        assertEquals(
                "texts",
                GrpcTestKit.detail(details, BadRequest.class)
                        .getFieldViolations(0)
                        .getField());

        StatusRuntimeException empty =
                assertThrows(StatusRuntimeException.class, () -> text.embed(EmbedRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
    }

    @Test
    void aTextOverTheByteLimitIsAnItemErrorBeforeTokenization() throws Exception {
        EmbedResponse r = text.embed(EmbedRequest.newBuilder()
                .addTexts("ok")
                .addTexts("x".repeat(70_000))
                .build());
        assertEquals(Status.Code.OK.value(), r.getResults(0).getStatus().getCode());
        com.google.rpc.Status status = r.getResults(1).getStatus();
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), status.getCode());
        assertTrue(status.getMessage().contains("max_text_bytes"), status.getMessage());
        assertEquals(0, r.getResults(1).getTokenCount());
    }

    @Test
    void unknownModelIsNotFound() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> embed("no-such-model", "hi"));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("no-such-model"));
    }

    @Test
    void tokenizeReturnsWordPiecesWithOffsets() {
        TokenizeResult r = text.tokenize(TokenizeRequest.newBuilder()
                        .addTexts("A man is eating food.")
                        .build())
                .getResults(0);
        assertEquals("all-minilm-l6-v2", r.getModel());
        List<String> tokens = r.getTokensList().stream().map(t -> t.getText()).toList();
        assertEquals(List.of("[CLS]", "a", "man", "is", "eating", "food", ".", "[SEP]"), tokens);
        assertTrue(r.getTokens(0).getSpecial());
        assertEquals(9, r.getTokens(4).getStart());
        assertEquals(15, r.getTokens(4).getEnd());
        assertFalse(r.getTruncated());
        assertEquals(8, r.getUntruncatedTokenCount());
    }

    @Test
    void listModelsReportsSpacesBatchingAndLimits() {
        ListModelsResponse r = text.listModels(ListModelsRequest.getDefaultInstance());
        assertEquals(3, r.getModelsCount());
        var minilm = r.getModelsList().stream()
                .filter(m -> m.getName().equals("all-minilm-l6-v2"))
                .findFirst()
                .orElseThrow();
        assertTrue(minilm.getIsDefault());
        assertEquals("OnnxRuntime", minilm.getEngine());
        assertEquals("Apache-2.0", minilm.getLicense());
        assertEquals(384, minilm.getSpace().getDimension());
        assertEquals(32, minilm.getBatching().getMaxBatchSize());
        assertEquals("tokens", minilm.getBatching().getCostUnit());
        assertTrue(r.getLimits().getLimitsList().stream()
                .anyMatch(l -> l.getName().equals("max_items_per_call") && l.getValue() == 256));
    }

    @Test
    void concurrentSingleTextCallsAreBatched() throws Exception {
        double before = batchesLargerThanOne();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<EmbedResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String sentence = "Concurrent request number " + i + " about batching.";
                calls.add(pool.submit(() -> embed("all-minilm-l6-v2", sentence)));
            }
            for (Future<EmbedResponse> call : calls) {
                assertEquals(
                        Status.Code.OK.value(),
                        call.get(60, TimeUnit.SECONDS).getResults(0).getStatus().getCode());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(batchesLargerThanOne() > before, "no batch above one item was recorded");
    }

    @Test
    void metricsExposeBatchSizeQueueWaitAndInferenceTime() throws Exception {
        embed("", "Make sure every series has a sample.");
        String metrics = scrapeMetrics();
        assertTrue(
                metricValue(metrics, "crossmodal_batch_size_count", "model=\"all-minilm-l6-v2\"") > 0,
                "batch size series missing");
        assertTrue(metrics.contains("crossmodal_queue_wait_seconds_bucket"));
        assertTrue(metrics.contains("crossmodal_inference_duration_seconds_bucket"));
        assertTrue(metrics.contains("crossmodal_queue_depth"));
        assertTrue(metrics.contains("grpc_server_processing_duration_seconds"), "per-RPC metrics missing");
    }

    @Test
    void overloadIsRefusedQuicklyWithRetryInfoAndTheServiceRecovers() throws Exception {
        // Fill the int8 model's queue (256 places) with one call of 256 long texts, then send another such call
        // at once: its texts find the queue full.
        String longText = String.join(" ", Collections.nCopies(250, "overload"));
        EmbedRequest.Builder flood = EmbedRequest.newBuilder().setModel("all-minilm-l6-v2-q");
        for (int i = 0; i < 256; i++) {
            flood.addTexts(longText + " " + i);
        }
        TextServiceGrpc.TextServiceStub async = TextServiceGrpc.newStub(channel);
        CompletableFuture<Long> floodDone = new CompletableFuture<>();
        async.withDeadlineAfter(120, TimeUnit.SECONDS).embed(flood.build(), new StreamObserver<>() {
            @Override
            public void onNext(EmbedResponse value) {}

            @Override
            public void onError(Throwable t) {
                floodDone.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                floodDone.complete(System.nanoTime());
            }
        });
        // Wait until the first call's texts are queued, so the second one surely finds the queue full.
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(25))
                .until(() ->
                        metricValue(scrapeMetrics(), "crossmodal_queue_depth", "model=\"all-minilm-l6-v2-q\"") >= 128);
        StatusRuntimeException refused = null;
        long refusedAt = 0;
        for (int attempt = 0; attempt < 5 && refused == null; attempt++) {
            try {
                text.withDeadlineAfter(120, TimeUnit.SECONDS).embed(flood.build());
            } catch (StatusRuntimeException e) {
                refused = e;
                refusedAt = System.nanoTime();
            }
        }
        assertTrue(refused != null, "no call was refused while the queue was full");
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());
        RetryInfo retry = GrpcTestKit.detail(StatusProto.fromThrowable(refused), RetryInfo.class);
        assertTrue(
                retry.getRetryDelay().getSeconds() > 0 || retry.getRetryDelay().getNanos() > 0);
        long floodFinished = floodDone.get(120, TimeUnit.SECONDS);
        assertTrue(refusedAt < floodFinished, "the refusal came only after the queue drained");
        assertEquals(
                Status.Code.OK.value(),
                embed("all-minilm-l6-v2-q", "after the storm")
                        .getResults(0)
                        .getStatus()
                        .getCode());
    }

    @Test
    void theCallersDeadlineReachesTheBatcherAndExpiredTextsAreDroppedBeforeInference() throws Exception {
        String dropped = "crossmodal_queue_dropped_total";
        String[] labels = {"model=\"all-minilm-l6-v2-q\"", "reason=\"deadline_exceeded\""};
        double before = metricValue(scrapeMetrics(), dropped, labels);
        String longText = String.join(" ", Collections.nCopies(250, "deadline"));
        EmbedRequest.Builder flood = EmbedRequest.newBuilder().setModel("all-minilm-l6-v2-q");
        for (int i = 0; i < 128; i++) {
            flood.addTexts(longText + " " + i);
        }
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> text.withDeadlineAfter(300, TimeUnit.MILLISECONDS).embed(flood.build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        // 128 texts of 256 tokens take seconds: most are still queued when the deadline passes, and the batcher
        // drops them instead of running them for nobody.
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    double after = metricValue(scrapeMetrics(), dropped, labels);
                    assertTrue(after - before >= 64, "only " + (after - before) + " texts dropped");
                });
    }

    @Test
    void reflectionListsTheServices() throws Exception {
        List<String> services = GrpcTestKit.reflectedServices(channel);
        assertTrue(services.contains("crossmodal.text.v1.TextService"), services.toString());
        assertTrue(services.contains("grpc.health.v1.Health"), services.toString());
    }

    private static double batchesLargerThanOne() throws Exception {
        String metrics = scrapeMetrics();
        double count = metricValue(metrics, "crossmodal_batch_size_count", "model=\"all-minilm-l6-v2\"");
        double singles =
                metricValue(metrics, "crossmodal_batch_size_bucket", "model=\"all-minilm-l6-v2\"", "le=\"1.0\"");
        return count - singles;
    }

    private static double metricValue(String metrics, String name, String... mustContain) {
        return GrpcTestKit.sample(metrics, name, mustContain).orElse(0);
    }

    private static String scrapeMetrics() throws Exception {
        return GrpcTestKit.scrapeMetrics(GrpcTestSupport.HTTP_PORT);
    }
}
