package io.crossmodal.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checks are not vacuous: fixture.yaml (text-service and the gateway) passes them, and breaking one thing in it
 * makes the right check name the object and the field.
 */
class ChecksCatchBreakageTest {

    private static final String FIXTURE = read();
    private final ManifestChecks checks = new ManifestChecks(Project.get());

    private static String read() {
        try (InputStream in = ChecksCatchBreakageTest.class.getResourceAsStream("fixture.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The problems a check finds in the fixture with {@code from} replaced by {@code to} (which must occur). */
    private List<String> broken(String check, String from, String to) {
        assertTrue(FIXTURE.contains(from), "the fixture has no " + from);
        Function<Rendering, List<String>> c = checks.all().get(check);
        assertTrue(c != null, "no check named " + check);
        return c.apply(Rendering.parse("fixture", FIXTURE.replace(from, to)));
    }

    private static void assertReports(List<String> problems, String expected) {
        assertTrue(
                problems.stream().anyMatch(p -> p.contains(expected)),
                "expected a problem containing\n  " + expected + "\ngot\n  " + String.join("\n  ", problems));
    }

    /** The checks the fixture passes as it is (it has two of the four services, so not the whole-set ones). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "parses as typed Kubernetes objects",
                "labels and namespace",
                "probes",
                "resources",
                "security context",
                "selectors",
                "service ports",
                "service types",
                "images",
                "gpu",
                "termination",
                "volumes",
                "autoscaling",
                "network policies",
                "service monitors",
                "prometheus-adapter rules",
                "hpa metrics exposed by the adapter",
                "application.properties agreement",
                "model delivery"
            })
    void theFixturePasses(String check) {
        ManifestsTest.assertNoProblems(
                "fixture / " + check, checks.all().get(check).apply(Rendering.parse("fixture", FIXTURE)));
    }

    @Test
    void aMissingReadinessProbe() {
        assertReports(
                broken("probes", "          readinessProbe:\n            grpc: {port: 9091}\n", ""),
                "fixture: Deployment/text-service: spec.template.spec.containers[text-service].readinessProbe: missing");
    }

    @Test
    void aProbeOnTheWrongPort() {
        assertReports(
                broken(
                        "probes",
                        "          livenessProbe:\n            grpc: {port: 9091}",
                        "          livenessProbe:\n            grpc: {port: 8081}"),
                "containers[text-service].livenessProbe.grpc.port: 8081 is not the container port named grpc (9091)");
    }

    @Test
    void aServicePortTargetingNoContainerPort() {
        assertReports(
                broken(
                        "service ports",
                        "{name: grpc, port: 9091, targetPort: grpc}",
                        "{name: grpc, port: 9091, targetPort: grcp}"),
                "fixture: Service/text-service: spec.ports[grpc].targetPort: grcp is not a container port of "
                        + "Deployment/text-service");
    }

    @Test
    void aServiceSelectingNoPods() {
        assertReports(
                broken(
                        "selectors",
                        "  selector: {app.kubernetes.io/name: text-service}",
                        "  selector: {app.kubernetes.io/name: text}"),
                "fixture: Service/text-service: spec.selector: {app.kubernetes.io/name=text} selects the pods of [], "
                        + "expected exactly one Deployment's");
    }

    @Test
    void anInitContainerThatMayEscalate() {
        String init = "allowPrivilegeEscalation: false\n            capabilities: {drop: [ALL]}\n"
                + "          volumeMounts:\n            - {name: model-repository, mountPath: /model-repository}\n";
        assertReports(
                broken("security context", init, init.replace("false", "true")),
                "spec.template.spec.initContainers[models].securityContext.allowPrivilegeEscalation: true, "
                        + "expected false");
    }

    @Test
    void anUnknownKindAndAMisspeltField() {
        assertReports(
                broken("parses as typed Kubernetes objects", "kind: PodDisruptionBudget", "kind: PodDisruptionBugdet"),
                "fixture: PodDisruptionBugdet/text-service (document 7): apiVersion/kind policy/v1/PodDisruptionBugdet"
                        + " is not known to the checks");
        assertReports(
                broken(
                        "parses as typed Kubernetes objects",
                        "      enableServiceLinks: false\n      terminationGrace",
                        "      enableServiceLink: false\n      terminationGrace"),
                "fixture: Deployment/text-service: spec.template.spec.enableServiceLink: not a field of PodSpec");
    }

    @Test
    void aDeploymentWithoutContainersIsReportedNotThrown() {
        String broken = FIXTURE.replace("      initContainers:", "      noContainers:\n      initContainers:")
                .replace(
                        "      containers:\n        - name: fusion-gateway",
                        "      initContainers:\n        - name: fusion-gateway");
        Rendering r = Rendering.parse("fixture", broken);
        assertReports(r.problems, "fixture: Deployment/fusion-gateway: spec.template.spec.containers: missing");
        checks.all().values().forEach(check -> check.apply(r)); // the other checks run on what is left
    }

    @Test
    void aGpuOutsideTheGpuOverlay() {
        assertReports(
                broken(
                        "gpu",
                        "limits: {cpu: \"1\", memory: 1Gi}",
                        "limits: {cpu: \"1\", memory: 1Gi, nvidia.com/gpu: 1}"),
                "fixture: Deployment/fusion-gateway: spec.template.spec.containers[fusion-gateway].resources: requests "
                        + "nvidia.com/gpu in an overlay without GPUs");
    }

    @Test
    void anAdapterRuleOnASeriesNobodyExports() {
        assertReports(
                broken(
                        "prometheus-adapter rules",
                        "'crossmodal_queue_wait_seconds_sum{",
                        "'crossmodal_queue_wait_sum{"),
                "fixture: ConfigMap/prometheus-adapter-rules: data[config.yaml].rules[0]: mentions "
                        + "crossmodal_queue_wait_sum, which no service exports");
    }

    @Test
    void anHpaMetricTheAdapterDoesNotExpose() {
        assertReports(
                broken(
                        "hpa metrics exposed by the adapter",
                        "metric: {name: crossmodal_queue_wait_seconds_per_request}",
                        "metric: {name: crossmodal_queue_wait_seconds}"),
                "fixture: HorizontalPodAutoscaler/text-service: spec.metrics[1].pods.metric.name: "
                        + "crossmodal_queue_wait_seconds is not exposed by the prometheus-adapter rules "
                        + "[crossmodal_queue_depth, crossmodal_queue_wait_seconds_per_request]");
    }

    @Test
    void anHpaOnASeriesItsServiceDoesNotExport() {
        String hpa = FIXTURE.substring(
                FIXTURE.indexOf("apiVersion: autoscaling/v2"), FIXTURE.indexOf("---\napiVersion: monitoring"));
        String gatewayHpa = hpa.replace("text-service", "fusion-gateway").replace("encoder", "gateway");
        List<String> problems = checks.all()
                .get("hpa metrics exposed by the adapter")
                .apply(Rendering.parse("fixture", FIXTURE.replace(hpa, gatewayHpa)));
        assertReports(
                problems,
                "fixture: HorizontalPodAutoscaler/fusion-gateway: spec.metrics[1].pods.metric.name: "
                        + "crossmodal_queue_wait_seconds_per_request comes from series fusion-gateway does not export");
    }

    @Test
    void anEncoderOpenToEveryPod() {
        assertReports(
                broken(
                        "network policies",
                        "- podSelector:\n            matchLabels: {app.kubernetes.io/name: fusion-gateway}",
                        "- podSelector: {}"),
                "fixture: NetworkPolicy/text-service: spec.ingress[0].from[0].podSelector: admits [text-service] to "
                        + "grpc port 9091 of text-service (only fusion-gateway may)");
    }

    @Test
    void aServiceMonitorOnTheWrongPathAndPort() {
        String broken = "- {port: metrics, path: /metrics, interval: 15s}";
        String fixed = "- {port: http, path: /q/metrics, interval: 15s}";
        assertReports(
                broken("application.properties agreement", fixed, broken),
                "fixture: ServiceMonitor/crossmodal: spec.endpoints[0].path: /metrics, but text-service serves "
                        + "Prometheus metrics at /q/metrics");
        assertReports(
                broken("service monitors", fixed, broken),
                "fixture: ServiceMonitor/crossmodal: spec.endpoints[0].port: metrics is not a port name of "
                        + "Service/text-service [grpc, http]");
    }

    @Test
    void aContainerPortDisagreeingWithApplicationProperties() {
        assertReports(
                broken(
                        "application.properties agreement",
                        "{name: http, containerPort: 8081}",
                        "{name: http, containerPort: 8080}"),
                "containers[text-service].ports[http].containerPort: 8080, but text-service/src/main/resources/"
                        + "application.properties quarkus.http.port is 8081");
    }

    @Test
    void theGatewayAimedAtTheWrongPort() {
        assertReports(
                broken(
                        "gateway env",
                        "{name: TEXT_SERVICE_PORT, value: \"9091\"}",
                        "{name: TEXT_SERVICE_PORT, value: \"8081\"}"),
                "fixture: Deployment/fusion-gateway: spec.template.spec.containers[fusion-gateway].env[TEXT_SERVICE_PORT]:"
                        + " 8081, expected Service/text-service's grpc port 9091");
    }

    @Test
    void aModelTheContractDoesNotList() {
        assertReports(
                broken("model delivery", "/models/bge-small-zh-v1.5, ", "/models/bge-small-en, "),
                "fixture: Deployment/text-service: spec.template.spec.initContainers[models].command: copies "
                        + "[all-minilm-l6-v2, all-minilm-l6-v2-q, bge-small-en], the contract's models of text-service are");
    }

    @Test
    void aMountOfAnUndeclaredVolume() {
        assertReports(
                broken(
                        "volumes",
                        "- {name: djl-cache, mountPath: /var/cache/djl}",
                        "- {name: djl, mountPath: /var/cache/djl}"),
                "fixture: Deployment/text-service: spec.template.spec.containers[text-service].volumeMounts[djl]: no "
                        + "volume named djl");
    }

    @Test
    void aGracePeriodShorterThanThePreStopSleep() {
        assertReports(
                broken("termination", "sleep: {seconds: 5}", "sleep: {seconds: 30}"),
                "fixture: Deployment/text-service: spec.template.spec.terminationGracePeriodSeconds: 30 is not more "
                        + "than containers[text-service].lifecycle.preStop's sleep 30 s + the gRPC drain timeout 5 s");
    }

    @Test
    void aHeadlessGateway() {
        assertReports(
                broken(
                        "service types",
                        "  selector: {app.kubernetes.io/name: fusion-gateway}",
                        "  clusterIP: None\n  selector: {app.kubernetes.io/name: fusion-gateway}"),
                "fixture: Service/fusion-gateway: spec.clusterIP: None, expected a cluster IP for the gateway");
    }

    @Test
    void anHpaOnCpuOnly() {
        assertReports(
                broken("autoscaling", """
                    - type: Pods
                      pods:
                        metric: {name: crossmodal_queue_wait_seconds_per_request}
                        target: {type: AverageValue, averageValue: 50m}
                """, ""),
                "fixture: HorizontalPodAutoscaler/text-service: spec.metrics: [Resource]: expected a Pods or External "
                        + "metric");
    }

    @Test
    void missingResourceLimits() {
        assertReports(
                broken("resources", "            limits: {cpu: \"2\", memory: 3Gi}\n", ""),
                "fixture: Deployment/text-service: spec.template.spec.containers[text-service].resources.limits.cpu: "
                        + "missing");
        assertReports(
                broken("resources", "requests: {cpu: \"1\", memory: 2Gi}", "requests: {cpu: \"1\", memory: 4Gi}"),
                "resources.requests.memory: 4Gi exceeds limits.memory 3Gi");
    }

    @Test
    void labelsOffContract() {
        assertReports(
                broken(
                        "labels and namespace",
                        "      labels: {app.kubernetes.io/name: fusion-gateway, app.kubernetes.io/part-of: crossmodal, "
                                + "app.kubernetes.io/component: gateway}",
                        "      labels: {app.kubernetes.io/name: fusion-gateway, app.kubernetes.io/part-of: crossmodal, "
                                + "app.kubernetes.io/component: encoder}"),
                "fixture: Deployment/fusion-gateway: spec.template.metadata.labels[app.kubernetes.io/component]: "
                        + "encoder, expected gateway");
    }

    @Test
    void contractObjectsMissing() {
        List<String> problems = checks.all().get("contract objects").apply(Rendering.parse("fixture", FIXTURE));
        assertReports(problems, "fixture: Deployment/vision-service: missing");
        assertReports(problems, "fixture: ServiceAccount/audio-service: missing");
    }

    @Test
    void imageNamesAndTags() {
        assertReports(
                broken("images", "image: crossmodal/text-service:0.1.0", "image: crossmodal/text-service"),
                "containers[text-service].image: crossmodal/text-service has no fixed tag");
    }
}
