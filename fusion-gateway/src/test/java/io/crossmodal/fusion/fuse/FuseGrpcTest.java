package io.crossmodal.fusion.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.crossmodal.common.v1.Embedding;
import io.crossmodal.fusion.GatewayTestSupport;
import io.crossmodal.fusion.faults.NoTextServiceProfile;
import io.crossmodal.fusion.v1.Contribution;
import io.crossmodal.fusion.v1.FuseScoresRequest;
import io.crossmodal.fusion.v1.FuseScoresResponse;
import io.crossmodal.fusion.v1.FuseVectorsRequest;
import io.crossmodal.fusion.v1.FuseVectorsResponse;
import io.crossmodal.fusion.v1.FusedItem;
import io.crossmodal.fusion.v1.FusionServiceGrpc;
import io.crossmodal.fusion.v1.RankedList;
import io.crossmodal.fusion.v1.ScoreFusionMethod;
import io.crossmodal.fusion.v1.ScoredItem;
import io.crossmodal.fusion.v1.WeightedEmbedding;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.crossmodal.testing.GrpcTestKit;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FuseScores and FuseVectors through the gateway's real gRPC port. Fusing calls no encoder, so the profile without
 * a text service (shared with GatewayWithoutTextServiceTest, one gateway start for both) is enough.
 */
@QuarkusTest
@TestProfile(NoTextServiceProfile.class)
class FuseGrpcTest {

    private static final String MINILM = "all-minilm-l6-v2@1.20.0-beta30#r1";
    private static final String CENTERNET = "centernet@3.0.4#r1";

    private static ManagedChannel channel;
    private static FusionServiceGrpc.FusionServiceBlockingStub gateway;

    @BeforeAll
    static void connect() {
        channel = GatewayTestSupport.gatewayChannel();
        gateway = FusionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
    }

    private static RankedList list(String name, float weight, String... ids) {
        RankedList.Builder b = RankedList.newBuilder().setName(name).setWeight(weight);
        float score = 0.9f;
        for (String id : ids) {
            b.addItems(ScoredItem.newBuilder().setId(id).setScore(score));
            score -= 0.1f;
        }
        return b.build();
    }

    @Test
    void reciprocalRankFusionAsComputedByHand() {
        // FuseScoresTest.reciprocalRankByHand: k = 60 (rrf_k 0, method UNSPECIFIED = RRF), text weight 0 = 1, image 2.
        //   b: 1/62 + 2/61 = 0.048915917; a: 1/61 + 2/63 = 0.048139475; d: 2/62 = 0.032258065; c: 1/63 = 0.015873016
        FuseScoresResponse r = gateway.fuseScores(FuseScoresRequest.newBuilder()
                .addLists(list("text", 0, "a", "b", "c"))
                .addLists(list("image", 2, "b", "d", "a"))
                .build());
        assertEquals(
                List.of("b", "a", "d", "c"),
                r.getItemsList().stream().map(FusedItem::getId).toList());
        assertEquals(0.048915917f, r.getItems(0).getScore(), 1e-8f);
        assertEquals(0.048139475f, r.getItems(1).getScore(), 1e-8f);
        assertEquals(0.032258065f, r.getItems(2).getScore(), 1e-8f);
        assertEquals(0.015873016f, r.getItems(3).getScore(), 1e-8f);
        FusedItem a = r.getItems(1);
        assertEquals(
                Contribution.newBuilder()
                        .setSource("text")
                        .setScore((float) (1.0 / 61))
                        .setRank(1)
                        .setRawScore(0.9f)
                        .build(),
                a.getContributions(0));
        Contribution image = a.getContributions(1);
        assertEquals("image", image.getSource());
        assertEquals(3, image.getRank());
        assertEquals((float) (2.0 / 63), image.getScore());
        assertEquals(0.9f - 0.1f - 0.1f, image.getRawScore(), 1e-6f);
        // c is absent from image: rank 0, nothing contributed
        Contribution absent = r.getItems(3).getContributions(1);
        assertEquals(0, absent.getRank());
        assertEquals(0f, absent.getScore());

        FuseScoresResponse top2 = gateway.fuseScores(FuseScoresRequest.newBuilder()
                .addLists(list("text", 0, "a", "b", "c"))
                .addLists(list("image", 2, "b", "d", "a"))
                .setMethod(ScoreFusionMethod.SCORE_FUSION_METHOD_RECIPROCAL_RANK)
                .setTopK(2)
                .build());
        assertEquals(2, top2.getItemsCount());
        assertEquals(r.getItems(0), top2.getItems(0));
    }

    @Test
    void zScoreThroughTheApi() {
        FuseScoresResponse r = gateway.fuseScores(FuseScoresRequest.newBuilder()
                .setMethod(ScoreFusionMethod.SCORE_FUSION_METHOD_WEIGHTED_ZSCORE)
                .addLists(RankedList.newBuilder()
                        .addItems(ScoredItem.newBuilder().setId("y").setScore(10))
                        .addItems(ScoredItem.newBuilder().setId("x").setScore(6)))
                .build());
        // mean 8, deviation 2: y +1, x -1; the unnamed list is "lists[0]"
        assertEquals(1f, r.getItems(0).getScore(), 1e-6f);
        assertEquals(-1f, r.getItems(1).getScore(), 1e-6f);
        assertEquals("lists[0]", r.getItems(0).getContributions(0).getSource());
    }

    @Test
    void duplicateIdInOneListIsInvalidArgumentOnItsField() {
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> gateway.fuseScores(FuseScoresRequest.newBuilder()
                        .addLists(list("text", 1, "a", "b", "a"))
                        .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        BadRequest bad = GrpcTestKit.detail(StatusProto.fromThrowable(e), BadRequest.class);
        assertEquals("lists[0].items[2].id", bad.getFieldViolations(0).getField());
    }

    private static WeightedEmbedding vector(String space, float weight, float... values) {
        Embedding.Builder e = Embedding.newBuilder().setSpaceId(space).setDimension(values.length);
        for (float v : values) {
            e.addValues(v);
        }
        return WeightedEmbedding.newBuilder().setEmbedding(e).setWeight(weight).build();
    }

    @Test
    void fuseVectorsNormalised() {
        // [2, 0] -> [1, 0] (w 1), [0, 4] -> [0, 1] (w 3): [0.25, 0.75] / |.| = [0.3162, 0.9487]
        FuseVectorsResponse r = gateway.fuseVectors(FuseVectorsRequest.newBuilder()
                .addEmbeddings(vector(MINILM, 1, 2, 0))
                .addEmbeddings(vector(MINILM, 3, 0, 4))
                .setNormalize(true)
                .build());
        assertEquals(MINILM, r.getEmbedding().getSpaceId());
        assertEquals(2, r.getEmbedding().getDimension());
        assertEquals(0.31622776f, r.getEmbedding().getValues(0), 1e-6f);
        assertEquals(0.9486833f, r.getEmbedding().getValues(1), 1e-6f);
        assertArrayEquals(new Object[] {0.25f, 0.75f}, r.getContributionsList().toArray());
    }

    @Test
    void vectorsOfTwoSpacesAreInvalidArgumentWithBadRequestAndErrorInfo() {
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> gateway.fuseVectors(FuseVectorsRequest.newBuilder()
                        .addEmbeddings(vector(MINILM, 1, 1, 0))
                        .addEmbeddings(vector(MINILM, 1, 0, 1))
                        .addEmbeddings(vector(CENTERNET, 1, 1, 1))
                        .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        BadRequest bad = GrpcTestKit.detail(status, BadRequest.class);
        assertEquals(
                "embeddings[2].embedding.space_id", bad.getFieldViolations(0).getField());
        ErrorInfo info = GrpcTestKit.detail(status, ErrorInfo.class);
        assertEquals("SPACE_MISMATCH", info.getReason());
        assertEquals(GrpcErrors.DOMAIN, info.getDomain());
        assertEquals(MINILM, info.getMetadataOrThrow("expected_space"));
        assertEquals(CENTERNET, info.getMetadataOrThrow("actual_space"));
    }

    @Test
    void emptyRequestsAreInvalidArgument() {
        StatusRuntimeException vectors = assertThrows(
                StatusRuntimeException.class, () -> gateway.fuseVectors(FuseVectorsRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, vectors.getStatus().getCode());
        StatusRuntimeException scores = assertThrows(
                StatusRuntimeException.class, () -> gateway.fuseScores(FuseScoresRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, scores.getStatus().getCode());
        assertEquals(
                "lists",
                GrpcTestKit.detail(StatusProto.fromThrowable(scores), BadRequest.class)
                        .getFieldViolations(0)
                        .getField());
    }
}
