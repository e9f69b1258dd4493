package io.crossmodal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the checks read from the repository is what the deploy contract says, so they compare against real facts. */
class ProjectFactsTest {

    private final Project project = Project.get();

    @Test
    void portsAndPathsComeFromApplicationProperties() {
        assertEquals(9091, project.services.get("text-service").grpcPort());
        assertEquals(8083, project.services.get("audio-service").httpPort());
        assertEquals("/q/metrics", project.services.get("fusion-gateway").metricsPath());
        assertTrue(project.services
                .get("vision-service")
                .healthPaths()
                .containsAll(List.of("/q/health/live", "/q/health/ready", "/q/health/started")));
        assertEquals(
                "CROSSMODAL_MODEL_REPOSITORY",
                project.services.get("text-service").modelRepositoryEnv());
    }

    @Test
    void theGatewayReadsItsEncodersFromTheContractsVariables() {
        assertEquals(
                List.of(
                        new Project.GatewayClient("audio", "AUDIO_SERVICE_HOST", "AUDIO_SERVICE_PORT", "audio-service"),
                        new Project.GatewayClient("text", "TEXT_SERVICE_HOST", "TEXT_SERVICE_PORT", "text-service"),
                        new Project.GatewayClient(
                                "vision", "VISION_SERVICE_HOST", "VISION_SERVICE_PORT", "vision-service")),
                project.gatewayClients);
    }

    @Test
    void theContractsModelsAreInTheCatalog() {
        project.services
                .values()
                .forEach(s -> assertTrue(
                        project.catalogModels.containsAll(s.models()),
                        s.name() + " " + s.models() + " not all in " + project.catalogModels));
    }

    @Test
    void theContractsAutoscalingMetricsAreExported() {
        assertTrue(
                project.exportedSeries.containsAll(List.of(
                        "crossmodal_queue_wait_seconds_sum",
                        "crossmodal_queue_wait_seconds_count",
                        "crossmodal_queue_wait_seconds_bucket",
                        "crossmodal_queue_depth",
                        "crossmodal_program_in_use",
                        "crossmodal_program_waiting",
                        "crossmodal_program_capacity",
                        "crossmodal_inference_duration_seconds_count",
                        "crossmodal_queue_rejected_total",
                        "crossmodal_batch_size_bucket",
                        "crossmodal_gateway_fanout_seconds_count",
                        "grpc_server_processing_duration_seconds_count")),
                project.exportedSeries.toString());
        Project.Service audio = project.services.get("audio-service");
        Project.Service gateway = project.services.get("fusion-gateway");
        assertTrue(
                audio.exportedSeries()
                        .containsAll(List.of("crossmodal_program_waiting", "crossmodal_queue_wait_seconds_sum")),
                audio.exportedSeries().toString());
        assertTrue(
                gateway.exportedSeries()
                        .containsAll(List.of(
                                "crossmodal_gateway_fanout_seconds_count",
                                "grpc_client_processing_duration_seconds_count")),
                gateway.exportedSeries().toString());
        assertTrue(!gateway.exportedSeries().contains("crossmodal_queue_wait_seconds_sum")
                && !project.services.get("text-service").exportedSeries().contains("crossmodal_program_waiting"));
        assertTrue(
                project.grpcServices.containsAll(
                        List.of("crossmodal.text.v1.TextService", "crossmodal.fusion.v1.FusionService")),
                project.grpcServices.toString());
    }
}
