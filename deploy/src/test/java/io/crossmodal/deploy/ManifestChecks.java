package io.crossmodal.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The invariants of a rendering, by name: {@link WorkloadChecks}, {@link ServiceChecks} and {@link MetricsChecks}.
 * Each returns its problems, one line each, naming the rendering (overlay), the object and the field.
 */
final class ManifestChecks {

    private final WorkloadChecks workloads;
    private final ServiceChecks services;
    private final MetricsChecks metrics;

    ManifestChecks(Project project) {
        workloads = new WorkloadChecks(project);
        services = new ServiceChecks(project);
        metrics = new MetricsChecks(project);
    }

    /** Every check by name, in the order the tests run them. */
    Map<String, Function<Rendering, List<String>>> all() {
        Map<String, Function<Rendering, List<String>>> checks = new LinkedHashMap<>();
        checks.put("parses as typed Kubernetes objects", r -> r.problems);
        checks.put("contract objects", workloads::contractObjects);
        checks.put("labels and namespace", services::labelsAndNamespace);
        checks.put("probes", workloads::probes);
        checks.put("resources", workloads::resources);
        checks.put("security context", workloads::securityContext);
        checks.put("selectors", services::selectors);
        checks.put("service ports", services::servicePorts);
        checks.put("service types", services::serviceTypes);
        checks.put("images", workloads::images);
        checks.put("gpu", workloads::gpu);
        checks.put("termination", workloads::termination);
        checks.put("volumes", workloads::volumes);
        checks.put("autoscaling", metrics::autoscaling);
        checks.put("network policies", services::networkPolicies);
        checks.put("service monitors", metrics::serviceMonitors);
        checks.put("prometheus-adapter rules", metrics::adapterRules);
        checks.put("hpa metrics exposed by the adapter", metrics::hpaMetrics);
        checks.put("application.properties agreement", workloads::configuration);
        checks.put("gateway env", services::gatewayEnv);
        checks.put("model delivery", workloads::modelDelivery);
        return checks;
    }
}
