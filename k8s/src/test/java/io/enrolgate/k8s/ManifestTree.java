package io.enrolgate.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every YAML file of a k8s/ tree: each kustomization renders (so it lists only files that exist), each
 * patch is a JSON 6902 list, each manifest parses as a typed Kubernetes object without unknown fields,
 * and no manifest is left out of every kustomization. {@link #problems} lists what is wrong.
 */
final class ManifestTree {
    private ManifestTree() {
    }

    static List<Path> yamlFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !root.relativize(p).startsWith("target") && !root.relativize(p).startsWith("src"))
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")
                            || p.getFileName().toString().equals("Kustomization"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> kustomizationDirectories(Path root) {
        return yamlFiles(root).stream()
                .filter(p -> Kustomize.FILE_NAMES.contains(p.getFileName().toString()))
                .map(Path::getParent)
                .toList();
    }

    static List<String> problems(Path root) {
        List<String> problems = new ArrayList<>();
        Set<Path> listed = new LinkedHashSet<>();
        Set<Path> patches = new LinkedHashSet<>();
        for (Path directory : kustomizationDirectories(root)) {
            try {
                Kustomize.Rendering rendering = Kustomize.render(directory);
                listed.addAll(rendering.files());
                patches.addAll(patchFiles(directory));
            } catch (RuntimeException e) {
                problems.add(root.relativize(directory) + ": " + e.getMessage());
            }
        }
        for (Path file : yamlFiles(root)) {
            String name = root.relativize(file).toString();
            if (Kustomize.FILE_NAMES.contains(file.getFileName().toString())) {
                continue;
            }
            if (!listed.contains(file.toAbsolutePath().normalize())) {
                problems.add(name + ": listed by no kustomization (an orphan manifest is never deployed nor checked)");
            }
            try {
                List<JsonNode> documents = YamlFiles.documents(file);
                if (patches.contains(file.toAbsolutePath().normalize())) {
                    if (documents.size() != 1 || !documents.get(0).isArray()) {
                        problems.add(name + ": a patch must be one JSON 6902 list of operations");
                    }
                    continue;
                }
                if (documents.isEmpty()) {
                    problems.add(name + ": no document");
                }
                for (JsonNode document : documents) {
                    HasMetadata resource = Manifests.typed(document, name);
                    for (String unknown : Manifests.unknownFields(resource, resource.getKind() + "/" + resource.getMetadata().getName())) {
                        problems.add(name + ": " + unknown);
                    }
                }
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    private static Set<Path> patchFiles(Path directory) {
        Set<Path> files = new LinkedHashSet<>();
        JsonNode kustomization = YamlFiles.documents(Kustomize.kustomizationFile(directory)).get(0);
        for (JsonNode patch : kustomization.path("patches")) {
            if (patch.hasNonNull("path")) {
                files.add(directory.resolve(patch.get("path").asText()).toAbsolutePath().normalize());
            }
        }
        return files;
    }
}
