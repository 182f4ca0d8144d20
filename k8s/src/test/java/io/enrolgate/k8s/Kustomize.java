package io.enrolgate.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kustomize build} does, for the features Enrolgate's manifests use:
 * {@code resources} (files and directories with their own kustomization), {@code namespace}, {@code images},
 * {@code replicas} and JSON 6902 {@code patches} with a kind/name target. Anything else in a kustomization
 * is an error rather than ignored, so a rendering here is never quietly different from kustomize's (a test
 * compares the two where kubectl is installed). Every error names the file and says what is wrong.
 */
final class Kustomize {
    static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    private static final Set<String> SUPPORTED_KEYS =
            Set.of("apiVersion", "kind", "namespace", "resources", "images", "replicas", "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "PersistentVolume", "StorageClass", "CustomResourceDefinition", "PriorityClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");
    private static final Set<String> POD_OWNERS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");

    /** The rendered resources and every file that went into them (kustomizations, resources, patches). */
    record Rendering(List<ObjectNode> resources, Set<Path> files) {
    }

    private Kustomize() {
    }

    static Path kustomizationFile(Path directory) {
        for (String name : FILE_NAMES) {
            Path file = directory.resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalArgumentException(directory + " has no kustomization file (" + FILE_NAMES + ")");
    }

    static Rendering render(Path directory) {
        Set<Path> files = new LinkedHashSet<>();
        List<ObjectNode> resources = render(directory.toAbsolutePath().normalize(), files);
        return new Rendering(resources, files);
    }

    private static List<ObjectNode> render(Path directory, Set<Path> files) {
        Path file = kustomizationFile(directory);
        files.add(file);
        List<JsonNode> documents = YamlFiles.documents(file);
        if (documents.size() != 1 || !documents.get(0).isObject()) {
            throw new IllegalArgumentException(file + ": expected one YAML mapping");
        }
        JsonNode kustomization = documents.get(0);
        for (Iterator<String> names = kustomization.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!SUPPORTED_KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": '" + key + "' is not supported by the test renderer"
                        + " (supported: " + SUPPORTED_KEYS + ")");
            }
        }
        expect(kustomization, "kind", "Kustomization", file);

        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : list(kustomization, "resources", file)) {
            Path path = directory.resolve(entry.asText()).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(render(path, files));
            } else if (Files.isRegularFile(path)) {
                files.add(path);
                for (JsonNode document : YamlFiles.documents(path)) {
                    if (!document.isObject()) {
                        throw new IllegalArgumentException(path + ": a resource document is not a mapping");
                    }
                    resources.add((ObjectNode) document);
                }
            } else {
                throw new IllegalArgumentException(file + " lists resource '" + entry.asText() + "', which does not exist");
            }
        }
        checkUnique(resources, file);

        for (JsonNode patch : list(kustomization, "patches", file)) {
            applyPatch(directory, file, patch, resources, files);
        }
        for (JsonNode image : list(kustomization, "images", file)) {
            applyImage(file, image, resources);
        }
        for (JsonNode replicas : list(kustomization, "replicas", file)) {
            applyReplicas(file, replicas, resources);
        }
        JsonNode namespace = kustomization.get("namespace");
        if (namespace != null) {
            for (ObjectNode resource : resources) {
                if (!CLUSTER_SCOPED.contains(resource.path("kind").asText())) {
                    metadata(resource).set("namespace", TextNode.valueOf(namespace.asText()));
                }
            }
        }
        return resources;
    }

    private static void applyPatch(Path directory, Path file, JsonNode entry, List<ObjectNode> resources,
            Set<Path> files) {
        JsonNode operations;
        String source;
        if (entry.hasNonNull("path")) {
            Path patchFile = directory.resolve(entry.get("path").asText()).normalize();
            if (!Files.isRegularFile(patchFile)) {
                throw new IllegalArgumentException(file + " lists patch '" + entry.get("path").asText()
                        + "', which does not exist");
            }
            files.add(patchFile);
            List<JsonNode> documents = YamlFiles.documents(patchFile);
            if (documents.size() != 1) {
                throw new IllegalArgumentException(patchFile + ": expected one document");
            }
            operations = documents.get(0);
            source = patchFile.toString();
        } else if (entry.hasNonNull("patch")) {
            source = file + " (inline patch)";
            operations = YamlFiles.documents(entry.get("patch").asText(), source).get(0);
        } else {
            throw new IllegalArgumentException(file + ": a patch needs 'path' or 'patch'");
        }
        if (!operations.isArray()) {
            throw new IllegalArgumentException(source + ": strategic-merge patches are not supported by the test"
                    + " renderer: write a JSON 6902 list of operations");
        }
        JsonNode target = entry.get("target");
        if (target == null || !target.hasNonNull("kind") || !target.hasNonNull("name")) {
            throw new IllegalArgumentException(file + ": patch " + source + " needs a target with kind and name");
        }
        for (Iterator<String> names = target.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!Set.of("kind", "name", "group", "version").contains(key)) {
                throw new IllegalArgumentException(file + ": patch target field '" + key + "' is not supported");
            }
        }
        int applied = 0;
        for (ObjectNode resource : resources) {
            if (resource.path("kind").asText().equals(target.get("kind").asText())
                    && name(resource).equals(target.get("name").asText())) {
                Json6902.apply(resource, operations, source);
                applied++;
            }
        }
        if (applied == 0) {
            throw new IllegalArgumentException(file + ": patch " + source + " targets " + target.get("kind").asText()
                    + "/" + target.get("name").asText() + ", which is not among the resources");
        }
    }

    private static void applyImage(Path file, JsonNode entry, List<ObjectNode> resources) {
        String name = entry.path("name").asText();
        if (name.isEmpty()) {
            throw new IllegalArgumentException(file + ": an images entry needs a name");
        }
        for (ObjectNode resource : resources) {
            JsonNode podSpec = podSpec(resource);
            if (podSpec == null) {
                continue;
            }
            for (String field : List.of("containers", "initContainers")) {
                for (JsonNode container : podSpec.path(field)) {
                    String image = container.path("image").asText();
                    int slash = image.lastIndexOf('/');
                    int at = image.indexOf('@');
                    int colon = image.indexOf(':', slash + 1);
                    int end = at >= 0 ? at : colon >= 0 ? colon : image.length();
                    String imageName = image.substring(0, end);
                    if (!imageName.equals(name)) {
                        continue;
                    }
                    String suffix = image.substring(end);
                    String newName = entry.hasNonNull("newName") ? entry.get("newName").asText() : imageName;
                    if (entry.hasNonNull("digest")) {
                        suffix = "@" + entry.get("digest").asText();
                    } else if (entry.hasNonNull("newTag")) {
                        suffix = ":" + entry.get("newTag").asText();
                    }
                    ((ObjectNode) container).set("image", TextNode.valueOf(newName + suffix));
                }
            }
        }
    }

    private static void applyReplicas(Path file, JsonNode entry, List<ObjectNode> resources) {
        String name = entry.path("name").asText();
        int applied = 0;
        for (ObjectNode resource : resources) {
            if (POD_OWNERS.contains(resource.path("kind").asText()) && name(resource).equals(name)) {
                resource.withObjectProperty("spec").set("replicas", IntNode.valueOf(entry.path("count").asInt()));
                applied++;
            }
        }
        if (applied == 0) {
            throw new IllegalArgumentException(file + ": replicas for '" + name + "', which is not a workload here");
        }
    }

    private static JsonNode podSpec(JsonNode resource) {
        String kind = resource.path("kind").asText();
        if (POD_OWNERS.contains(kind)) {
            return resource.path("spec").path("template").path("spec");
        }
        if (kind.equals("CronJob")) {
            return resource.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
        }
        return null;
    }

    private static void checkUnique(List<ObjectNode> resources, Path file) {
        Set<String> seen = new LinkedHashSet<>();
        for (ObjectNode resource : resources) {
            String id = resource.path("kind").asText() + "/" + name(resource);
            if (!seen.add(id)) {
                throw new IllegalArgumentException(file + ": " + id + " is defined twice");
            }
        }
    }

    private static Iterable<JsonNode> list(JsonNode kustomization, String key, Path file) {
        JsonNode value = kustomization.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!(value instanceof ArrayNode)) {
            throw new IllegalArgumentException(file + ": '" + key + "' must be a list");
        }
        return value;
    }

    private static void expect(JsonNode node, String key, String expected, Path file) {
        JsonNode value = node.get(key);
        if (value != null && !value.asText().equals(expected)) {
            throw new IllegalArgumentException(file + ": " + key + " is '" + value.asText() + "', expected " + expected);
        }
    }

    private static ObjectNode metadata(ObjectNode resource) {
        return resource.withObjectProperty("metadata");
    }

    static String name(JsonNode resource) {
        return resource.path("metadata").path("name").asText();
    }

    /** Kind/name of each resource, e.g. for messages. */
    static String id(JsonNode resource) {
        return resource.path("kind").asText() + "/" + name(resource);
    }

    /** A deep copy, for the tests that break a rendering. */
    static List<ObjectNode> copy(List<ObjectNode> resources) {
        List<ObjectNode> copies = new ArrayList<>();
        resources.forEach(resource -> copies.add(resource.deepCopy()));
        return copies;
    }

    static Map<String, ObjectNode> byId(List<ObjectNode> resources) {
        Map<String, ObjectNode> map = new java.util.LinkedHashMap<>();
        resources.forEach(resource -> map.put(id(resource), resource));
        return map;
    }
}
