package io.enrolgate.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The invariants of Enrolgate's Kubernetes deployment, checked on a rendered set of resources (a base or an
 * overlay). {@link #check} returns one line per violation, naming the resource and what is wrong; an empty
 * list means the set is sound. The rules:
 * <ul>
 *   <li>workloads: the selector matches the pod template's labels; no service-account token, host
 *       namespace or hostPath; every container has cpu and memory requests and limits (request at most the
 *       limit), runs as non-root with a read-only root file system, no privilege escalation, capabilities
 *       dropped (ALL) and the RuntimeDefault seccomp profile, and a writable emptyDir on /tmp; liveness and
 *       readiness probes on declared ports, HTTP ones on /health/live and /health/ready; every volume,
 *       ConfigMap, Secret, key and claim it refers to exists; the service's own properties file (mounted from
 *       a ConfigMap) names the same admin port as the container, and every *-file it names is mounted;
 *       Prometheus scrape annotations on the admin port;
 *   <li>Services select existing pods and target their declared ports; a StatefulSet's serviceName is a
 *       headless Service selecting it;
 *   <li>HPAs target existing workloads whose replicas lie within their bounds; PDBs select pods and can
 *       be satisfied while a pod is evicted; NetworkPolicies select existing pods on their declared ports;
 *   <li>Secrets hold only placeholders ({@code CHANGE-ME-...}); no private key sits in a ConfigMap;
 *   <li>key-forge: a Deployment of at least 2 replicas, with an HPA (min at least 2) and a PDB selecting it;
 *   <li>serial-bridge: one Deployment per gateway (label enrolgate.io/gateway = 16 hex digits), replicas 1,
 *       strategy Recreate, pinned to a node, its device as the extended resource
 *       {@code squat.ai/enrolgate-gw-<gateway>}, MQTT user = the gateway, no HPA.
 * </ul>
 */
final class Invariants {
    static final Pattern PLACEHOLDER = Pattern.compile("CHANGE-ME-[a-z0-9-]+");
    static final Pattern GATEWAY = Pattern.compile("[0-9a-f]{16}");
    static final String DEVICE_RESOURCE_PREFIX = "squat.ai/enrolgate-gw-";
    static final String SERIAL_PORT_IN_POD = "/dev/enrolgate-gateway";
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String GATEWAY_LABEL = "enrolgate.io/gateway";

    /** A pod owner: Deployment, StatefulSet or DaemonSet. */
    record Workload(HasMetadata resource, Integer replicas, LabelSelector selector, PodTemplateSpec template,
            List<PersistentVolumeClaim> claimTemplates) {
        String id() {
            return resource.getKind() + "/" + resource.getMetadata().getName();
        }

        Map<String, String> podLabels() {
            return template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of()
                    : template.getMetadata().getLabels();
        }

        PodSpec pod() {
            return template.getSpec();
        }
    }

    private final List<HasMetadata> resources;
    private final List<Workload> workloads = new ArrayList<>();
    private final Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
    private final Map<String, Secret> secrets = new LinkedHashMap<>();
    private final Map<String, PersistentVolumeClaim> claims = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();

    private Invariants(List<HasMetadata> resources) {
        this.resources = resources;
        for (HasMetadata resource : resources) {
            if (resource instanceof Deployment d) {
                workloads.add(new Workload(d, d.getSpec().getReplicas(), d.getSpec().getSelector(),
                        d.getSpec().getTemplate(), List.of()));
            } else if (resource instanceof StatefulSet s) {
                workloads.add(new Workload(s, s.getSpec().getReplicas(), s.getSpec().getSelector(),
                        s.getSpec().getTemplate(), Objects.requireNonNullElse(s.getSpec().getVolumeClaimTemplates(), List.of())));
            } else if (resource instanceof DaemonSet d) {
                workloads.add(new Workload(d, null, d.getSpec().getSelector(), d.getSpec().getTemplate(), List.of()));
            } else if (resource instanceof ConfigMap c) {
                configMaps.put(c.getMetadata().getName(), c);
            } else if (resource instanceof Secret s) {
                secrets.put(s.getMetadata().getName(), s);
            } else if (resource instanceof PersistentVolumeClaim p) {
                claims.put(p.getMetadata().getName(), p);
            }
        }
    }

    static List<String> check(List<HasMetadata> resources) {
        Invariants invariants = new Invariants(resources);
        invariants.run();
        return invariants.violations;
    }

    private void run() {
        workloads.forEach(this::checkWorkload);
        for (HasMetadata resource : resources) {
            if (resource instanceof Service service) {
                checkService(service);
            } else if (resource instanceof HorizontalPodAutoscaler hpa) {
                checkHpa(hpa);
            } else if (resource instanceof PodDisruptionBudget pdb) {
                checkPdb(pdb);
            } else if (resource instanceof NetworkPolicy policy) {
                checkNetworkPolicy(policy);
            } else if (resource instanceof Secret secret) {
                checkSecret(secret);
            } else if (resource instanceof ConfigMap configMap) {
                checkConfigMap(configMap);
            }
        }
        checkKeyForge();
        checkSerialBridges();
    }

    // ---- workloads --------------------------------------------------------------------------------------

    private void checkWorkload(Workload workload) {
        String id = workload.id();
        if (workload.template() == null || workload.pod() == null) {
            violations.add(id + ": no pod template");
            return;
        }
        LabelSelector selector = workload.selector();
        if (selector == null || (empty(selector.getMatchLabels()) && empty(selector.getMatchExpressions()))) {
            violations.add(id + ": no selector");
        } else if (!matches(selector, workload.podLabels())) {
            violations.add(id + ": selector " + describe(selector) + " does not match the pod template's labels "
                    + workload.podLabels());
        }
        if (workload.replicas() != null && workload.replicas() < 1) {
            violations.add(id + ": replicas " + workload.replicas());
        }
        PodSpec pod = workload.pod();
        if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
            violations.add(id + ": automountServiceAccountToken must be false (no pod talks to the API server)");
        }
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            violations.add(id + ": uses a host namespace (hostNetwork/hostPID/hostIPC)");
        }
        Map<String, Volume> volumes = new LinkedHashMap<>();
        for (Volume volume : list(pod.getVolumes())) {
            volumes.put(volume.getName(), volume);
            checkVolume(id, volume);
        }
        Set<String> claimTemplates = new HashSet<>();
        workload.claimTemplates().forEach(claim -> claimTemplates.add(claim.getMetadata().getName()));
        if (list(pod.getContainers()).isEmpty()) {
            violations.add(id + ": no containers");
        }
        for (Container container : list(pod.getInitContainers())) {
            checkContainer(workload, container, volumes, claimTemplates, false);
        }
        for (Container container : list(pod.getContainers())) {
            checkContainer(workload, container, volumes, claimTemplates, true);
        }
        checkScrapeAnnotations(workload);
        if (workload.resource() instanceof StatefulSet statefulSet) {
            checkGoverningService(workload, statefulSet.getSpec().getServiceName());
        }
    }

    private void checkVolume(String id, Volume volume) {
        String where = id + " volume " + volume.getName();
        if (volume.getHostPath() != null) {
            violations.add(where + ": hostPath volumes are not allowed (devices come from the device plugin)");
        }
        if (volume.getConfigMap() != null) {
            String name = volume.getConfigMap().getName();
            ConfigMap configMap = configMaps.get(name);
            if (configMap == null) {
                if (!Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
                    violations.add(where + ": ConfigMap " + name + " does not exist");
                }
            } else {
                checkItems(where, "ConfigMap " + name, keys(configMap), volume.getConfigMap().getItems());
            }
        }
        if (volume.getSecret() != null) {
            String name = volume.getSecret().getSecretName();
            Secret secret = secrets.get(name);
            if (secret == null) {
                if (!Boolean.TRUE.equals(volume.getSecret().getOptional())) {
                    violations.add(where + ": Secret " + name + " does not exist");
                }
            } else {
                checkItems(where, "Secret " + name, keys(secret), volume.getSecret().getItems());
            }
        }
        if (volume.getPersistentVolumeClaim() != null && !claims.containsKey(volume.getPersistentVolumeClaim().getClaimName())) {
            violations.add(where + ": PersistentVolumeClaim " + volume.getPersistentVolumeClaim().getClaimName()
                    + " does not exist");
        }
    }

    private void checkItems(String where, String what, Set<String> keys, List<KeyToPath> items) {
        for (KeyToPath item : list(items)) {
            if (!keys.contains(item.getKey())) {
                violations.add(where + ": " + what + " has no key " + item.getKey());
            }
        }
    }

    private void checkContainer(Workload workload, Container container, Map<String, Volume> volumes,
            Set<String> claimTemplates, boolean main) {
        String id = workload.id() + " container " + container.getName();
        PodSpec pod = workload.pod();
        String image = Objects.requireNonNullElse(container.getImage(), "");
        if (image.isEmpty() || image.endsWith(":latest") || !(image.contains("@") || image.substring(image.lastIndexOf('/') + 1).contains(":"))) {
            violations.add(id + ": image '" + image + "' must have a fixed tag or digest");
        }
        checkResources(id, container.getResources());
        checkSecurity(id, pod.getSecurityContext(), container.getSecurityContext());

        Map<String, ContainerPort> portsByName = new LinkedHashMap<>();
        Set<Integer> portNumbers = new HashSet<>();
        for (ContainerPort port : list(container.getPorts())) {
            if (port.getName() != null && portsByName.put(port.getName(), port) != null) {
                violations.add(id + ": port name " + port.getName() + " declared twice");
            }
            if (!portNumbers.add(port.getContainerPort())) {
                violations.add(id + ": port " + port.getContainerPort() + " declared twice");
            }
        }

        boolean tmpWritable = false;
        Map<String, Map<String, String>> propertiesFiles = new LinkedHashMap<>();
        for (VolumeMount mount : list(container.getVolumeMounts())) {
            Volume volume = volumes.get(mount.getName());
            if (volume == null && !claimTemplates.contains(mount.getName())) {
                violations.add(id + ": mounts volume " + mount.getName() + ", which the pod does not declare");
                continue;
            }
            if (volume != null && "/tmp".equals(mount.getMountPath()) && volume.getEmptyDir() != null) {
                tmpWritable = true;
            }
            if (volume != null && mount.getSubPath() != null) {
                Set<String> keys = volumeKeys(volume);
                if (keys != null && !keys.contains(mount.getSubPath())) {
                    violations.add(id + ": mounts key " + mount.getSubPath() + " of volume " + mount.getName()
                            + ", which it does not have");
                }
                if (mount.getMountPath().endsWith(".properties") && volume.getConfigMap() != null
                        && configMaps.containsKey(volume.getConfigMap().getName())) {
                    String text = data(configMaps.get(volume.getConfigMap().getName())).get(mount.getSubPath());
                    if (text != null) {
                        propertiesFiles.put(mount.getMountPath(), YamlFiles.properties(text));
                    }
                }
            }
        }
        if (!tmpWritable) {
            violations.add(id + ": the root file system is read-only, so /tmp needs an emptyDir mount");
        }

        for (EnvVar env : list(container.getEnv())) {
            if (env.getValueFrom() == null) {
                continue;
            }
            var secretRef = env.getValueFrom().getSecretKeyRef();
            if (secretRef != null && !Boolean.TRUE.equals(secretRef.getOptional())) {
                Secret secret = secrets.get(secretRef.getName());
                if (secret == null) {
                    violations.add(id + ": env " + env.getName() + " refers to Secret " + secretRef.getName()
                            + ", which does not exist");
                } else if (!keys(secret).contains(secretRef.getKey())) {
                    violations.add(id + ": env " + env.getName() + " refers to key " + secretRef.getKey()
                            + " of Secret " + secretRef.getName() + ", which it does not have");
                }
            }
            var configRef = env.getValueFrom().getConfigMapKeyRef();
            if (configRef != null && !Boolean.TRUE.equals(configRef.getOptional())) {
                ConfigMap configMap = configMaps.get(configRef.getName());
                if (configMap == null || !keys(configMap).contains(configRef.getKey())) {
                    violations.add(id + ": env " + env.getName() + " refers to ConfigMap key " + configRef.getName()
                            + "/" + configRef.getKey() + ", which does not exist");
                }
            }
        }

        if (main) {
            checkProbes(id, container, portsByName, portNumbers);
        }
        for (Map.Entry<String, Map<String, String>> file : propertiesFiles.entrySet()) {
            checkServiceProperties(id, container, file.getKey(), file.getValue(), portsByName, volumes);
        }
    }

    private void checkResources(String id, ResourceRequirements resources) {
        Map<String, Quantity> requests = resources == null ? Map.of() : map(resources.getRequests());
        Map<String, Quantity> limits = resources == null ? Map.of() : map(resources.getLimits());
        for (String resource : List.of("cpu", "memory")) {
            if (!requests.containsKey(resource)) {
                violations.add(id + ": no " + resource + " request");
            }
            if (!limits.containsKey(resource)) {
                violations.add(id + ": no " + resource + " limit");
            }
            if (requests.containsKey(resource) && limits.containsKey(resource)) {
                BigDecimal request = Quantity.getAmountInBytes(requests.get(resource));
                BigDecimal limit = Quantity.getAmountInBytes(limits.get(resource));
                if (request.compareTo(limit) > 0) {
                    violations.add(id + ": " + resource + " request " + requests.get(resource) + " exceeds its limit "
                            + limits.get(resource));
                }
            }
        }
    }

    private void checkSecurity(String id, PodSecurityContext pod, SecurityContext container) {
        PodSecurityContext podContext = pod == null ? new PodSecurityContext() : pod;
        SecurityContext context = container == null ? new SecurityContext() : container;
        Boolean runAsNonRoot = context.getRunAsNonRoot() != null ? context.getRunAsNonRoot() : podContext.getRunAsNonRoot();
        if (!Boolean.TRUE.equals(runAsNonRoot)) {
            violations.add(id + ": runAsNonRoot is not true");
        }
        Long runAsUser = context.getRunAsUser() != null ? context.getRunAsUser() : podContext.getRunAsUser();
        if (runAsUser != null && runAsUser == 0) {
            violations.add(id + ": runAsUser is 0 (root)");
        }
        if (!Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
            violations.add(id + ": readOnlyRootFilesystem is not true");
        }
        if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            violations.add(id + ": allowPrivilegeEscalation is not false");
        }
        if (Boolean.TRUE.equals(context.getPrivileged())) {
            violations.add(id + ": privileged");
        }
        if (context.getCapabilities() == null || !list(context.getCapabilities().getDrop()).contains("ALL")) {
            violations.add(id + ": capabilities do not drop ALL");
        } else if (!list(context.getCapabilities().getAdd()).isEmpty()) {
            violations.add(id + ": adds capabilities " + context.getCapabilities().getAdd());
        }
        SeccompProfile seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile() : podContext.getSeccompProfile();
        if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
            violations.add(id + ": seccompProfile is not RuntimeDefault");
        }
    }

    private void checkProbes(String id, Container container, Map<String, ContainerPort> portsByName,
            Set<Integer> portNumbers) {
        if (container.getLivenessProbe() == null) {
            violations.add(id + ": no liveness probe");
        }
        if (container.getReadinessProbe() == null) {
            violations.add(id + ": no readiness probe");
        }
        checkProbe(id, "liveness", container.getLivenessProbe(), Set.of(LIVE), portsByName, portNumbers);
        checkProbe(id, "readiness", container.getReadinessProbe(), Set.of(READY), portsByName, portNumbers);
        checkProbe(id, "startup", container.getStartupProbe(), Set.of(LIVE, READY), portsByName, portNumbers);
    }

    private void checkProbe(String id, String kind, Probe probe, Set<String> paths, Map<String, ContainerPort> portsByName,
            Set<Integer> portNumbers) {
        if (probe == null) {
            return;
        }
        String where = id + ": " + kind + " probe";
        if (probe.getHttpGet() != null) {
            HTTPGetAction get = probe.getHttpGet();
            if (resolve(get.getPort(), portsByName, portNumbers).isEmpty()) {
                violations.add(where + " targets port " + show(get.getPort()) + ", which the container does not declare");
            }
            if (!paths.contains(get.getPath())) {
                violations.add(where + " asks " + get.getPath() + ": the services serve " + paths + " for it");
            }
        } else if (probe.getTcpSocket() != null) {
            if (resolve(probe.getTcpSocket().getPort(), portsByName, portNumbers).isEmpty()) {
                violations.add(where + " targets port " + show(probe.getTcpSocket().getPort())
                        + ", which the container does not declare");
            }
        } else if (probe.getExec() != null) {
            if (list(probe.getExec().getCommand()).isEmpty()) {
                violations.add(where + " has an empty command");
            }
        } else if (probe.getGrpc() != null) {
            if (!portNumbers.contains(probe.getGrpc().getPort())) {
                violations.add(where + " targets port " + probe.getGrpc().getPort() + ", which the container does not declare");
            }
        } else {
            violations.add(where + " has no action");
        }
    }

    /**
     * The service's own configuration (a properties file from a ConfigMap): its admin port is the container's
     * port "admin" (which the probes and Prometheus use); the MEF's Mmef port is the port "mmef"; every
     * {@code *-file} it names lies in a mounted volume that has that key.
     */
    private void checkServiceProperties(String id, Container container, String file, Map<String, String> properties,
            Map<String, ContainerPort> portsByName, Map<String, Volume> volumes) {
        String where = id + ": " + file;
        String adminKey = properties.containsKey("admin.port") ? "admin.port" : "http.port";
        String adminPort = properties.get(adminKey);
        ContainerPort admin = portsByName.get("admin");
        if (adminPort == null) {
            violations.add(where + " sets neither admin.port nor http.port (the health and metrics port)");
        } else if (admin == null) {
            violations.add(id + ": no container port named admin for " + adminKey + " " + adminPort);
        } else if (!adminPort.equals(String.valueOf(admin.getContainerPort()))) {
            violations.add(where + " serves health and metrics on " + adminKey + " " + adminPort
                    + " but the container port admin is " + admin.getContainerPort());
        }
        if (properties.containsKey("mef.port")) {
            ContainerPort mmef = portsByName.get("mmef");
            if (mmef == null || !properties.get("mef.port").equals(String.valueOf(mmef.getContainerPort()))) {
                violations.add(where + " listens on mef.port " + properties.get("mef.port")
                        + " but the container port mmef is " + (mmef == null ? "missing" : mmef.getContainerPort()));
            }
        }
        for (Map.Entry<String, String> property : properties.entrySet()) {
            if (!property.getKey().endsWith("-file")) {
                continue;
            }
            String path = property.getValue();
            Optional<VolumeMount> mount = list(container.getVolumeMounts()).stream()
                    .filter(m -> m.getSubPath() == null && path.startsWith(m.getMountPath() + "/"))
                    .findFirst();
            if (mount.isEmpty()) {
                violations.add(where + ": " + property.getKey() + " = " + path + " is in no mounted volume");
                continue;
            }
            String key = path.substring(mount.get().getMountPath().length() + 1);
            Set<String> keys = volumeKeys(volumes.get(mount.get().getName()));
            if (keys != null && !keys.contains(key)) {
                violations.add(where + ": " + property.getKey() + " = " + path + ", but volume " + mount.get().getName()
                        + " has no " + key);
            }
        }
    }

    private void checkScrapeAnnotations(Workload workload) {
        Map<String, String> annotations = workload.template().getMetadata() == null
                || workload.template().getMetadata().getAnnotations() == null ? Map.of()
                : workload.template().getMetadata().getAnnotations();
        Optional<ContainerPort> admin = list(workload.pod().getContainers()).stream()
                .flatMap(c -> list(c.getPorts()).stream())
                .filter(p -> "admin".equals(p.getName()))
                .findFirst();
        if (admin.isPresent()) {
            if (!"true".equals(annotations.get("prometheus.io/scrape"))
                    || !String.valueOf(admin.get().getContainerPort()).equals(annotations.get("prometheus.io/port"))
                    || !"/metrics".equals(annotations.get("prometheus.io/path"))) {
                violations.add(workload.id() + ": Prometheus annotations must scrape /metrics on the admin port "
                        + admin.get().getContainerPort() + " (found " + annotations + ")");
            }
        } else if (annotations.containsKey("prometheus.io/scrape")) {
            violations.add(workload.id() + ": Prometheus scrape annotation without an admin port");
        }
    }

    private void checkGoverningService(Workload workload, String serviceName) {
        Optional<Service> service = resources.stream()
                .filter(r -> r instanceof Service && r.getMetadata().getName().equals(serviceName))
                .map(Service.class::cast)
                .findFirst();
        if (service.isEmpty()) {
            violations.add(workload.id() + ": serviceName " + serviceName + " is not a Service here");
        } else if (!"None".equals(service.get().getSpec().getClusterIP())
                || !matches(service.get().getSpec().getSelector(), workload.podLabels())) {
            violations.add(workload.id() + ": its governing Service " + serviceName + " must be headless and select it");
        }
    }

    // ---- services, autoscalers, budgets, policies ------------------------------------------------------

    private void checkService(Service service) {
        String id = "Service/" + service.getMetadata().getName();
        Map<String, String> selector = map(service.getSpec().getSelector());
        if (selector.isEmpty()) {
            violations.add(id + ": no selector");
            return;
        }
        List<Workload> selected = workloads.stream().filter(w -> matches(selector, w.podLabels())).toList();
        if (selected.isEmpty()) {
            violations.add(id + ": selector " + selector + " selects no pods");
            return;
        }
        for (ServicePort port : list(service.getSpec().getPorts())) {
            IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
            String protocol = Objects.requireNonNullElse(port.getProtocol(), "TCP");
            for (Workload workload : selected) {
                boolean declared = list(workload.pod().getContainers()).stream()
                        .flatMap(c -> list(c.getPorts()).stream())
                        .anyMatch(p -> portMatches(target, p) && protocol.equals(Objects.requireNonNullElse(p.getProtocol(), "TCP")));
                if (!declared) {
                    violations.add(id + ": port " + port.getPort() + " targets " + show(target) + "/" + protocol + ", which "
                            + workload.id() + " does not declare");
                }
            }
        }
    }

    private void checkHpa(HorizontalPodAutoscaler hpa) {
        String id = "HorizontalPodAutoscaler/" + hpa.getMetadata().getName();
        var target = hpa.getSpec().getScaleTargetRef();
        Optional<Workload> workload = workloads.stream()
                .filter(w -> w.resource().getKind().equals(target.getKind())
                        && w.resource().getMetadata().getName().equals(target.getName()))
                .findFirst();
        if (workload.isEmpty()) {
            violations.add(id + ": targets " + target.getKind() + "/" + target.getName() + ", which does not exist");
            return;
        }
        int min = Objects.requireNonNullElse(hpa.getSpec().getMinReplicas(), 1);
        int max = hpa.getSpec().getMaxReplicas();
        if (max < min) {
            violations.add(id + ": maxReplicas " + max + " below minReplicas " + min);
        }
        Integer replicas = workload.get().replicas();
        if (replicas != null && (replicas < min || replicas > max)) {
            violations.add(id + ": " + workload.get().id() + " has " + replicas + " replicas, outside " + min + ".." + max);
        }
    }

    private void checkPdb(PodDisruptionBudget pdb) {
        String id = "PodDisruptionBudget/" + pdb.getMetadata().getName();
        List<Workload> selected = workloads.stream().filter(w -> matches(pdb.getSpec().getSelector(), w.podLabels())).toList();
        if (selected.isEmpty()) {
            violations.add(id + ": selector " + describe(pdb.getSpec().getSelector()) + " selects no pods");
            return;
        }
        int pods = selected.stream().mapToInt(w -> Objects.requireNonNullElse(w.replicas(), 1)).sum();
        IntOrString minAvailable = pdb.getSpec().getMinAvailable();
        if (minAvailable != null && minAvailable.getIntVal() != null && minAvailable.getIntVal() >= pods) {
            violations.add(id + ": minAvailable " + minAvailable.getIntVal() + " with " + pods
                    + " pods: no pod could ever be evicted (drains would hang)");
        }
        IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
        if (maxUnavailable != null && maxUnavailable.getIntVal() != null && maxUnavailable.getIntVal() < 1) {
            violations.add(id + ": maxUnavailable 0: no pod could ever be evicted");
        }
    }

    private void checkNetworkPolicy(NetworkPolicy policy) {
        String id = "NetworkPolicy/" + policy.getMetadata().getName();
        LabelSelector podSelector = policy.getSpec().getPodSelector();
        boolean all = podSelector == null || (empty(podSelector.getMatchLabels()) && empty(podSelector.getMatchExpressions()));
        List<Workload> selected = workloads.stream().filter(w -> all || matches(podSelector, w.podLabels())).toList();
        if (!all && selected.isEmpty()) {
            violations.add(id + ": podSelector " + describe(podSelector) + " selects no pods");
        }
        for (NetworkPolicyIngressRule rule : list(policy.getSpec().getIngress())) {
            for (NetworkPolicyPeer peer : list(rule.getFrom())) {
                if (peer.getPodSelector() != null && peer.getNamespaceSelector() == null
                        && workloads.stream().noneMatch(w -> matches(peer.getPodSelector(), w.podLabels()))) {
                    violations.add(id + ": allows from " + describe(peer.getPodSelector()) + ", which selects no pods");
                }
            }
            for (NetworkPolicyPort port : list(rule.getPorts())) {
                for (Workload workload : selected) {
                    boolean declared = list(workload.pod().getContainers()).stream()
                            .flatMap(c -> list(c.getPorts()).stream())
                            .anyMatch(p -> port.getPort() == null || portMatches(port.getPort(), p));
                    if (!declared) {
                        violations.add(id + ": port " + show(port.getPort()) + " is not declared by " + workload.id());
                    }
                }
            }
        }
    }

    // ---- secrets and config ---------------------------------------------------------------------------

    private void checkSecret(Secret secret) {
        String id = "Secret/" + secret.getMetadata().getName();
        for (Map.Entry<String, String> entry : map(secret.getData()).entrySet()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(entry.getValue()), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            if (!PLACEHOLDER.matcher(decoded).matches()) {
                violations.add(id + ": data." + entry.getKey() + " is not a placeholder (CHANGE-ME-...): templates never"
                        + " hold real values");
            }
        }
        for (Map.Entry<String, String> entry : map(secret.getStringData()).entrySet()) {
            if (!PLACEHOLDER.matcher(entry.getValue()).matches()) {
                violations.add(id + ": stringData." + entry.getKey() + " is not a placeholder (CHANGE-ME-...):"
                        + " templates never hold real values");
            }
        }
    }

    private void checkConfigMap(ConfigMap configMap) {
        for (Map.Entry<String, String> entry : data(configMap).entrySet()) {
            if (entry.getValue().contains("PRIVATE KEY-----")) {
                violations.add("ConfigMap/" + configMap.getMetadata().getName() + ": " + entry.getKey()
                        + " holds a private key: it belongs in a Secret");
            }
        }
    }

    // ---- Enrolgate's own rules ------------------------------------------------------------------------

    private void checkKeyForge() {
        Optional<Workload> keyForge = workloads.stream()
                .filter(w -> w.resource() instanceof Deployment && w.resource().getMetadata().getName().equals("key-forge"))
                .findFirst();
        if (keyForge.isEmpty()) {
            violations.add("key-forge: no Deployment named key-forge");
            return;
        }
        Workload workload = keyForge.get();
        if (workload.replicas() == null || workload.replicas() < 2) {
            violations.add("key-forge: " + workload.replicas() + " replicas: at least 2 must serve the shared subscription");
        }
        boolean hpa = resources.stream().anyMatch(r -> r instanceof HorizontalPodAutoscaler h
                && "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                && "key-forge".equals(h.getSpec().getScaleTargetRef().getName())
                && Objects.requireNonNullElse(h.getSpec().getMinReplicas(), 1) >= 2);
        if (!hpa) {
            violations.add("key-forge: no HorizontalPodAutoscaler targets it with minReplicas of at least 2");
        }
        boolean pdb = resources.stream().anyMatch(r -> r instanceof PodDisruptionBudget p
                && matches(p.getSpec().getSelector(), workload.podLabels()));
        if (!pdb) {
            violations.add("key-forge: no PodDisruptionBudget selects its pods");
        }
    }

    private void checkSerialBridges() {
        Set<String> gateways = new HashSet<>();
        for (Workload workload : workloads) {
            if (!"serial-bridge".equals(workload.podLabels().get(NAME_LABEL))) {
                continue;
            }
            String id = workload.id();
            String gateway = workload.podLabels().get(GATEWAY_LABEL);
            if (gateway == null || !GATEWAY.matcher(gateway).matches()) {
                violations.add(id + ": label " + GATEWAY_LABEL + " must be the gateway's IEEE address (16 lower-case hex)");
                continue;
            }
            if (!gateways.add(gateway)) {
                violations.add(id + ": a second serial-bridge for gateway " + gateway);
            }
            if (!(workload.resource() instanceof Deployment deployment)) {
                violations.add(id + ": a serial-bridge is a Deployment");
                continue;
            }
            if (!Objects.equals(workload.replicas(), 1)) {
                violations.add(id + ": replicas " + workload.replicas() + ": exactly one bridge per gateway");
            }
            if (deployment.getSpec().getStrategy() == null || !"Recreate".equals(deployment.getSpec().getStrategy().getType())) {
                violations.add(id + ": strategy must be Recreate (a rolling update would run two bridges on one UART)");
            }
            if (workload.selector() == null || !gateway.equals(map(workload.selector().getMatchLabels()).get(GATEWAY_LABEL))) {
                violations.add(id + ": its selector must include " + GATEWAY_LABEL + "=" + gateway);
            }
            PodSpec pod = workload.pod();
            boolean pinned = !map(pod.getNodeSelector()).isEmpty()
                    || (pod.getAffinity() != null && pod.getAffinity().getNodeAffinity() != null
                            && pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null);
            if (!pinned) {
                violations.add(id + ": not pinned to its gateway's node (nodeSelector or required node affinity)");
            }
            String device = DEVICE_RESOURCE_PREFIX + gateway;
            for (Container container : list(pod.getContainers())) {
                ResourceRequirements resources = container.getResources();
                Quantity limit = resources == null ? null : map(resources.getLimits()).get(device);
                if (limit == null || Quantity.getAmountInBytes(limit).compareTo(BigDecimal.ONE) != 0) {
                    violations.add(id + " container " + container.getName() + ": must request its serial device as "
                            + device + ": 1 (limits)");
                }
                Quantity request = resources == null ? null : map(resources.getRequests()).get(device);
                if (request != null && limit != null && Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) != 0) {
                    violations.add(id + " container " + container.getName() + ": " + device + " request differs from its limit");
                }
                for (String other : map(resources == null ? null : resources.getLimits()).keySet()) {
                    if (other.startsWith(DEVICE_RESOURCE_PREFIX) && !other.equals(device)) {
                        violations.add(id + " container " + container.getName() + ": takes another gateway's device " + other);
                    }
                }
                for (VolumeMount mount : list(container.getVolumeMounts())) {
                    if (!mount.getMountPath().endsWith(".properties") || mount.getSubPath() == null) {
                        continue;
                    }
                    Volume volume = list(pod.getVolumes()).stream().filter(v -> v.getName().equals(mount.getName()))
                            .findFirst().orElse(null);
                    if (volume == null || volume.getConfigMap() == null || !configMaps.containsKey(volume.getConfigMap().getName())) {
                        continue;
                    }
                    String text = data(configMaps.get(volume.getConfigMap().getName())).get(mount.getSubPath());
                    Map<String, String> properties = text == null ? Map.of() : YamlFiles.properties(text);
                    if (!gateway.equals(properties.get("mqtt.username"))) {
                        violations.add(id + ": mqtt.username must be the gateway " + gateway
                                + " (the broker's ACL gives that user the gateway's topics)");
                    }
                    if (!SERIAL_PORT_IN_POD.equals(properties.get("serial.port"))) {
                        violations.add(id + ": serial.port must be " + SERIAL_PORT_IN_POD + " (the device plugin's mountPath)");
                    }
                }
            }
            boolean scaled = resources.stream().anyMatch(r -> r instanceof HorizontalPodAutoscaler h
                    && h.getSpec().getScaleTargetRef().getName().equals(deployment.getMetadata().getName()));
            if (scaled) {
                violations.add(id + ": an autoscaler targets a serial-bridge");
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private Set<String> volumeKeys(Volume volume) {
        if (volume == null) {
            return null;
        }
        if (volume.getConfigMap() != null && configMaps.containsKey(volume.getConfigMap().getName())) {
            List<KeyToPath> items = list(volume.getConfigMap().getItems());
            return items.isEmpty() ? keys(configMaps.get(volume.getConfigMap().getName()))
                    : new HashSet<>(items.stream().map(KeyToPath::getPath).toList());
        }
        if (volume.getSecret() != null && secrets.containsKey(volume.getSecret().getSecretName())) {
            List<KeyToPath> items = list(volume.getSecret().getItems());
            return items.isEmpty() ? keys(secrets.get(volume.getSecret().getSecretName()))
                    : new HashSet<>(items.stream().map(KeyToPath::getPath).toList());
        }
        return null;
    }

    private static Set<String> keys(ConfigMap configMap) {
        Set<String> keys = new HashSet<>(map(configMap.getData()).keySet());
        keys.addAll(map(configMap.getBinaryData()).keySet());
        return keys;
    }

    private static Map<String, String> data(ConfigMap configMap) {
        return map(configMap.getData());
    }

    private static Set<String> keys(Secret secret) {
        Set<String> keys = new HashSet<>(map(secret.getData()).keySet());
        keys.addAll(map(secret.getStringData()).keySet());
        return keys;
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (!matches(map(selector.getMatchLabels()), labels)) {
            return false;
        }
        for (LabelSelectorRequirement requirement : list(selector.getMatchExpressions())) {
            String value = labels.get(requirement.getKey());
            List<String> values = list(requirement.getValues());
            boolean ok = switch (requirement.getOperator()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return !(empty(selector.getMatchLabels()) && empty(selector.getMatchExpressions()));
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static Optional<Integer> resolve(IntOrString port, Map<String, ContainerPort> byName, Set<Integer> numbers) {
        if (port == null) {
            return Optional.empty();
        }
        if (port.getIntVal() != null) {
            return numbers.contains(port.getIntVal()) ? Optional.of(port.getIntVal()) : Optional.empty();
        }
        ContainerPort named = byName.get(port.getStrVal());
        return named == null ? Optional.empty() : Optional.of(named.getContainerPort());
    }

    private static boolean portMatches(IntOrString target, ContainerPort port) {
        return target.getIntVal() != null ? target.getIntVal().equals(port.getContainerPort())
                : target.getStrVal() != null && target.getStrVal().equals(port.getName());
    }

    private static String show(IntOrString port) {
        return port == null ? "(none)" : port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
    }

    private static String describe(LabelSelector selector) {
        if (selector == null) {
            return "(none)";
        }
        return map(selector.getMatchLabels()) + (empty(selector.getMatchExpressions()) ? ""
                : " " + selector.getMatchExpressions().stream()
                        .map(r -> r.getKey() + " " + r.getOperator() + " " + list(r.getValues())).toList());
    }

    private static boolean empty(Map<?, ?> map) {
        return map == null || map.isEmpty();
    }

    private static boolean empty(List<?> list) {
        return list == null || list.isEmpty();
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> map(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
