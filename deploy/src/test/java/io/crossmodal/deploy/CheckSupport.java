package io.crossmodal.deploy;

import static io.crossmodal.deploy.Rendering.pod;
import static io.crossmodal.deploy.Rendering.port;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import java.util.List;
import java.util.Objects;

/**
 * What the checks share: the project's facts and the look-ups of a Deployment's service and app container. Every
 * check returns its problems, one line each, naming the rendering (overlay), the object and the field, e.g.
 * {@code local-cpu: Deployment/text-service: spec.template.spec.containers[text-service].readinessProbe: missing};
 * an empty list means the check passed.
 */
abstract class CheckSupport {

    final Project project;

    CheckSupport(Project project) {
        this.project = project;
    }

    Project.Service service(Deployment d) {
        return project.services.get(d.getMetadata().getName());
    }

    /** The app container: the one with a port named grpc (else the first). */
    static Container app(Deployment d) {
        return pod(d).getContainers().stream()
                .filter(c -> port(c, "grpc").isPresent())
                .findFirst()
                .orElse(
                        pod(d).getContainers().isEmpty()
                                ? new Container()
                                : pod(d).getContainers().get(0));
    }

    static String appPath(Deployment d) {
        return "spec.template.spec.containers[" + app(d).getName() + "]";
    }

    static String describe(LabelSelector s) {
        return s == null
                ? "none"
                : "matchLabels " + s.getMatchLabels()
                        + (s.getMatchExpressions().isEmpty() ? "" : " matchExpressions " + s.getMatchExpressions());
    }

    /** The fewest replicas a Deployment runs: its HPA's minReplicas, else spec.replicas (default 1). */
    static int minReplicas(Rendering r, Deployment d) {
        return r.all(HorizontalPodAutoscaler.class).stream()
                .filter(h -> d.getMetadata()
                        .getName()
                        .equals(h.getSpec().getScaleTargetRef().getName()))
                .map(h -> Objects.requireNonNullElse(h.getSpec().getMinReplicas(), 1))
                .findFirst()
                .orElse(Objects.requireNonNullElse(d.getSpec().getReplicas(), 1));
    }

    static boolean custom(MetricSpec m) {
        return List.of("Pods", "External", "Object").contains(m.getType());
    }

    static String trimSlash(String path) {
        return path.replaceAll("/+$", "");
    }

    static String portText(IntOrString p) {
        return p == null ? "null" : p.getStrVal() != null ? p.getStrVal() : String.valueOf(p.getIntVal());
    }

    static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).toList();
    }

    static String containerPorts(Deployment d) {
        return pod(d).getContainers().stream()
                .flatMap(c -> c.getPorts().stream())
                .map(p -> p.getName() + "=" + p.getContainerPort())
                .toList()
                .toString();
    }
}
