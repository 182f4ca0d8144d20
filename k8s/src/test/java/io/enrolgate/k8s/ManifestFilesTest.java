package io.enrolgate.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every YAML file under k8s/ parses with the Kubernetes model, and the kustomizations hold together. */
class ManifestFilesTest {

    @Test
    void everyManifestUnderK8sParsesAsATypedResourceWithoutUnknownFieldsAndIsListed() {
        List<Path> files = ManifestTree.yamlFiles(Repository.k8s());
        assertThat(files).as("the YAML files of k8s/").hasSizeGreaterThan(20);
        assertThat(ManifestTree.problems(Repository.k8s())).isEmpty();
    }

    @Test
    void theShippedKustomizationsAreTheBaseAndTheProductionOverlay() {
        assertThat(ManifestTree.kustomizationDirectories(Repository.k8s()))
                .map(p -> Repository.k8s().relativize(p).toString())
                .containsExactlyInAnyOrderElementsOf(Renderings.KUSTOMIZATIONS);
    }

    // ---- the same checks on deliberately broken copies of k8s/ ----------------------------------------

    @Test
    void aMisspeltFieldIsCaught(@TempDir Path copy) throws IOException {
        copyTree(Repository.k8s(), copy);
        replace(copy.resolve("base/key-forge/deployment.yaml"), "readinessProbe:", "readinesProbe:");
        assertThat(ManifestTree.problems(copy))
                .anySatisfy(p -> assertThat(p).contains("key-forge/deployment.yaml").contains("unknown field(s) [readinesProbe]"));
    }

    @Test
    void aMisspeltKindIsCaught(@TempDir Path copy) throws IOException {
        copyTree(Repository.k8s(), copy);
        replace(copy.resolve("base/key-forge/pdb.yaml"), "kind: PodDisruptionBudget", "kind: PodDisruptionBuget");
        assertThat(ManifestTree.problems(copy))
                .anySatisfy(p -> assertThat(p).contains("PodDisruptionBuget is not a kind the Kubernetes model knows"));
    }

    @Test
    void aKustomizationListingAMissingFileIsCaught(@TempDir Path copy) throws IOException {
        copyTree(Repository.k8s(), copy);
        replace(copy.resolve("base/kustomization.yaml"), "  - key-forge/pdb.yaml", "  - key-forge/pdb.yaml\n  - key-forge/vpa.yaml");
        assertThat(ManifestTree.problems(copy))
                .anySatisfy(p -> assertThat(p).contains("lists resource 'key-forge/vpa.yaml', which does not exist"));
    }

    @Test
    void aManifestNoKustomizationListsIsCaught(@TempDir Path copy) throws IOException {
        copyTree(Repository.k8s(), copy);
        Files.copy(copy.resolve("base/key-forge/pdb.yaml"), copy.resolve("base/key-forge/pdb-old.yaml"));
        assertThat(ManifestTree.problems(copy))
                .anySatisfy(p -> assertThat(p).contains("base/key-forge/pdb-old.yaml: listed by no kustomization"));
    }

    @Test
    void aPatchOfAMissingTargetIsCaught(@TempDir Path copy) throws IOException {
        copyTree(Repository.k8s(), copy);
        replace(copy.resolve("overlays/production/kustomization.yaml"), "      name: broker-data", "      name: broker-state");
        assertThat(ManifestTree.problems(copy))
                .anySatisfy(p -> assertThat(p).contains("targets PersistentVolumeClaim/broker-state, which is not among the resources"));
    }

    @Test
    void aPatchOfAMissingPathIsCaught(@TempDir Path copy) throws IOException {
        copyTree(Repository.k8s(), copy);
        replace(copy.resolve("overlays/production/patches/key-forge-hpa.yaml"), "/spec/maxReplicas", "/spec/maxReplica");
        assertThat(ManifestTree.problems(copy))
                .anySatisfy(p -> assertThat(p).contains("cannot replace /spec/maxReplica: it does not exist"));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path relative = from.relativize(source);
                if (relative.startsWith("target") || relative.startsWith("src")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).as("the text to break in " + file).contains(from);
        Files.writeString(file, text.replace(from, to));
    }
}
