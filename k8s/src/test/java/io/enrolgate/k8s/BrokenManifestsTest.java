package io.enrolgate.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Negative tests: a copy of the rendered base, broken in one way each, must fail the invariants with a
 * message that says what is wrong. (The unbroken base passing is KustomizationInvariantsTest.)
 */
class BrokenManifestsTest {
    private static final String KEY_FORGE = "Deployment/key-forge";
    private static final String BRIDGE = "Deployment/serial-bridge-00124b0001020304";
    private static final String KF_CONTAINER = "/spec/template/spec/containers/0";
    private static final String BRIDGE_CONTAINER = "/spec/template/spec/containers/0";

    static Stream<Arguments> breakages() {
        return Stream.of(
                broken("selector does not match the pod labels",
                        patch(KEY_FORGE, "replace", "/spec/selector/matchLabels/app.kubernetes.io~1name", "keyforge"),
                        "Deployment/key-forge: selector {app.kubernetes.io/name=keyforge} does not match"),
                broken("Service selecting no pods",
                        patch("Service/broker", "replace", "/spec/selector/app.kubernetes.io~1name", "mqtt"),
                        "Service/broker: selector {app.kubernetes.io/name=mqtt} selects no pods"),
                broken("Service targeting an undeclared port",
                        patch("Service/mef", "replace", "/spec/ports/0/targetPort", "mmefs"),
                        "Service/mef: port 8443 targets mmefs/TCP, which Deployment/mef does not declare"),
                broken("liveness probe on a path the service does not serve",
                        patch(KEY_FORGE, "replace", KF_CONTAINER + "/livenessProbe/httpGet/path", "/healthz"),
                        "liveness probe asks /healthz"),
                broken("readiness probe on the liveness path",
                        patch(KEY_FORGE, "replace", KF_CONTAINER + "/readinessProbe/httpGet/path", "/health/live"),
                        "readiness probe asks /health/live"),
                broken("readiness probe on an undeclared port",
                        patch("Deployment/mef", "replace", "/spec/template/spec/containers/0/readinessProbe/httpGet/port", 9999),
                        "readiness probe targets port 9999, which the container does not declare"),
                broken("no readiness probe",
                        patch("Deployment/provisioning", "remove", "/spec/template/spec/containers/0/readinessProbe", null),
                        "container provisioning: no readiness probe"),
                broken("no memory limit",
                        patch("Deployment/provisioning", "remove", "/spec/template/spec/containers/0/resources/limits/memory", null),
                        "container provisioning: no memory limit"),
                broken("request above the limit",
                        patch(KEY_FORGE, "replace", KF_CONTAINER + "/resources/requests/cpu", "4"),
                        "cpu request 4 exceeds its limit 1"),
                broken("root user",
                        patch(KEY_FORGE, "replace", "/spec/template/spec/securityContext/runAsUser", 0),
                        "container key-forge: runAsUser is 0 (root)"),
                broken("runAsNonRoot missing",
                        all(patch("Deployment/broker", "remove", "/spec/template/spec/securityContext/runAsNonRoot", null),
                                patch("Deployment/broker", "remove", "/spec/template/spec/containers/0/securityContext/runAsNonRoot", null)),
                        "container mosquitto: runAsNonRoot is not true"),
                broken("writable root file system",
                        patch("StatefulSet/postgres", "replace", "/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem", false),
                        "StatefulSet/postgres container postgres: readOnlyRootFilesystem is not true"),
                broken("privilege escalation",
                        patch(KEY_FORGE, "replace", KF_CONTAINER + "/securityContext/allowPrivilegeEscalation", true),
                        "allowPrivilegeEscalation is not false"),
                broken("capabilities kept",
                        patch(KEY_FORGE, "remove", KF_CONTAINER + "/securityContext/capabilities", null),
                        "capabilities do not drop ALL"),
                broken("no seccomp profile",
                        all(patch(KEY_FORGE, "remove", KF_CONTAINER + "/securityContext/seccompProfile", null),
                                patch(KEY_FORGE, "remove", "/spec/template/spec/securityContext/seccompProfile", null)),
                        "seccompProfile is not RuntimeDefault"),
                broken("no writable /tmp",
                        patch(KEY_FORGE, "remove", KF_CONTAINER + "/volumeMounts/4", null),
                        "/tmp needs an emptyDir mount"),
                broken("service-account token mounted",
                        patch(KEY_FORGE, "replace", "/spec/template/spec/automountServiceAccountToken", true),
                        "automountServiceAccountToken must be false"),
                broken("floating image tag",
                        patch(KEY_FORGE, "replace", KF_CONTAINER + "/image", "enrolgate/key-forge:latest"),
                        "must have a fixed tag or digest"),
                broken("one key-forge replica",
                        patch(KEY_FORGE, "replace", "/spec/replicas", 1),
                        "key-forge: 1 replicas: at least 2"),
                broken("no autoscaler for key-forge",
                        remove("HorizontalPodAutoscaler/key-forge"),
                        "key-forge: no HorizontalPodAutoscaler targets it"),
                broken("autoscaler of a missing Deployment",
                        patch("HorizontalPodAutoscaler/key-forge", "replace", "/spec/scaleTargetRef/name", "keyforge"),
                        "HorizontalPodAutoscaler/key-forge: targets Deployment/keyforge, which does not exist"),
                broken("budget selecting nothing",
                        patch("PodDisruptionBudget/key-forge", "replace", "/spec/selector/matchLabels/app.kubernetes.io~1name", "forge"),
                        "key-forge: no PodDisruptionBudget selects its pods"),
                broken("budget that blocks every eviction",
                        patch("PodDisruptionBudget/key-forge", "replace", "/spec/minAvailable", 2),
                        "minAvailable 2 with 2 pods: no pod could ever be evicted"),
                broken("two serial-bridge replicas",
                        patch(BRIDGE, "replace", "/spec/replicas", 2),
                        "replicas 2: exactly one bridge per gateway"),
                broken("serial-bridge rolling update",
                        patch(BRIDGE, "replace", "/spec/strategy/type", "RollingUpdate"),
                        "strategy must be Recreate"),
                broken("serial-bridge not pinned",
                        patch(BRIDGE, "remove", "/spec/template/spec/nodeSelector", null),
                        "not pinned to its gateway's node"),
                broken("serial-bridge without its device",
                        patch(BRIDGE, "remove", BRIDGE_CONTAINER + "/resources/limits/squat.ai~1enrolgate-gw-00124b0001020304", null),
                        "must request its serial device as squat.ai/enrolgate-gw-00124b0001020304: 1"),
                broken("serial-bridge logging in as another user",
                        properties("ConfigMap/enrolgate-serial-bridge-00124b0001020304", "serial-bridge.properties",
                                "mqtt.username = 00124b0001020304", "mqtt.username = serial-bridge"),
                        "mqtt.username must be the gateway 00124b0001020304"),
                broken("a real value in a Secret template",
                        patch("Secret/enrolgate-registry-kek", "replace", "/stringData/kek",
                                "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"),
                        "Secret/enrolgate-registry-kek: stringData.kek is not a placeholder"),
                broken("a real value in a Secret's data",
                        patch("Secret/enrolgate-mef-kek", "add", "/data",
                                Map.of("kek", Base64.getEncoder().encodeToString("0011223344556677".getBytes(StandardCharsets.US_ASCII)))),
                        "Secret/enrolgate-mef-kek: data.kek is not a placeholder"),
                broken("admin port of the configuration differs from the container's",
                        properties("ConfigMap/enrolgate-key-forge", "key-forge.properties", "http.port = 8081", "http.port = 9090"),
                        "serves health and metrics on http.port 9090 but the container port admin is 8081"),
                broken("Mmef port of the configuration differs from the container's",
                        properties("ConfigMap/enrolgate-mef", "mef.properties", "mef.port = 8443", "mef.port = 9443"),
                        "listens on mef.port 9443 but the container port mmef is 8443"),
                broken("a secret file the pod does not mount",
                        properties("ConfigMap/enrolgate-key-forge", "key-forge.properties",
                                "registry.kek-file = /run/secrets/enrolgate/registry-kek/kek",
                                "registry.kek-file = /run/secrets/enrolgate/kek/kek"),
                        "registry.kek-file = /run/secrets/enrolgate/kek/kek is in no mounted volume"),
                broken("a secret file the Secret does not have",
                        properties("ConfigMap/enrolgate-mef", "mef.properties",
                                "/run/secrets/enrolgate/mef-kek/kek", "/run/secrets/enrolgate/mef-kek/key"),
                        "kek-file = /run/secrets/enrolgate/mef-kek/key, but volume mef-kek has no key"),
                broken("environment from a missing Secret",
                        patch(KEY_FORGE, "replace", KF_CONTAINER + "/env/0/valueFrom/secretKeyRef/name", "enrolgate-mqtt-keyforge"),
                        "env ENROLGATE_MQTT_PASSWORD refers to Secret enrolgate-mqtt-keyforge, which does not exist"),
                broken("a volume of a missing ConfigMap",
                        remove("ConfigMap/enrolgate-broker-ca"),
                        "volume broker-ca: ConfigMap enrolgate-broker-ca does not exist"),
                broken("Prometheus scraping the wrong port",
                        patch(KEY_FORGE, "replace", "/spec/template/metadata/annotations/prometheus.io~1port", "9464"),
                        "Deployment/key-forge: Prometheus annotations must scrape /metrics on the admin port 8081"),
                broken("NetworkPolicy allowing pods that do not exist",
                        patch("NetworkPolicy/postgres", "replace",
                                "/spec/ingress/0/from/0/podSelector/matchLabels/app.kubernetes.io~1name", "keyforge"),
                        "NetworkPolicy/postgres: allows from {app.kubernetes.io/name=keyforge}, which selects no pods"),
                broken("StatefulSet without its governing Service",
                        patch("StatefulSet/postgres", "replace", "/spec/serviceName", "postgresql"),
                        "StatefulSet/postgres: serviceName postgresql is not a Service here"),
                broken("hostPath volume",
                        patch(BRIDGE, "add", "/spec/template/spec/volumes/-", Map.of("name", "dev", "hostPath", Map.of("path", "/dev"))),
                        "volume dev: hostPath volumes are not allowed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void theInvariantsCatchABrokenCopy(String description, Consumer<Map<String, ObjectNode>> breakage, String expected) {
        List<ObjectNode> copy = Kustomize.copy(Renderings.render("base"));
        Map<String, ObjectNode> byId = Kustomize.byId(copy);
        breakage.accept(byId);
        List<String> violations = Invariants.check(Renderings.typed(List.copyOf(byId.values())));
        assertThat(violations).as(description).anySatisfy(v -> assertThat(v).contains(expected));
    }

    private static Arguments broken(String description, Consumer<Map<String, ObjectNode>> breakage, String expected) {
        return Arguments.of(description, breakage, expected);
    }

    private static Consumer<Map<String, ObjectNode>> patch(String id, String op, String path, Object value) {
        return resources -> {
            ObjectNode resource = resources.get(id);
            assertThat(resource).as(id).isNotNull();
            ObjectNode operation = YamlFiles.YAML.createObjectNode().put("op", op).put("path", path);
            if (value != null) {
                operation.set("value", YamlFiles.YAML.valueToTree(value));
            }
            Json6902.apply(resource, YamlFiles.YAML.createArrayNode().add(operation), "breakage");
        };
    }

    @SafeVarargs
    private static Consumer<Map<String, ObjectNode>> all(Consumer<Map<String, ObjectNode>>... breakages) {
        Consumer<Map<String, ObjectNode>> combined = resources -> { };
        for (Consumer<Map<String, ObjectNode>> breakage : breakages) {
            combined = combined.andThen(breakage);
        }
        return combined;
    }

    private static Consumer<Map<String, ObjectNode>> remove(String id) {
        return resources -> assertThat(resources.remove(id)).as(id).isNotNull();
    }

    private static Consumer<Map<String, ObjectNode>> properties(String id, String key, String from, String to) {
        return resources -> {
            ObjectNode data = (ObjectNode) resources.get(id).get("data");
            String text = data.get(key).asText();
            assertThat(text).contains(from);
            data.set(key, TextNode.valueOf(text.replace(from, to)));
        };
    }
}
