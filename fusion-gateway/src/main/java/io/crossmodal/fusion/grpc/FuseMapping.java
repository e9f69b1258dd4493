package io.crossmodal.fusion.grpc;

import io.crossmodal.common.v1.Embedding;
import io.crossmodal.fusion.fuse.FuseService;
import io.crossmodal.fusion.fuse.FusedRank;
import io.crossmodal.fusion.fuse.FusedVector;
import io.crossmodal.fusion.fuse.FusionMethod;
import io.crossmodal.fusion.fuse.ScoreList;
import io.crossmodal.fusion.fuse.WeightedVector;
import io.crossmodal.fusion.v1.Contribution;
import io.crossmodal.fusion.v1.FuseScoresRequest;
import io.crossmodal.fusion.v1.FuseScoresResponse;
import io.crossmodal.fusion.v1.FuseVectorsRequest;
import io.crossmodal.fusion.v1.FuseVectorsResponse;
import io.crossmodal.fusion.v1.FusedItem;
import io.crossmodal.fusion.v1.RankedList;
import io.crossmodal.fusion.v1.WeightedEmbedding;
import io.crossmodal.servicekit.error.ServiceException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The v1 messages of FuseVectors and FuseScores to and from {@code io.crossmodal.fusion.fuse}'s plain types. */
final class FuseMapping {

    private FuseMapping() {}

    static CompletableFuture<FuseVectorsResponse> fuseVectors(FuseService fuse, FuseVectorsRequest request) {
        List<WeightedVector> inputs =
                request.getEmbeddingsList().stream().map(FuseMapping::vector).toList();
        return CompletableFuture.completedFuture(response(fuse.fuseVectors(inputs, request.getNormalize())));
    }

    static CompletableFuture<FuseScoresResponse> fuseScores(FuseService fuse, FuseScoresRequest request) {
        List<ScoreList> lists =
                request.getListsList().stream().map(FuseMapping::list).toList();
        List<FusedRank> fused =
                fuse.fuseScores(lists, method(request), request.getRrfK(), clampTopK(request.getTopK()));
        return CompletableFuture.completedFuture(response(fused));
    }

    static WeightedVector vector(WeightedEmbedding in) {
        Embedding e = in.getEmbedding();
        float[] values = new float[e.getValuesCount()];
        for (int d = 0; d < values.length; d++) {
            values[d] = e.getValues(d);
        }
        return new WeightedVector(e.getSpaceId(), clampDimension(e.getDimension()), values, in.getWeight());
    }

    static FuseVectorsResponse response(FusedVector fused) {
        Embedding.Builder embedding =
                Embedding.newBuilder().setSpaceId(fused.space()).setDimension(fused.values().length);
        for (float v : fused.values()) {
            embedding.addValues(v);
        }
        FuseVectorsResponse.Builder out = FuseVectorsResponse.newBuilder().setEmbedding(embedding);
        for (double share : fused.shares()) {
            out.addContributions((float) share);
        }
        return out.build();
    }

    static ScoreList list(RankedList in) {
        return new ScoreList(
                in.getName(),
                in.getWeight(),
                in.getItemsList().stream()
                        .map(i -> new ScoreList.Entry(i.getId(), i.getScore()))
                        .toList());
    }

    static FusionMethod method(FuseScoresRequest request) {
        return switch (request.getMethod()) {
            case SCORE_FUSION_METHOD_UNSPECIFIED, SCORE_FUSION_METHOD_RECIPROCAL_RANK -> FusionMethod.RECIPROCAL_RANK;
            case SCORE_FUSION_METHOD_WEIGHTED_NORMALIZED -> FusionMethod.MIN_MAX;
            case SCORE_FUSION_METHOD_WEIGHTED_ZSCORE -> FusionMethod.Z_SCORE;
            case UNRECOGNIZED ->
                throw new ServiceException(
                        ServiceException.Kind.INVALID_INPUT,
                        "UNKNOWN_METHOD",
                        "method: unknown score fusion method " + request.getMethodValue(),
                        "method",
                        null,
                        Map.of("method", String.valueOf(request.getMethodValue())),
                        null);
        };
    }

    static FuseScoresResponse response(List<FusedRank> fused) {
        FuseScoresResponse.Builder out = FuseScoresResponse.newBuilder();
        for (FusedRank r : fused) {
            FusedItem.Builder item = FusedItem.newBuilder().setId(r.id()).setScore((float) r.score());
            for (FusedRank.Part p : r.parts()) {
                item.addContributions(Contribution.newBuilder()
                        .setSource(p.source())
                        .setScore((float) p.score())
                        .setRank(p.rank())
                        .setRawScore((float) p.rawScore()));
            }
            out.addItems(item);
        }
        return out.build();
    }

    /** uint32 values read as Java ints: a value over 2^31 - 1 arrives negative and means "very many". */
    private static int clampTopK(int topK) {
        return topK < 0 ? Integer.MAX_VALUE : topK;
    }

    private static int clampDimension(int dimension) {
        return dimension < 0 ? Integer.MAX_VALUE : dimension;
    }
}
