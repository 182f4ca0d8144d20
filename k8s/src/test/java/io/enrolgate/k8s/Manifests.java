package io.enrolgate.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Manifests as fabric8 Kubernetes model objects, and the fields the model does not know (typos). */
final class Manifests {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /**
     * The typed object of one manifest document. A kind the model does not know (a misspelt kind or
     * apiVersion) is an error, as is a document without apiVersion, kind or metadata.name.
     */
    static HasMetadata typed(JsonNode document, String source) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            throw new IllegalArgumentException(source + ": a manifest needs apiVersion and kind");
        }
        if (SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind) == null) {
            throw new IllegalArgumentException(source + ": " + apiVersion + " " + kind
                    + " is not a kind the Kubernetes model knows (misspelt kind or apiVersion?)");
        }
        KubernetesResource resource = SERIALIZATION.convertValue(document, KubernetesResource.class);
        if (!(resource instanceof HasMetadata typed) || resource instanceof GenericKubernetesResource) {
            throw new IllegalArgumentException(source + ": " + apiVersion + " " + kind + " did not parse as a typed resource");
        }
        if (typed.getMetadata() == null || typed.getMetadata().getName() == null) {
            throw new IllegalArgumentException(source + ": " + kind + " without metadata.name");
        }
        return typed;
    }

    static List<HasMetadata> typed(List<? extends JsonNode> documents, String source) {
        List<HasMetadata> resources = new ArrayList<>();
        for (JsonNode document : documents) {
            resources.add(typed(document, source));
        }
        return resources;
    }

    /**
     * Fields of the manifest that the model has no property for (fabric8 keeps them aside rather than
     * failing): {@code readinesProbe} instead of {@code readinessProbe} would otherwise go unnoticed.
     */
    static List<String> unknownFields(Object resource, String path) {
        List<String> found = new ArrayList<>();
        walk(resource, path, found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, entry) -> walk(entry, path + "." + key, found));
            return;
        }
        if (value instanceof Collection<?> collection) {
            int index = 0;
            for (Object entry : collection) {
                walk(entry, path + "[" + index++ + "]", found);
            }
            return;
        }
        Class<?> type = value.getClass();
        if (!type.getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || method.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = method.getName();
            if (name.equals("getAdditionalProperties")) {
                Object extra = invoke(method, value);
                if (extra instanceof Map<?, ?> map && !map.isEmpty()) {
                    found.add(path + ": unknown field(s) " + map.keySet());
                }
            } else if (name.startsWith("get") && name.length() > 3) {
                Class<?> returned = method.getReturnType();
                if (returned.getName().startsWith("io.fabric8.kubernetes.api.model")
                        || List.class.isAssignableFrom(returned) || Map.class.isAssignableFrom(returned)) {
                    String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
                    walk(invoke(method, value), path + "." + field, found);
                }
            }
        }
    }

    private static Object invoke(Method method, Object target) {
        try {
            return method.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }
}
