package io.crossmodal.deploy;

import static io.crossmodal.deploy.Project.GPU_RESOURCE;
import static io.crossmodal.deploy.Rendering.containers;
import static io.crossmodal.deploy.Rendering.pod;
import static io.crossmodal.deploy.Rendering.port;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks of the pods: the contract's objects, probes, resources, security contexts, termination, volumes, images,
 * GPUs, and agreement with each service's application.properties and the model catalog.
 */
final class WorkloadChecks extends CheckSupport {

    WorkloadChecks(Project project) {
        super(project);
    }

    List<String> contractObjects(Rendering r) {
        List<String> out = new ArrayList<>();
        for (Project.Service s : project.services.values()) {
            for (Class<? extends HasMetadata> kind : List.of(Deployment.class, Service.class, ServiceAccount.class)) {
                if (r.named(kind, s.name()).isEmpty()) {
                    out.add(r.origin + ": " + kind.getSimpleName() + "/" + s.name() + ": missing");
                }
            }
        }
        for (Deployment d : r.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            if (service(d) == null) {
                out.add(r.at(d) + "not a service of the contract " + project.services.keySet());
            }
            if (!name.equals(pod(d).getServiceAccountName())) {
                out.add(r.at(d) + "spec.template.spec.serviceAccountName: " + pod(d).getServiceAccountName()
                        + ", expected " + name);
            }
            if (!Boolean.FALSE.equals(pod(d).getEnableServiceLinks())) {
                out.add(r.at(d) + "spec.template.spec.enableServiceLinks: " + pod(d).getEnableServiceLinks()
                        + ", expected false (injected *_SERVICE_HOST/PORT variables collide with the gateway's)");
            }
        }
        return out;
    }

    List<String> probes(Rendering r) {
        List<String> out = new ArrayList<>();
        for (Deployment d : r.all(Deployment.class)) {
            for (Container c : pod(d).getContainers()) {
                String at = r.at(d) + "spec.template.spec.containers[" + c.getName() + "].";
                Integer grpc =
                        port(c, "grpc").map(ContainerPort::getContainerPort).orElse(null);
                if (grpc == null) {
                    out.add(at + "ports: no port named grpc for the gRPC probes");
                }
                grpcProbe(out, at + "readinessProbe", c.getReadinessProbe(), grpc, true);
                grpcProbe(out, at + "livenessProbe", c.getLivenessProbe(), grpc, true);
                grpcProbe(out, at + "startupProbe", c.getStartupProbe(), grpc, false);
                if (c.getStartupProbe() != null
                        && c.getStartupProbe().getHttpGet() != null
                        && port(d, c.getStartupProbe().getHttpGet().getPort()).isEmpty()) {
                    out.add(at + "startupProbe.httpGet.port: "
                            + portText(c.getStartupProbe().getHttpGet().getPort()) + " is not a container port");
                }
            }
        }
        return out;
    }

    private void grpcProbe(List<String> out, String at, Probe probe, Integer grpcPort, boolean grpcRequired) {
        if (probe == null) {
            out.add(at + ": missing");
            return;
        }
        if (probe.getGrpc() == null) {
            if (grpcRequired) {
                out.add(at + ": not a gRPC probe (expected grpc: {port: " + grpcPort + "})");
            }
            return;
        }
        if (!Objects.equals(probe.getGrpc().getPort(), grpcPort)) {
            out.add(at + ".grpc.port: " + probe.getGrpc().getPort() + " is not the container port named grpc ("
                    + grpcPort + ")");
        }
        String service = probe.getGrpc().getService();
        if (service != null && !service.isEmpty() && !project.grpcServices.contains(service)) {
            out.add(at + ".grpc.service: " + service + " is not a gRPC service of proto/ " + project.grpcServices
                    + " (or \"\" for the whole server)");
        }
    }

    List<String> resources(Rendering r) {
        List<String> out = new ArrayList<>();
        for (Deployment d : r.all(Deployment.class)) {
            containers(d).forEach((path, c) -> {
                String at = r.at(d) + path + ".resources.";
                var res = c.getResources();
                Map<String, Quantity> requests =
                        res == null || res.getRequests() == null ? Map.of() : res.getRequests();
                Map<String, Quantity> limits = res == null || res.getLimits() == null ? Map.of() : res.getLimits();
                for (String name : List.of("cpu", "memory")) {
                    if (!requests.containsKey(name)) {
                        out.add(at + "requests." + name + ": missing");
                    }
                    if (!limits.containsKey(name)) {
                        out.add(at + "limits." + name + ": missing");
                    }
                }
                requests.forEach((name, request) -> {
                    Quantity limit = limits.get(name);
                    if (limit != null && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
                        out.add(at + "requests." + name + ": " + request + " exceeds limits." + name + " " + limit);
                    }
                });
            });
        }
        return out;
    }

    List<String> securityContext(Rendering r) {
        List<String> out = new ArrayList<>();
        for (Deployment d : r.all(Deployment.class)) {
            PodSecurityContext pod = pod(d).getSecurityContext();
            String at = r.at(d) + "spec.template.spec.";
            if (pod == null) {
                out.add(at + "securityContext: missing");
                pod = new PodSecurityContext();
            }
            if (!Boolean.TRUE.equals(pod.getRunAsNonRoot())) {
                out.add(at + "securityContext.runAsNonRoot: " + pod.getRunAsNonRoot() + ", expected true");
            }
            if (pod.getSeccompProfile() == null
                    || !"RuntimeDefault".equals(pod.getSeccompProfile().getType())) {
                out.add(at + "securityContext.seccompProfile.type: "
                        + (pod.getSeccompProfile() == null
                                ? null
                                : pod.getSeccompProfile().getType())
                        + ", expected RuntimeDefault");
            }
            if (Long.valueOf(0).equals(pod.getRunAsUser())) {
                out.add(at + "securityContext.runAsUser: 0 (root)");
            }
            for (var host : Map.of(
                            "hostNetwork",
                            Objects.requireNonNullElse(pod(d).getHostNetwork(), false),
                            "hostPID",
                            Objects.requireNonNullElse(pod(d).getHostPID(), false),
                            "hostIPC",
                            Objects.requireNonNullElse(pod(d).getHostIPC(), false))
                    .entrySet()) {
                if (host.getValue()) {
                    out.add(at + host.getKey() + ": true");
                }
            }
            PodSecurityContext podContext = pod;
            containers(d).forEach((path, c) -> {
                String cat = r.at(d) + path + ".securityContext";
                SecurityContext sc = c.getSecurityContext();
                if (sc == null) {
                    out.add(cat + ": missing");
                    sc = new SecurityContext();
                }
                Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podContext.getRunAsNonRoot();
                if (!Boolean.TRUE.equals(nonRoot)) {
                    out.add(cat + ".runAsNonRoot: " + nonRoot + " (with the pod's), expected true");
                }
                if (Long.valueOf(0).equals(sc.getRunAsUser())) {
                    out.add(cat + ".runAsUser: 0 (root)");
                }
                if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                    out.add(cat + ".readOnlyRootFilesystem: " + sc.getReadOnlyRootFilesystem() + ", expected true");
                }
                if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                    out.add(cat + ".allowPrivilegeEscalation: " + sc.getAllowPrivilegeEscalation()
                            + ", expected false");
                }
                if (Boolean.TRUE.equals(sc.getPrivileged())) {
                    out.add(cat + ".privileged: true");
                }
                var caps = sc.getCapabilities();
                if (caps == null || !caps.getDrop().contains("ALL")) {
                    out.add(cat + ".capabilities.drop: " + (caps == null ? null : caps.getDrop()) + ", expected [ALL]");
                }
                if (caps != null && !caps.getAdd().isEmpty()) {
                    out.add(cat + ".capabilities.add: " + caps.getAdd() + ", expected none");
                }
                var seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile() : podContext.getSeccompProfile();
                if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
                    out.add(cat + ".seccompProfile.type: " + (seccomp == null ? null : seccomp.getType())
                            + " (with the pod's), expected RuntimeDefault");
                }
            });
        }
        return out;
    }

    private static final Pattern SLEEP = Pattern.compile("\\bsleep\\s+(\\d+)");

    /**
     * How long a service waits for its gRPC calls in flight when stopped: the container's
     * {@code CROSSMODAL_GRPC_DRAIN_TIMEOUT}, else service-kit's default (GrpcServerConfig.drainTimeout, 30 s).
     */
    static final long DEFAULT_DRAIN_SECONDS = 30;

    private static long drainSeconds(Container c) {
        return c.getEnv() == null
                ? DEFAULT_DRAIN_SECONDS
                : c.getEnv().stream()
                        .filter(e -> "CROSSMODAL_GRPC_DRAIN_TIMEOUT".equals(e.getName()) && e.getValue() != null)
                        .map(e -> Project.parseDuration(e.getValue()).toSeconds())
                        .findFirst()
                        .orElse(DEFAULT_DRAIN_SECONDS);
    }

    List<String> termination(Rendering r) {
        List<String> out = new ArrayList<>();
        for (Deployment d : r.all(Deployment.class)) {
            long grace = Objects.requireNonNullElse(pod(d).getTerminationGracePeriodSeconds(), 30L);
            Project.Service s = service(d);
            long shutdown = s == null ? 0 : s.shutdownTimeout().toSeconds();
            for (Container c : pod(d).getContainers()) {
                var preStop = c.getLifecycle() == null ? null : c.getLifecycle().getPreStop();
                long sleep = 0;
                if (preStop != null && preStop.getSleep() != null) {
                    sleep = preStop.getSleep().getSeconds();
                } else if (preStop != null && preStop.getExec() != null) {
                    Matcher m = SLEEP.matcher(String.join(" ", preStop.getExec().getCommand()));
                    sleep = m.find() ? Long.parseLong(m.group(1)) : 0;
                }
                long drain = drainSeconds(c);
                if (grace <= sleep + drain + shutdown) {
                    out.add(r.at(d) + "spec.template.spec.terminationGracePeriodSeconds: " + grace
                            + " is not more than containers[" + c.getName() + "].lifecycle.preStop's sleep " + sleep
                            + " s + the gRPC drain timeout " + drain + " s"
                            + (shutdown > 0 ? " + quarkus.shutdown.timeout " + shutdown + " s" : "")
                            + ": the kubelet would kill the JVM before it drains");
                }
            }
        }
        return out;
    }

    List<String> volumes(Rendering r) {
        List<String> out = new ArrayList<>();
        for (Deployment d : r.all(Deployment.class)) {
            Map<String, Volume> volumes = pod(d).getVolumes().stream()
                    .collect(Collectors.toMap(Volume::getName, v -> v, (a, b) -> a, LinkedHashMap::new));
            containers(d).forEach((path, c) -> {
                Set<String> paths = new TreeSet<>();
                for (VolumeMount m : c.getVolumeMounts()) {
                    if (!volumes.containsKey(m.getName())) {
                        out.add(r.at(d) + path + ".volumeMounts[" + m.getName() + "]: no volume named " + m.getName()
                                + " in spec.template.spec.volumes " + volumes.keySet());
                    }
                    if (!paths.add(m.getMountPath())) {
                        out.add(r.at(d) + path + ".volumeMounts[" + m.getName() + "].mountPath: " + m.getMountPath()
                                + " mounted twice");
                    }
                }
                boolean readOnlyRoot = c.getSecurityContext() != null
                        && Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem());
                if (readOnlyRoot && path.contains(".containers[")) {
                    writableEmptyDir(out, r.at(d) + path, c, volumes, "/tmp", "tmp");
                }
            });
            Project.Service s = service(d);
            if (s != null && s.encoder()) {
                Container app = app(d);
                writableEmptyDir(out, r.at(d) + appPath(d), app, volumes, "/var/cache/djl", "djl-cache");
                Map<String, String> env = r.env(app);
                for (String var : List.of("DJL_CACHE_DIR", "ENGINE_CACHE_DIR")) {
                    if (!"/var/cache/djl".equals(env.get(var))) {
                        out.add(r.at(d) + appPath(d) + ".env[" + var + "]: " + env.get(var)
                                + ", expected /var/cache/djl (DJL copies its native libraries there)");
                    }
                }
                Volume cache = volumes.get("djl-cache");
                if (cache != null && cache.getEmptyDir() != null) {
                    Quantity limit = cache.getEmptyDir().getSizeLimit();
                    if (limit == null || limit.getNumericalAmount().compareTo(new BigDecimal(2L << 30)) < 0) {
                        out.add(r.at(d) + "spec.template.spec.volumes[djl-cache].emptyDir.sizeLimit: " + limit
                                + ", expected at least 2Gi (~600 MB of TensorFlow natives)");
                    }
                }
            }
        }
        return out;
    }

    /** The container mounts a writable emptyDir at {@code path} (the root filesystem is read-only). */
    private static void writableEmptyDir(
            List<String> out, String at, Container c, Map<String, Volume> volumes, String path, String expectedVolume) {
        Optional<VolumeMount> mount = c.getVolumeMounts().stream()
                .filter(m -> path.equals(m.getMountPath()))
                .findFirst();
        if (mount.isEmpty()) {
            out.add(at + ".volumeMounts: nothing mounted at " + path + " (expected emptyDir " + expectedVolume
                    + "; the root filesystem is read-only)");
        } else if (Boolean.TRUE.equals(mount.get().getReadOnly())) {
            out.add(at + ".volumeMounts[" + mount.get().getName() + "]: " + path + " must be writable");
        } else if (volumes.containsKey(mount.get().getName())
                && volumes.get(mount.get().getName()).getEmptyDir() == null) {
            out.add(at + ".volumeMounts[" + mount.get().getName() + "]: " + path + " should be an emptyDir");
        }
    }

    /** [repository path, tag] of an image reference; the tag is null when absent. */
    static String[] image(String ref) {
        String s = ref == null ? "" : ref;
        boolean digest = s.contains("@");
        if (digest) {
            s = s.substring(0, s.indexOf('@'));
        }
        int slash = s.lastIndexOf('/');
        int colon = s.lastIndexOf(':');
        return colon > slash
                ? new String[] {s.substring(0, colon), s.substring(colon + 1)}
                : new String[] {s, digest ? "@digest" : null};
    }

    List<String> images(Rendering r) {
        List<String> out = new ArrayList<>();
        for (Deployment d : r.all(Deployment.class)) {
            containers(d).forEach((path, c) -> {
                String[] img = image(c.getImage());
                String repo = img[0].substring(img[0].lastIndexOf('/') + 1);
                String expected = path.contains("initContainers")
                        ? "models"
                        : d.getMetadata().getName();
                if (!expected.equals(repo)) {
                    out.add(r.at(d) + path + ".image: " + c.getImage() + ", expected crossmodal/" + expected);
                }
                if (img[1] == null || img[1].equals("latest")) {
                    out.add(r.at(d) + path + ".image: " + c.getImage() + " has no fixed tag");
                }
            });
        }
        return out;
    }

    List<String> gpu(Rendering r) {
        List<String> out = new ArrayList<>();
        boolean gpuOverlay = r.origin.contains("gpu");
        int gpuContainers = 0;
        for (Deployment d : r.all(Deployment.class)) {
            for (var entry : containers(d).entrySet()) {
                String at = r.at(d) + entry.getKey();
                Container c = entry.getValue();
                var res = c.getResources();
                Quantity limit = res == null || res.getLimits() == null
                        ? null
                        : res.getLimits().get(GPU_RESOURCE);
                Quantity request = res == null || res.getRequests() == null
                        ? null
                        : res.getRequests().get(GPU_RESOURCE);
                boolean gpu = limit != null || request != null;
                boolean app = entry.getKey().contains(".containers[");
                String tag = image(c.getImage())[1];
                if (gpu) {
                    gpuContainers++;
                    if (!gpuOverlay) {
                        out.add(at + ".resources: requests " + GPU_RESOURCE + " in an overlay without GPUs");
                    } else if (!app
                            || !Project.GPU_SERVICES.contains(d.getMetadata().getName())) {
                        out.add(at + ".resources: requests " + GPU_RESOURCE + "; only the app containers of "
                                + Project.GPU_SERVICES + " get GPUs");
                    }
                    if (limit == null) {
                        out.add(at + ".resources.limits." + GPU_RESOURCE
                                + ": missing (extended resources go in limits)");
                    } else if (request != null
                            && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) != 0) {
                        out.add(at + ".resources.requests." + GPU_RESOURCE + ": " + request + " differs from limits "
                                + limit);
                    }
                }
                if (!app) {
                    continue;
                }
                boolean gpuTag = tag != null && tag.endsWith("-gpu");
                if (gpu != gpuTag) {
                    out.add(at + ".image: " + c.getImage()
                            + (gpu
                                    ? " is not a -gpu image but the container requests "
                                    : " is a -gpu image but the container requests no ")
                            + GPU_RESOURCE);
                }
                String device = r.env(c).get("CROSSMODAL_DEVICE");
                if (gpu && !"gpu".equals(device) && !"auto".equals(device)) {
                    out.add(at + ".env[CROSSMODAL_DEVICE]: " + device + ", expected gpu with a GPU");
                }
                if (!gpu && device != null && !"cpu".equals(device)) {
                    out.add(at + ".env[CROSSMODAL_DEVICE]: " + device + " without a GPU");
                }
            }
        }
        if (gpuOverlay && gpuContainers == 0) {
            out.add(r.origin + ": no container requests " + GPU_RESOURCE + " in a GPU overlay (expected on "
                    + Project.GPU_SERVICES + ")");
        }
        return out;
    }

    List<String> configuration(Rendering r) {
        List<String> out = new ArrayList<>();
        for (Deployment d : r.all(Deployment.class)) {
            Project.Service s = service(d);
            if (s == null) {
                continue;
            }
            Container c = app(d);
            String at = r.at(d) + appPath(d) + ".";
            String props = s.name() + "/src/main/resources/application.properties ";
            for (var p : Map.of("grpc", new Object[] {s.grpcPort(), "quarkus.grpc.server.port"}, "http", new Object[] {
                        s.httpPort(), "quarkus.http.port"
                    })
                    .entrySet()) {
                Integer actual =
                        port(c, p.getKey()).map(ContainerPort::getContainerPort).orElse(null);
                if (!p.getValue()[0].equals(actual)) {
                    out.add(at + "ports[" + p.getKey() + "].containerPort: " + actual + ", but " + props
                            + p.getValue()[1] + " is " + p.getValue()[0]);
                }
            }
            Map<String, Probe> probes = new LinkedHashMap<>();
            probes.put("readinessProbe", c.getReadinessProbe());
            probes.put("livenessProbe", c.getLivenessProbe());
            probes.put("startupProbe", c.getStartupProbe());
            probes.forEach((name, probe) -> {
                if (probe != null && probe.getHttpGet() != null) {
                    String path = probe.getHttpGet().getPath();
                    if (!s.healthPaths().contains(path)) {
                        out.add(at + name + ".httpGet.path: " + path + " is not a Quarkus health endpoint "
                                + s.healthPaths());
                    }
                    Optional<ContainerPort> target = port(d, probe.getHttpGet().getPort());
                    if (target.isEmpty() || target.get().getContainerPort() != s.httpPort()) {
                        out.add(at + name + ".httpGet.port: "
                                + portText(probe.getHttpGet().getPort()) + " is not the HTTP port " + s.httpPort()
                                + " (" + props + "quarkus.http.port)");
                    }
                }
            });
        }
        for (ServiceMonitor m : r.all(ServiceMonitor.class)) {
            for (Service svc : r.selectedServices(m.getSpec().getSelector())) {
                Project.Service s = project.services.get(svc.getMetadata().getName());
                for (int i = 0; s != null && i < m.getSpec().getEndpoints().size(); i++) {
                    String path = Objects.requireNonNullElse(
                            m.getSpec().getEndpoints().get(i).getPath(), "/metrics");
                    if (!path.equals(s.metricsPath())) {
                        out.add(r.at(m) + "spec.endpoints[" + i + "].path: " + path + ", but " + s.name()
                                + " serves Prometheus metrics at " + s.metricsPath()
                                + " (quarkus.micrometer.export.prometheus.path)");
                    }
                }
            }
        }
        return out;
    }

    List<String> modelDelivery(Rendering r) {
        List<String> out = new ArrayList<>();
        for (Deployment d : r.all(Deployment.class)) {
            Project.Service s = service(d);
            if (s == null) {
                continue;
            }
            Container app = app(d);
            String at = r.at(d) + appPath(d);
            Map<String, String> env = r.env(app);
            List<Container> copiers = pod(d).getInitContainers().stream()
                    .filter(c -> !c.getCommand().isEmpty()
                            && "cp".equals(c.getCommand().get(0)))
                    .toList();
            if (s.models().isEmpty()) {
                if (!copiers.isEmpty() || env.containsKey("CROSSMODAL_MODEL_REPOSITORY")) {
                    out.add(r.at(d) + "copies models or sets CROSSMODAL_MODEL_REPOSITORY, but " + s.name()
                            + " has no models");
                }
                continue;
            }
            String var = s.modelRepositoryEnv();
            String repository = env.get(var);
            Optional<VolumeMount> mount = app.getVolumeMounts().stream()
                    .filter(m -> m.getMountPath().equals(repository))
                    .findFirst();
            if (repository == null) {
                out.add(at + ".env[" + var + "]: missing (" + s.name() + "'s application.properties reads the model "
                        + "repository from it)");
            } else if (mount.isEmpty()) {
                out.add(at + ".env[" + var + "]: " + repository + " is not a mount path of the container "
                        + app.getVolumeMounts().stream()
                                .map(VolumeMount::getMountPath)
                                .toList());
            } else if (!Boolean.TRUE.equals(mount.get().getReadOnly())) {
                out.add(at + ".volumeMounts[" + mount.get().getName() + "]: the model repository should be readOnly");
            }
            Optional<Container> init = pod(d).getInitContainers().stream()
                    .filter(c -> "models".equals(c.getName()))
                    .findFirst();
            if (init.isEmpty()) {
                out.add(r.at(d) + "spec.template.spec.initContainers[models]: missing (it copies the models)");
                continue;
            }
            String iat = r.at(d) + "spec.template.spec.initContainers[models]";
            List<String> argv = new ArrayList<>(init.get().getCommand());
            argv.addAll(init.get().getArgs());
            if (argv.size() < 3 || !argv.get(0).equals("cp") || !argv.contains("-R")) {
                out.add(iat + ".command: " + argv + ", expected [cp, -R, /models/<name>..., /model-repository/]");
                continue;
            }
            String target = argv.get(argv.size() - 1);
            Optional<VolumeMount> targetMount = init.get().getVolumeMounts().stream()
                    .filter(m -> trimSlash(m.getMountPath()).equals(trimSlash(target)))
                    .findFirst();
            if (targetMount.isEmpty() || Boolean.TRUE.equals(targetMount.get().getReadOnly())) {
                out.add(iat + ".command: copies into " + target + ", which is not a writable mount of the init "
                        + "container");
            } else if (mount.isPresent()
                    && !targetMount.get().getName().equals(mount.get().getName())) {
                out.add(iat + ".volumeMounts[" + targetMount.get().getName() + "]: not the volume "
                        + mount.get().getName() + " the app reads the models from");
            }
            Set<String> copied = new LinkedHashSet<>();
            for (String arg : argv.subList(1, argv.size() - 1)) {
                if (!arg.startsWith("-")) {
                    Matcher m = Pattern.compile("/models/([^/]+)/?").matcher(arg);
                    if (m.matches()) {
                        copied.add(m.group(1));
                    } else {
                        out.add(iat + ".command: " + arg + " is not /models/<name>");
                    }
                }
            }
            if (!copied.equals(new LinkedHashSet<>(s.models()))) {
                out.add(iat + ".command: copies " + copied + ", the contract's models of " + s.name() + " are "
                        + s.models());
            }
            copied.stream()
                    .filter(m -> !project.catalogModels.contains(m))
                    .forEach(m ->
                            out.add(iat + ".command: " + m + " is not in the models catalog " + project.catalogModels));
        }
        return out;
    }
}
