package io.crossmodal.deploy;

import static io.crossmodal.deploy.Project.NAMESPACE;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks of autoscaling: HorizontalPodAutoscalers, ServiceMonitors, prometheus-adapter rules against the series the
 * services export, and the HPAs' custom metrics against the names the rules expose.
 */
final class MetricsChecks extends CheckSupport {

    MetricsChecks(Project project) {
        super(project);
    }

    List<String> autoscaling(Rendering r) {
        List<String> out = new ArrayList<>();
        Map<String, String> scaled = new LinkedHashMap<>();
        for (HorizontalPodAutoscaler h : r.all(HorizontalPodAutoscaler.class)) {
            String at = r.at(h) + "spec.";
            var ref = h.getSpec().getScaleTargetRef();
            Optional<Deployment> target = r.named(Deployment.class, ref.getName());
            if (!"Deployment".equals(ref.getKind()) || !"apps/v1".equals(ref.getApiVersion()) || target.isEmpty()) {
                out.add(at + "scaleTargetRef: " + ref.getApiVersion() + " " + ref.getKind() + " " + ref.getName()
                        + " is not a Deployment of this rendering " + names(r.all(Deployment.class)));
            }
            String previous = scaled.put(ref.getName(), h.getMetadata().getName());
            if (previous != null) {
                out.add(at + "scaleTargetRef: Deployment/" + ref.getName() + " is also scaled by "
                        + "HorizontalPodAutoscaler/" + previous);
            }
            int min = Objects.requireNonNullElse(h.getSpec().getMinReplicas(), 1);
            Integer max = h.getSpec().getMaxReplicas();
            if (min < 1 || max == null || min > max) {
                out.add(at + "minReplicas " + min + ", maxReplicas " + max + ": expected 1 <= min <= max");
            }
            List<MetricSpec> metrics = h.getSpec().getMetrics();
            // encoders scale on their own load signal; the gateway has no queue of its own (its calls wait on the
            // encoders, so in-flight calls or latency would add gateways when an encoder is slow): CPU may suffice
            Project.Service scaledService = project.services.get(ref.getName());
            boolean encoder = scaledService != null && scaledService.encoder();
            if (encoder && metrics.stream().noneMatch(CheckSupport::custom)) {
                out.add(at + "metrics: "
                        + metrics.stream().map(MetricSpec::getType).toList()
                        + ": expected a Pods or External metric besides CPU (a load signal from the service's own "
                        + "metrics, e.g. queue wait)");
            }
            for (int i = 0; i < metrics.size(); i++) {
                MetricSpec m = metrics.get(i);
                String mat = at + "metrics[" + i + "].";
                switch (Objects.toString(m.getType(), "")) {
                    case "Pods" -> {
                        var t = m.getPods() == null ? null : m.getPods().getTarget();
                        if (t == null || !"AverageValue".equals(t.getType()) || t.getAverageValue() == null) {
                            out.add(mat + "pods.target: expected type AverageValue with averageValue (the only "
                                    + "target a Pods metric takes)");
                        }
                    }
                    case "External" -> {
                        var t = m.getExternal() == null ? null : m.getExternal().getTarget();
                        if (t == null || (t.getValue() == null && t.getAverageValue() == null)) {
                            out.add(mat + "external.target: expected a value or averageValue");
                        }
                    }
                    case "Resource" -> {
                        var t = m.getResource() == null ? null : m.getResource().getTarget();
                        if (t == null || (t.getAverageUtilization() == null && t.getAverageValue() == null)) {
                            out.add(mat + "resource.target: expected averageUtilization or averageValue");
                        }
                    }
                    case "Object" -> {
                        if (m.getObject() == null || m.getObject().getTarget() == null) {
                            out.add(mat + "object.target: missing");
                        }
                    }
                    default -> out.add(mat + "type: " + m.getType() + " is not a metric type of autoscaling/v2");
                }
            }
            target.filter(d -> d.getSpec().getReplicas() != null)
                    .ifPresent(d -> out.add(r.at(d) + "spec.replicas: "
                            + d.getSpec().getReplicas() + " while HorizontalPodAutoscaler/"
                            + h.getMetadata().getName()
                            + " scales it: every kubectl apply resets the replica count; leave spec.replicas unset"));
        }
        return out;
    }

    List<String> serviceMonitors(Rendering r) {
        List<String> out = new ArrayList<>();
        List<ServiceMonitor> monitors = r.all(ServiceMonitor.class);
        Set<String> scraped = new TreeSet<>();
        for (ServiceMonitor m : monitors) {
            String at = r.at(m) + "spec.";
            List<Service> services = r.selectedServices(m.getSpec().getSelector());
            services.forEach(s -> scraped.add(s.getMetadata().getName()));
            if (services.isEmpty()) {
                out.add(at + "selector: " + describe(m.getSpec().getSelector()) + " selects no Service");
            }
            var ns = m.getSpec().getNamespaceSelector();
            if (ns != null
                    && !Boolean.TRUE.equals(ns.getAny())
                    && !ns.getMatchNames().isEmpty()
                    && !ns.getMatchNames().contains(NAMESPACE)) {
                out.add(at + "namespaceSelector.matchNames: " + ns.getMatchNames() + " leaves out " + NAMESPACE);
            }
            if (m.getSpec().getEndpoints().isEmpty()) {
                out.add(at + "endpoints: none");
            }
            for (int i = 0; i < m.getSpec().getEndpoints().size(); i++) {
                Endpoint e = m.getSpec().getEndpoints().get(i);
                if (e.getPort() == null) {
                    out.add(at + "endpoints[" + i + "].port: missing (the name of the Service port to scrape)");
                    continue;
                }
                for (Service s : services) {
                    if (s.getSpec().getPorts().stream()
                            .noneMatch(p -> e.getPort().equals(p.getName()))) {
                        out.add(at + "endpoints[" + i + "].port: " + e.getPort() + " is not a port name of Service/"
                                + s.getMetadata().getName() + " "
                                + s.getSpec().getPorts().stream()
                                        .map(ServicePort::getName)
                                        .toList());
                    }
                }
            }
        }
        boolean customMetrics = r.all(HorizontalPodAutoscaler.class).stream()
                .anyMatch(h -> h.getSpec().getMetrics().stream().anyMatch(CheckSupport::custom));
        if (customMetrics || !monitors.isEmpty()) {
            for (Service s : r.all(Service.class)) {
                if (!scraped.contains(s.getMetadata().getName())) {
                    out.add(r.at(s) + "no ServiceMonitor selects it: its metrics are not scraped");
                }
            }
        }
        return out;
    }

    List<String> adapterRules(Rendering r) {
        List<String> out = new ArrayList<>();
        List<AdapterRules.Rule> rules = AdapterRules.of(r);
        boolean customMetrics = r.all(HorizontalPodAutoscaler.class).stream()
                .anyMatch(h -> h.getSpec().getMetrics().stream().anyMatch(CheckSupport::custom));
        if (customMetrics && rules.isEmpty()) {
            out.add(r.origin + ": HorizontalPodAutoscalers use Pods/External metrics but no ConfigMap holds "
                    + "prometheus-adapter rules (rules:/externalRules: in its config.yaml)");
        }
        for (AdapterRules.Rule rule : rules) {
            String at = r.origin + ": " + rule.where();
            for (String series : AdapterRules.mentioned(rule)) {
                if (!project.exportedSeries.contains(series)) {
                    out.add(at + ": mentions " + series + ", which no service exports" + similar(series));
                }
            }
            if (rule.seriesQuery().isBlank()) {
                out.add(at + ".seriesQuery: missing");
            } else if (project.exportedSeries.stream().noneMatch(rule.selects())) {
                out.add(at + ".seriesQuery: " + rule.seriesQuery() + " selects no series the services export");
            } else if (rule.exposed(project.exportedSeries).isEmpty()) {
                out.add(at + ".name.matches: "
                        + rule.node().path("name").path("matches").asText()
                        + " matches none of the series its seriesQuery selects");
            }
            if (!rule.external()) {
                if (rule.node().path("resources").isMissingNode()) {
                    out.add(at + ".resources: missing (which label names the pod and the namespace)");
                }
                for (String field : List.of("<<.LabelMatchers>>", "<<.GroupBy>>")) {
                    if (!rule.metricsQuery().contains(field)) {
                        out.add(at + ".metricsQuery: " + rule.metricsQuery() + " does not use " + field);
                    }
                }
            }
        }
        return out;
    }

    private String similar(String series) {
        String[] words = series.split("_");
        String prefix = words.length > 2 ? words[0] + "_" + words[1] + "_" : series;
        List<String> close = project.exportedSeries.stream()
                .filter(s -> s.startsWith(prefix))
                .toList();
        return close.isEmpty() ? "" : " (exported: " + close + ")";
    }

    List<String> hpaMetrics(Rendering r) {
        List<String> out = new ArrayList<>();
        Set<String> custom = new TreeSet<>();
        Set<String> external = new TreeSet<>();
        List<AdapterRules.Rule> rules = AdapterRules.of(r);
        for (AdapterRules.Rule rule : rules) {
            (rule.external() ? external : custom).addAll(rule.exposed(project.exportedSeries));
        }
        for (HorizontalPodAutoscaler h : r.all(HorizontalPodAutoscaler.class)) {
            List<MetricSpec> metrics = h.getSpec().getMetrics();
            for (int i = 0; i < metrics.size(); i++) {
                MetricSpec m = metrics.get(i);
                String name = switch (Objects.toString(m.getType(), "")) {
                    case "Pods" ->
                        m.getPods() == null || m.getPods().getMetric() == null
                                ? null
                                : m.getPods().getMetric().getName();
                    case "Object" ->
                        m.getObject() == null || m.getObject().getMetric() == null
                                ? null
                                : m.getObject().getMetric().getName();
                    case "External" ->
                        m.getExternal() == null || m.getExternal().getMetric() == null
                                ? null
                                : m.getExternal().getMetric().getName();
                    default -> "";
                };
                if (name == null || name.isEmpty()) {
                    continue;
                }
                Set<String> exposed = "External".equals(m.getType()) ? external : custom;
                String at = r.at(h) + "spec.metrics[" + i + "]." + m.getType().toLowerCase() + ".metric.name: ";
                if (!exposed.contains(name)) {
                    out.add(at + name + " is not exposed by the prometheus-adapter "
                            + ("External".equals(m.getType()) ? "externalRules " : "rules ") + exposed);
                } else if ("Pods".equals(m.getType())) {
                    Project.Service target =
                            project.services.get(h.getSpec().getScaleTargetRef().getName());
                    if (target != null) {
                        fromTheTargetsSeries(out, at, name, rules, target);
                    }
                }
            }
        }
        return out;
    }

    /**
     * A Pods metric has a value only if the scaled service exports the series its rule reads: the series the rule
     * exposes the name from, and every series its metricsQuery uses.
     */
    private static void fromTheTargetsSeries(
            List<String> out, String at, String name, List<AdapterRules.Rule> rules, Project.Service target) {
        List<AdapterRules.Rule> sources = rules.stream()
                .filter(rule -> !rule.external())
                .filter(rule -> rule.exposed(target.exportedSeries()).contains(name))
                .toList();
        if (sources.isEmpty()) {
            out.add(at + name + " comes from series " + target.name() + " does not export: its pods have no value");
        }
        for (AdapterRules.Rule rule : sources) {
            AdapterRules.mentioned(rule).stream()
                    .filter(series -> !target.exportedSeries().contains(series))
                    .forEach(series -> out.add(at + name + ": its rule " + rule.where() + " reads " + series
                            + ", which " + target.name() + " does not export"));
        }
    }
}
