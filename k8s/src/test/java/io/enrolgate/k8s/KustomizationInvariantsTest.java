package io.enrolgate.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The base and the production overlay, rendered as kustomize renders them, keep every invariant. */
class KustomizationInvariantsTest {

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void everyInvariantHolds(String kustomization) {
        assertThat(Invariants.check(Renderings.renderTyped(kustomization))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void theRenderedResourcesHaveNoUnknownFields(String kustomization) {
        for (HasMetadata resource : Renderings.renderTyped(kustomization)) {
            assertThat(Manifests.unknownFields(resource, resource.getKind() + "/" + resource.getMetadata().getName())).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void keyForgeScalesFromAtLeastTwoReplicasWithAnAutoscalerAndABudget(String kustomization) {
        List<HasMetadata> resources = Renderings.renderTyped(kustomization);
        Deployment keyForge = find(resources, Deployment.class, "key-forge");
        assertThat(keyForge.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        HorizontalPodAutoscaler hpa = find(resources, HorizontalPodAutoscaler.class, "key-forge");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("key-forge");
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        PodDisruptionBudget pdb = find(resources, PodDisruptionBudget.class, "key-forge");
        assertThat(Invariants.matches(pdb.getSpec().getSelector(), keyForge.getSpec().getTemplate().getMetadata().getLabels())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void everySerialBridgeIsOnePodPerGatewayRecreatedAndPinned(String kustomization) {
        List<Deployment> bridges = Renderings.renderTyped(kustomization).stream()
                .filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> "serial-bridge".equals(d.getSpec().getTemplate().getMetadata().getLabels().get(Invariants.NAME_LABEL)))
                .toList();
        assertThat(bridges).isNotEmpty();
        for (Deployment bridge : bridges) {
            assertThat(bridge.getSpec().getReplicas()).isEqualTo(1);
            assertThat(bridge.getSpec().getStrategy().getType()).isEqualTo("Recreate");
            String gateway = bridge.getMetadata().getLabels().get(Invariants.GATEWAY_LABEL);
            Container container = bridge.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getResources().getLimits()).containsKey(Invariants.DEVICE_RESOURCE_PREFIX + gateway);
            assertThat(bridge.getSpec().getTemplate().getSpec().getNodeSelector()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void secretsAreTemplatesOfPlaceholders(String kustomization) {
        List<Secret> secrets = Renderings.renderTyped(kustomization).stream()
                .filter(Secret.class::isInstance).map(Secret.class::cast).toList();
        assertThat(secrets).extracting(s -> s.getMetadata().getName()).contains("enrolgate-registry-kek",
                "enrolgate-mef-kek", "enrolgate-provisioning-hpke-private", "enrolgate-mef-psk-provisioning",
                "enrolgate-mqtt-key-forge", "enrolgate-broker-dynamic-security");
        for (Secret secret : secrets) {
            assertThat(secret.getData()).as(secret.getMetadata().getName()).isNullOrEmpty();
            assertThat(secret.getStringData().values()).allMatch(v -> Invariants.PLACEHOLDER.matcher(v).matches());
        }
    }

    @org.junit.jupiter.api.Test
    void productionRunsMoreKeyForgesFromItsRegistryAtFixedTags() {
        List<HasMetadata> resources = Renderings.renderTyped("overlays/production");
        Deployment keyForge = find(resources, Deployment.class, "key-forge");
        assertThat(keyForge.getSpec().getReplicas()).isEqualTo(4);
        assertThat(find(resources, HorizontalPodAutoscaler.class, "key-forge").getSpec().getMinReplicas()).isEqualTo(4);
        assertThat(keyForge.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/enrolgate/key-forge:0.1.0");
        assertThat(resources).allMatch(r -> r.getKind().equals("Namespace") || "enrolgate".equals(r.getMetadata().getNamespace()));
    }

    static <T extends HasMetadata> T find(List<HasMetadata> resources, Class<T> type, String name) {
        return resources.stream().filter(type::isInstance).map(type::cast)
                .filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }
}
