package io.crossmodal.deploy;

import static io.crossmodal.deploy.Project.COMPONENT_LABEL;
import static io.crossmodal.deploy.Project.GATEWAY;
import static io.crossmodal.deploy.Project.NAMESPACE;
import static io.crossmodal.deploy.Project.NAME_LABEL;
import static io.crossmodal.deploy.Project.PART_OF;
import static io.crossmodal.deploy.Project.PART_OF_LABEL;
import static io.crossmodal.deploy.Rendering.labels;
import static io.crossmodal.deploy.Rendering.pod;
import static io.crossmodal.deploy.Rendering.podLabels;
import static io.crossmodal.deploy.Rendering.port;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks of how the pods are found and reached: labels and namespace, selectors, Service ports and types,
 * NetworkPolicies (only the gateway reaches the encoders' gRPC ports) and the gateway's client environment.
 */
final class ServiceChecks extends CheckSupport {

    ServiceChecks(Project project) {
        super(project);
    }

    List<String> labelsAndNamespace(Rendering r) {
        List<String> out = new ArrayList<>();
        for (HasMetadata o : r.objects) {
            if (!NAMESPACE.equals(o.getMetadata().getNamespace())) {
                out.add(r.at(o) + "metadata.namespace: " + o.getMetadata().getNamespace() + ", expected " + NAMESPACE);
            }
            expectLabels(
                    out, r.at(o) + "metadata.labels", labels(o), o.getMetadata().getName());
        }
        for (Deployment d : r.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            expectLabels(out, r.at(d) + "spec.template.metadata.labels", podLabels(d), name);
            LabelSelector sel = d.getSpec().getSelector();
            if (sel == null
                    || !Map.of(NAME_LABEL, name).equals(sel.getMatchLabels())
                    || !sel.getMatchExpressions().isEmpty()) {
                out.add(r.at(d) + "spec.selector: " + describe(sel) + ", expected matchLabels {" + NAME_LABEL + ": "
                        + name + "} only");
            }
        }
        for (Service s : r.all(Service.class)) {
            Map<String, String> sel = Objects.requireNonNullElse(s.getSpec().getSelector(), Map.of());
            String name = s.getMetadata().getName();
            if (!sel.keySet().equals(Set.of(NAME_LABEL))
                    || (project.services.containsKey(name) && !name.equals(sel.get(NAME_LABEL)))) {
                out.add(r.at(s) + "spec.selector: " + sel + ", expected {" + NAME_LABEL + ": "
                        + (project.services.containsKey(name) ? name : "<service>") + "} only");
            }
        }
        for (PodDisruptionBudget p : r.all(PodDisruptionBudget.class)) {
            LabelSelector sel = p.getSpec().getSelector();
            if (sel == null
                    || sel.getMatchLabels() == null
                    || !sel.getMatchLabels().keySet().equals(Set.of(NAME_LABEL))
                    || !sel.getMatchExpressions().isEmpty()) {
                out.add(r.at(p) + "spec.selector: " + describe(sel) + ", expected matchLabels {" + NAME_LABEL
                        + ": <service>} only");
            }
        }
        return out;
    }

    /** part-of on everything; name and component on what belongs to a service (by name or name label). */
    private void expectLabels(List<String> out, String at, Map<String, String> labels, String objectName) {
        if (!PART_OF.equals(labels.get(PART_OF_LABEL))) {
            out.add(at + "[" + PART_OF_LABEL + "]: " + labels.get(PART_OF_LABEL) + ", expected " + PART_OF);
        }
        Project.Service s = project.services.get(objectName);
        if (s == null) {
            s = project.services.get(labels.get(NAME_LABEL));
        }
        if (s == null) {
            if (labels.get(NAME_LABEL) == null || labels.get(COMPONENT_LABEL) == null) {
                out.add(at + ": " + NAME_LABEL + " and " + COMPONENT_LABEL + " expected on every object, have "
                        + labels);
            }
            return;
        }
        if (!s.name().equals(labels.get(NAME_LABEL))) {
            out.add(at + "[" + NAME_LABEL + "]: " + labels.get(NAME_LABEL) + ", expected " + s.name());
        }
        if (!s.component().equals(labels.get(COMPONENT_LABEL))) {
            out.add(at + "[" + COMPONENT_LABEL + "]: " + labels.get(COMPONENT_LABEL) + ", expected " + s.component());
        }
    }

    List<String> selectors(Rendering r) {
        List<String> out = new ArrayList<>();
        for (Deployment d : r.all(Deployment.class)) {
            if (!Rendering.matches(d.getSpec().getSelector(), podLabels(d))) {
                out.add(r.at(d) + "spec.selector: " + describe(d.getSpec().getSelector())
                        + " does not match spec.template.metadata.labels " + podLabels(d));
            }
        }
        for (Service s : r.all(Service.class)) {
            List<Deployment> selected = r.selected(s.getSpec().getSelector());
            if (selected.size() != 1) {
                out.add(r.at(s) + "spec.selector: " + s.getSpec().getSelector() + " selects the pods of "
                        + names(selected) + ", expected exactly one Deployment's");
            }
        }
        for (PodDisruptionBudget p : r.all(PodDisruptionBudget.class)) {
            List<Deployment> selected = r.selected(p.getSpec().getSelector());
            if (selected.size() != 1) {
                out.add(r.at(p) + "spec.selector: " + describe(p.getSpec().getSelector()) + " selects the pods of "
                        + names(selected) + ", expected exactly one Deployment's");
                continue;
            }
            int replicas = minReplicas(r, selected.get(0));
            IntOrString minAvailable = p.getSpec().getMinAvailable();
            IntOrString maxUnavailable = p.getSpec().getMaxUnavailable();
            if (minAvailable != null && minAvailable.getIntVal() != null && minAvailable.getIntVal() >= replicas) {
                out.add(r.at(p) + "spec.minAvailable: " + minAvailable.getIntVal() + " with as few as " + replicas
                        + " replica(s) of " + selected.get(0).getMetadata().getName()
                        + ": no pod can ever be evicted (node drains hang)");
            }
            if (maxUnavailable != null && List.of("0", "0%").contains(portText(maxUnavailable))) {
                out.add(r.at(p) + "spec.maxUnavailable: 0: no pod can ever be evicted (node drains hang)");
            }
        }
        return out;
    }

    List<String> servicePorts(Rendering r) {
        List<String> out = new ArrayList<>();
        for (Service s : r.all(Service.class)) {
            List<Deployment> selected = r.selected(s.getSpec().getSelector());
            if (selected.isEmpty()) {
                out.add(r.at(s) + "spec.selector: " + s.getSpec().getSelector() + " selects no pods");
                continue;
            }
            for (ServicePort p : s.getSpec().getPorts()) {
                IntOrString target = p.getTargetPort() != null ? p.getTargetPort() : new IntOrString(p.getPort());
                for (Deployment d : selected) {
                    if (port(d, target).isEmpty()) {
                        out.add(r.at(s) + "spec.ports[" + p.getName() + "].targetPort: " + portText(target)
                                + " is not a container port of Deployment/"
                                + d.getMetadata().getName() + " "
                                + containerPorts(d));
                    }
                }
            }
            for (String name : List.of("grpc", "http")) {
                Optional<ServicePort> p = s.getSpec().getPorts().stream()
                        .filter(sp -> name.equals(sp.getName()))
                        .findFirst();
                if (p.isEmpty()) {
                    out.add(r.at(s) + "spec.ports: no port named " + name);
                    continue;
                }
                for (Deployment d : selected) {
                    Optional<ContainerPort> named = pod(d).getContainers().stream()
                            .flatMap(c -> port(c, name).stream())
                            .findFirst();
                    IntOrString target = p.get().getTargetPort() != null
                            ? p.get().getTargetPort()
                            : new IntOrString(p.get().getPort());
                    Optional<ContainerPort> targeted = port(d, target);
                    if (named.isPresent() && targeted.isPresent() && named.get() != targeted.get()) {
                        out.add(r.at(s) + "spec.ports[" + name + "].targetPort: " + portText(target)
                                + " is not the container port named " + name + " of Deployment/"
                                + d.getMetadata().getName());
                    }
                    if (named.isPresent()
                            && !Objects.equals(p.get().getPort(), named.get().getContainerPort())) {
                        out.add(r.at(s) + "spec.ports[" + name + "].port: "
                                + p.get().getPort() + ", expected the container's "
                                + named.get().getContainerPort() + " (the contract's)");
                    }
                }
            }
        }
        return out;
    }

    List<String> serviceTypes(Rendering r) {
        List<String> out = new ArrayList<>();
        for (Service s : r.all(Service.class)) {
            Project.Service spec = project.services.get(s.getMetadata().getName());
            String type = Objects.requireNonNullElse(s.getSpec().getType(), "ClusterIP");
            String clusterIP = s.getSpec().getClusterIP();
            if (!type.equals("ClusterIP")) {
                out.add(r.at(s) + "spec.type: " + type + ", expected ClusterIP");
            }
            if (spec != null && spec.encoder() && !"None".equals(clusterIP)) {
                out.add(r.at(s) + "spec.clusterIP: " + clusterIP
                        + ", expected None (headless: the gateway balances over the pods' addresses)");
            }
            if (spec != null && !spec.encoder() && "None".equals(clusterIP)) {
                out.add(r.at(s) + "spec.clusterIP: None, expected a cluster IP for the gateway");
            }
            if (Boolean.TRUE.equals(s.getSpec().getPublishNotReadyAddresses())) {
                out.add(r.at(s) + "spec.publishNotReadyAddresses: true would send calls to pods still loading models");
            }
        }
        return out;
    }

    private static List<String> policyTypes(NetworkPolicy np) {
        if (!np.getSpec().getPolicyTypes().isEmpty()) {
            return np.getSpec().getPolicyTypes();
        }
        return np.getSpec().getEgress().isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    private static LabelSelector podSelector(NetworkPolicy np) {
        return np.getSpec().getPodSelector() == null
                ? new LabelSelector()
                : np.getSpec().getPodSelector();
    }

    /** Whether a rule's ports admit TCP to a port with this number and name (no ports: all). */
    private static boolean covers(List<NetworkPolicyPort> ports, int number, String name) {
        return ports.isEmpty()
                || ports.stream()
                        .anyMatch(p -> !"UDP".equals(p.getProtocol())
                                && !"SCTP".equals(p.getProtocol())
                                && (p.getPort() == null
                                        || (p.getPort().getStrVal() != null
                                                ? p.getPort().getStrVal().equals(name)
                                                : number >= p.getPort().getIntVal()
                                                        && number
                                                                <= Objects.requireNonNullElse(
                                                                        p.getEndPort(),
                                                                        p.getPort()
                                                                                .getIntVal()))));
    }

    /** A namespaceSelector that selects this namespace only (or none: the policy's own namespace). */
    private static boolean ownNamespace(LabelSelector ns) {
        return ns == null
                || (Rendering.matches(ns, Map.of("kubernetes.io/metadata.name", NAMESPACE))
                        && !Rendering.matches(ns, Map.of("kubernetes.io/metadata.name", "some-other-namespace")));
    }

    List<String> networkPolicies(Rendering r) {
        List<String> out = new ArrayList<>();
        List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
        for (NetworkPolicy np : policies) {
            if (r.selected(podSelector(np)).isEmpty()) {
                out.add(r.at(np) + "spec.podSelector: " + describe(podSelector(np)) + " selects no pods");
            }
            List<List<NetworkPolicyPeer>> peers = new ArrayList<>();
            np.getSpec().getIngress().forEach(rule -> peers.add(rule.getFrom()));
            np.getSpec().getEgress().forEach(rule -> peers.add(rule.getTo()));
            // Peers naming our pods by app.kubernetes.io/name must find them (a typo silently blocks traffic);
            // other labels may be opt-in labels of pods outside these manifests (crossmodal.io/client).
            peers.stream()
                    .flatMap(List::stream)
                    .filter(p -> p.getPodSelector() != null && p.getNamespaceSelector() == null)
                    .filter(p -> usesNameLabel(p.getPodSelector())
                            && r.selected(p.getPodSelector()).isEmpty())
                    .forEach(p -> out.add(
                            r.at(np) + "spec: peer podSelector " + describe(p.getPodSelector()) + " selects no pods"));
        }
        Optional<Deployment> gateway = r.named(Deployment.class, GATEWAY);
        for (Deployment encoder : r.all(Deployment.class)) {
            Project.Service s = service(encoder);
            Optional<ContainerPort> grpc = port(app(encoder), "grpc");
            if (s == null || !s.encoder() || grpc.isEmpty()) {
                continue;
            }
            int port = grpc.get().getContainerPort();
            List<NetworkPolicy> ingress = policies.stream()
                    .filter(np -> policyTypes(np).contains("Ingress"))
                    .filter(np -> Rendering.matches(podSelector(np), podLabels(encoder)))
                    .toList();
            if (ingress.isEmpty()) {
                out.add(r.at(encoder) + "no NetworkPolicy restricts ingress to its pods: anything can reach grpc port "
                        + port + " (only " + GATEWAY + " may)");
                continue;
            }
            boolean gatewayAdmitted = false;
            for (NetworkPolicy np : ingress) {
                for (int i = 0; i < np.getSpec().getIngress().size(); i++) {
                    var rule = np.getSpec().getIngress().get(i);
                    String at = r.at(np) + "spec.ingress[" + i + "]";
                    if (!covers(rule.getPorts(), port, "grpc")) {
                        continue;
                    }
                    if (rule.getFrom().isEmpty()) {
                        out.add(at + ".from: empty: admits every source to grpc port " + port + " of "
                                + encoder.getMetadata().getName() + " (only " + GATEWAY + " may)");
                    }
                    for (int j = 0; j < rule.getFrom().size(); j++) {
                        NetworkPolicyPeer peer = rule.getFrom().get(j);
                        String pat = at + ".from[" + j + "]";
                        if (peer.getIpBlock() != null || peer.getPodSelector() == null) {
                            out.add(pat + ": admits more than " + GATEWAY + "'s pods to grpc port " + port + " of "
                                    + encoder.getMetadata().getName());
                            continue;
                        }
                        if (!ownNamespace(peer.getNamespaceSelector())) {
                            out.add(pat + ".namespaceSelector: admits pods of other namespaces to grpc port " + port
                                    + " of " + encoder.getMetadata().getName());
                        }
                        List<Deployment> admitted = r.selected(peer.getPodSelector());
                        List<String> others = names(admitted).stream()
                                .filter(n -> !n.equals(GATEWAY))
                                .toList();
                        if (!others.isEmpty()) {
                            out.add(pat + ".podSelector: admits " + others + " to grpc port " + port + " of "
                                    + encoder.getMetadata().getName() + " (only " + GATEWAY + " may)");
                        }
                        gatewayAdmitted |= gateway.isPresent() && admitted.contains(gateway.get());
                    }
                }
            }
            if (!gatewayAdmitted) {
                out.add(r.at(encoder) + "no NetworkPolicy ingress rule admits " + GATEWAY + " to grpc port " + port);
            }
        }
        gateway.ifPresent(g -> gatewayEgress(r, out, g));
        return out;
    }

    private static boolean usesNameLabel(LabelSelector s) {
        return (s.getMatchLabels() != null && s.getMatchLabels().containsKey(NAME_LABEL))
                || s.getMatchExpressions().stream().anyMatch(e -> NAME_LABEL.equals(e.getKey()));
    }

    /** When policies restrict the gateway's egress, they must let it reach each encoder's grpc port and DNS. */
    private void gatewayEgress(Rendering r, List<String> out, Deployment gateway) {
        List<NetworkPolicyEgressRule> egress = r.all(NetworkPolicy.class).stream()
                .filter(np -> policyTypes(np).contains("Egress"))
                .filter(np -> Rendering.matches(podSelector(np), podLabels(gateway)))
                .flatMap(np -> np.getSpec().getEgress().stream())
                .toList();
        if (r.all(NetworkPolicy.class).stream()
                .noneMatch(np ->
                        policyTypes(np).contains("Egress") && Rendering.matches(podSelector(np), podLabels(gateway)))) {
            return;
        }
        for (Deployment encoder : r.all(Deployment.class)) {
            Optional<ContainerPort> grpc = port(app(encoder), "grpc");
            if (service(encoder) == null || !service(encoder).encoder() || grpc.isEmpty()) {
                continue;
            }
            int port = grpc.get().getContainerPort();
            boolean allowed = egress.stream()
                    .filter(rule -> covers(rule.getPorts(), port, "grpc"))
                    .anyMatch(rule -> rule.getTo().isEmpty()
                            || rule.getTo().stream()
                                    .anyMatch(p -> p.getPodSelector() != null
                                            && ownNamespace(p.getNamespaceSelector())
                                            && r.selected(p.getPodSelector()).contains(encoder)));
            if (!allowed) {
                out.add(r.at(gateway) + "NetworkPolicies restrict its egress but none lets it reach grpc port " + port
                        + " of " + encoder.getMetadata().getName());
            }
        }
        boolean dns = egress.stream()
                .anyMatch(rule -> rule.getPorts().isEmpty()
                        || rule.getPorts().stream()
                                .anyMatch(p -> p.getPort() == null
                                        || Integer.valueOf(53)
                                                .equals(p.getPort().getIntVal())
                                        || "dns".equals(p.getPort().getStrVal())));
        if (!dns) {
            out.add(r.at(gateway) + "NetworkPolicies restrict its egress but none allows DNS (port 53): it resolves "
                    + "the encoders' headless Services");
        }
    }

    List<String> gatewayEnv(Rendering r) {
        List<String> out = new ArrayList<>();
        Optional<Deployment> gateway = r.named(Deployment.class, GATEWAY);
        if (gateway.isEmpty()) {
            return out;
        }
        Deployment g = gateway.get();
        Map<String, String> env = r.env(app(g));
        String at = r.at(g) + appPath(g) + ".env[";
        for (Project.GatewayClient client : project.gatewayClients) {
            String host = env.get(client.hostEnv());
            String portValue = env.get(client.portEnv());
            Optional<Service> svc = host == null
                    ? Optional.empty()
                    : r.named(
                            Service.class,
                            host.replaceFirst("\\." + NAMESPACE + "(\\.svc(\\.cluster\\.local)?)?\\.?$", ""));
            if (svc.isEmpty() || !svc.get().getMetadata().getName().equals(client.service())) {
                out.add(at + client.hostEnv() + "]: " + host + ", expected the Service " + client.service()
                        + " (quarkus.grpc.clients." + client.client() + ".host)");
                continue;
            }
            Optional<ServicePort> grpc = svc.get().getSpec().getPorts().stream()
                    .filter(p -> "grpc".equals(p.getName()))
                    .findFirst();
            if (grpc.isEmpty() || !String.valueOf(grpc.get().getPort()).equals(portValue)) {
                out.add(at + client.portEnv() + "]: " + portValue + ", expected Service/" + client.service()
                        + "'s grpc port " + grpc.map(ServicePort::getPort).orElse(null) + " (quarkus.grpc.clients."
                        + client.client() + ".port)");
            }
        }
        return out;
    }
}
