package io.crossmodal.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The objects of one rendering (an overlay built by kubectl kustomize), each parsed as its fabric8 type, with the
 * look-ups the checks share. Parsing is strict: a kind the checks do not know, or a field the type does not have
 * (a typo, or a value of the wrong type), is a problem, so nothing reaches the cluster unchecked.
 */
final class Rendering {

    /** The kinds the checks know, by apiVersion and kind. Add a kind here only together with its checks. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Names the rendering in every message: the overlay's name. */
    final String origin;

    final List<HasMetadata> objects = new ArrayList<>();
    /** Problems found while parsing; the "parses" test reports them. */
    final List<String> problems = new ArrayList<>();

    private Rendering(String origin) {
        this.origin = origin;
    }

    static Rendering parse(String origin, String yaml) {
        Rendering r = new Rendering(origin);
        int index = 0;
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                index++;
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                String key =
                        doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
                String id = doc.path("kind").asText() + "/"
                        + doc.path("metadata").path("name").asText();
                Class<? extends HasMetadata> type = KINDS.get(key);
                if (type == null) {
                    r.problems.add(origin + ": " + id + " (document " + index + "): apiVersion/kind " + key
                            + " is not known to the checks (known: " + KINDS.keySet()
                            + "); add it to Rendering.KINDS together with checks for it");
                    continue;
                }
                HasMetadata object = SERIALIZATION.convertValue(doc, type);
                unknownFields(object, "", r.problems, origin + ": " + id);
                String missing = missingRequired(object);
                if (missing != null) { // left out, so that the other checks need not guard against it
                    r.problems.add(origin + ": " + id + ": " + missing + ": missing");
                } else {
                    r.objects.add(object);
                }
            }
        } catch (IOException | RuntimeException e) {
            r.problems.add(origin + ": document " + (index + 1) + " does not parse: " + e.getMessage());
        }
        return r;
    }

    /**
     * Fields the fabric8 type did not take (they land in additionalProperties): misspelt or misplaced fields, and
     * values of the wrong type.
     */
    private static void unknownFields(Object node, String path, List<String> out, String id) {
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", out, id);
            }
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, out, id));
        } else if (node != null && node.getClass().getName().startsWith("io.fabric8.")) {
            for (Method m : node.getClass().getMethods()) {
                boolean any = m.getName().equals("getAdditionalProperties");
                JsonProperty property = m.getAnnotation(JsonProperty.class);
                if (m.getParameterCount() != 0 || (!any && property == null)) {
                    continue;
                }
                Object value;
                try {
                    value = m.invoke(node);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException(e);
                }
                if (any) {
                    if (value instanceof Map<?, ?> extra) {
                        extra.keySet()
                                .forEach(k -> out.add(id + ": " + (path.isEmpty() ? "" : path.substring(1) + ".")
                                        + k + ": not a field of "
                                        + node.getClass().getSimpleName()
                                        + " (misspelt, misplaced or of the wrong type)"));
                    }
                } else {
                    unknownFields(value, path + "." + property.value(), out, id);
                }
            }
        }
    }

    /** The first field the checks rely on that an object lacks, or null. */
    private static String missingRequired(HasMetadata o) {
        if (o.getMetadata() == null || o.getMetadata().getName() == null) {
            return "metadata.name";
        }
        if (o instanceof Deployment d) {
            return d.getSpec() == null
                            || d.getSpec().getTemplate() == null
                            || d.getSpec().getTemplate().getSpec() == null
                    ? "spec.template.spec"
                    : d.getSpec().getTemplate().getSpec().getContainers().isEmpty()
                            ? "spec.template.spec.containers"
                            : null;
        }
        if (o instanceof HorizontalPodAutoscaler h) {
            return h.getSpec() == null || h.getSpec().getScaleTargetRef() == null ? "spec.scaleTargetRef" : null;
        }
        boolean noSpec = o instanceof Service s && s.getSpec() == null
                || o instanceof PodDisruptionBudget p && p.getSpec() == null
                || o instanceof NetworkPolicy n && n.getSpec() == null
                || o instanceof ServiceMonitor m && m.getSpec() == null;
        return noSpec ? "spec" : null;
    }

    // ---------------------------------------------------------------- look-ups

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream()
                .filter(o -> name.equals(o.getMetadata().getName()))
                .findFirst();
    }

    /** {@code origin: Kind/name: } — the start of every message about one object. */
    String at(HasMetadata o) {
        return origin + ": " + o.getKind() + "/" + o.getMetadata().getName() + ": ";
    }

    static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }

    static Map<String, String> podLabels(Deployment d) {
        var meta = d.getSpec().getTemplate().getMetadata();
        return meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
    }

    static PodSpec pod(Deployment d) {
        return d.getSpec().getTemplate().getSpec();
    }

    /** App containers, then init containers, each with its field path. */
    static Map<String, Container> containers(Deployment d) {
        Map<String, Container> all = new LinkedHashMap<>();
        pod(d).getContainers().forEach(c -> all.put("spec.template.spec.containers[" + c.getName() + "]", c));
        pod(d).getInitContainers().forEach(c -> all.put("spec.template.spec.initContainers[" + c.getName() + "]", c));
        return all;
    }

    /** The Deployments whose pods a label selector selects. A null selector selects nothing. */
    List<Deployment> selected(LabelSelector selector) {
        return all(Deployment.class).stream()
                .filter(d -> matches(selector, podLabels(d)))
                .toList();
    }

    /** The Deployments whose pods a Service's plain map selector selects (an empty selector selects nothing). */
    List<Deployment> selected(Map<String, String> selector) {
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        return selected(new LabelSelector(List.of(), selector));
    }

    /** Services whose labels a label selector selects. */
    List<Service> selectedServices(LabelSelector selector) {
        return all(Service.class).stream()
                .filter(s -> matches(selector, labels(s)))
                .toList();
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null) {
            for (var e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        for (LabelSelectorRequirement req : selector.getMatchExpressions()) {
            String v = labels.get(req.getKey());
            boolean ok = switch (req.getOperator()) {
                case "In" -> v != null && req.getValues().contains(v);
                case "NotIn" -> v == null || !req.getValues().contains(v);
                case "Exists" -> v != null;
                case "DoesNotExist" -> v == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static Optional<ContainerPort> port(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst();
    }

    /** The container port a Service targetPort, probe port or policy port names (by name or number), if any. */
    static Optional<ContainerPort> port(Deployment d, IntOrString ref) {
        return pod(d).getContainers().stream()
                .flatMap(c -> c.getPorts().stream())
                .filter(p -> ref.getStrVal() != null
                        ? ref.getStrVal().equals(p.getName())
                        : Objects.equals(ref.getIntVal(), p.getContainerPort()))
                .findFirst();
    }

    /**
     * A container's environment as the kubelet would set it: envFrom ConfigMaps first, then env, with
     * configMapKeyRef values looked up in this rendering (a value from elsewhere is {@code <from elsewhere>}).
     */
    Map<String, String> env(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                named(ConfigMap.class, from.getConfigMapRef().getName()).ifPresent(cm -> {
                    if (cm.getData() != null) {
                        cm.getData().forEach((k, v) -> env.put(Objects.toString(from.getPrefix(), "") + k, v));
                    }
                });
            }
        }
        for (EnvVar e : c.getEnv()) {
            String value = e.getValue();
            if (e.getValueFrom() != null) {
                var ref = e.getValueFrom().getConfigMapKeyRef();
                value = ref == null
                        ? "<from elsewhere>"
                        : named(ConfigMap.class, ref.getName())
                                .map(cm -> cm.getData() == null
                                        ? null
                                        : cm.getData().get(ref.getKey()))
                                .orElse("<from elsewhere>");
            }
            env.put(e.getName(), value == null ? "" : value);
        }
        return env;
    }
}
