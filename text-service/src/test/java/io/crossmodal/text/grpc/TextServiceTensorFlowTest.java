package io.crossmodal.text.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.runtime.batch.BatchMetrics;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepository;
import io.crossmodal.servicekit.call.RequestScope;
import io.crossmodal.testing.GrpcTestKit;
import io.crossmodal.text.inference.TextModel;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.EmbedResponse;
import io.crossmodal.text.v1.EmbedResult;
import io.crossmodal.text.v1.ListModelsRequest;
import io.crossmodal.text.v1.TextServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * MiniLM and BGE served on the TensorFlow engine (the preparer's ONNX import) through real gRPC: the same
 * similarities as on ONNX Runtime, padding-independent vectors, and per-sentence agreement with ONNX Runtime run
 * in-process on the same repository.
 */
@QuarkusTest
@TestProfile(TensorFlowProfile.class)
@Tag("tensorflow")
class TextServiceTensorFlowTest {

    private static final String MINILM = "all-minilm-l6-v2";
    private static final String BGE = "bge-small-zh-v1.5";

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

    private static EmbedResponse embed(String model, List<String> texts) {
        return text.withDeadlineAfter(60, TimeUnit.SECONDS)
                .embed(EmbedRequest.newBuilder()
                        .setModel(model)
                        .addAllTexts(texts)
                        .build());
    }

    private static List<Float> vector(EmbedResult r) {
        assertEquals(
                Status.Code.OK.value(), r.getStatus().getCode(), r.getStatus().getMessage());
        return r.getEmbedding().getValuesList();
    }

    @Test
    void listModelsReportsTheTensorFlowEngine() {
        List<ModelInfo> models =
                text.listModels(ListModelsRequest.getDefaultInstance()).getModelsList();
        assertEquals(
                List.of(MINILM, BGE), models.stream().map(ModelInfo::getName).toList());
        for (ModelInfo m : models) {
            assertEquals("TensorFlow", m.getEngine(), m.getName());
        }
        // same space as on ONNX Runtime: the engine does not change what the vectors mean
        assertEquals(
                "all-minilm-l6-v2@1.20.0-beta30#r1", models.get(0).getSpace().getId());
    }

    @Test
    void foodAndBreadMatchThePublishedMiniLmSimilarityOnTensorFlow() {
        EmbedResponse r = embed("", List.of("A man is eating food.", "A man is eating a piece of bread."));
        assertEquals(MINILM, r.getResults(0).getModel());
        double cos = GrpcTestKit.cosine(vector(r.getResults(0)), vector(r.getResults(1)));
        assertEquals(0.755, cos, 0.01, "cosine " + cos);
    }

    @Test
    void aTextInsideAPaddedBatchEqualsTheSameTextAloneOnTensorFlow() {
        String longText = "This considerably longer sentence forces the batch to be padded well beyond the length of"
                + " the short one, so any leak of padding into pooling would show up in the vector.";
        assertPaddingIndependent(MINILM, "Short text.", longText);
        assertPaddingIndependent(BGE, "天气很好。", "这个长得多的句子让批次填充到远远超过短句的长度，所以填充一旦漏进池化就会在向量里看出来。");
    }

    private static void assertPaddingIndependent(String model, String shortText, String longText) {
        List<Float> alone = vector(embed(model, List.of(shortText)).getResults(0));
        EmbedResponse batch = embed(model, List.of(longText, shortText, longText));
        double cos = GrpcTestKit.cosine(alone, vector(batch.getResults(1)));
        assertTrue(cos >= 0.99999, model + ": cosine " + cos);
    }

    @Test
    void tensorFlowVectorsEqualOnnxRuntimeVectorsOfTheSameSentences() throws Exception {
        assertSameAsOnnxRuntime(
                MINILM,
                List.of(
                        "A man is eating food.",
                        "Sentence embeddings map text to vectors.",
                        "The quick brown fox jumps over the lazy dog near the river bank on a sunny afternoon."));
        assertSameAsOnnxRuntime(BGE, List.of("今天天气很好。", "这家公司的股票下跌了。"));
    }

    /** The service's TensorFlow vectors against ONNX Runtime run here, in-process, on the same version folder. */
    private static void assertSameAsOnnxRuntime(String model, List<String> sentences) throws Exception {
        EmbedResponse served = embed(model, sentences);
        Path root = Path.of(ConfigProvider.getConfig().getValue("crossmodal.text.model-repository", String.class));
        ModelDescriptor ort =
                new ModelRepository(root).get(model, Optional.empty()).withEngine("OnnxRuntime");
        try (TextModel onnx = TextModel.open(ort, s -> BatchMetrics.NONE)) {
            List<CompletableFuture<float[]>> futures = new ArrayList<>();
            for (String s : sentences) {
                futures.add(onnx.embed(onnx.tokenize(s, true), RequestScope.UNBOUNDED));
            }
            for (int i = 0; i < sentences.size(); i++) {
                float[] expected = futures.get(i).get(60, TimeUnit.SECONDS);
                List<Float> boxed = new ArrayList<>(expected.length);
                for (float v : expected) {
                    boxed.add(v);
                }
                double cos = GrpcTestKit.cosine(boxed, vector(served.getResults(i)));
                assertTrue(cos >= 0.9999, model + " '" + sentences.get(i) + "': TF vs ORT cosine " + cos);
            }
        }
    }
}
