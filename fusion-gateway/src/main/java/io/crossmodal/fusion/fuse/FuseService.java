package io.crossmodal.fusion.fuse;

import io.crossmodal.fusion.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** FuseVectors and FuseScores under the gateway's configured limits. Pure computation: no encoder is called. */
@ApplicationScoped
public class FuseService {

    private final GatewayConfig config;

    public FuseService(GatewayConfig config) {
        this.config = config;
    }

    public FusedVector fuseVectors(List<WeightedVector> inputs, boolean normalize) {
        return VectorFusion.fuse(inputs, normalize, config.fuseMaxVectors(), config.fuseMaxDimension());
    }

    public List<FusedRank> fuseScores(List<ScoreList> lists, FusionMethod method, float rrfK, int topK) {
        return ScoreFusion.fuse(lists, method, rrfK, topK, config.fuseMaxLists(), config.fuseMaxListItems());
    }
}
