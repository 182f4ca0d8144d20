package io.enrolgate.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** The kustomizations the project ships, rendered and typed. */
final class Renderings {
    static final List<String> KUSTOMIZATIONS = List.of("base", "overlays/production");

    private Renderings() {
    }

    static List<ObjectNode> render(String kustomization) {
        return Kustomize.render(Repository.k8s().resolve(kustomization)).resources();
    }

    static List<HasMetadata> typed(List<ObjectNode> rendered) {
        return Manifests.typed(rendered, "rendering");
    }

    static List<HasMetadata> renderTyped(String kustomization) {
        return typed(render(kustomization));
    }
}
