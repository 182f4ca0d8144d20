package io.enrolgate.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON Patch (RFC 6902) operations add, replace and remove, with RFC 6901 pointers: what the overlays'
 * kustomize patches use. Anything else is refused, so that a patch is never silently half applied.
 */
final class Json6902 {
    private Json6902() {
    }

    static void apply(JsonNode document, JsonNode operations, String source) {
        if (!operations.isArray()) {
            throw new IllegalArgumentException(source + ": a JSON 6902 patch is a list of operations");
        }
        for (JsonNode operation : operations) {
            String op = text(operation, "op", source);
            String path = text(operation, "path", source);
            switch (op) {
                case "add" -> add(document, path, value(operation, source), source);
                case "replace" -> replace(document, path, value(operation, source), source);
                case "remove" -> remove(document, path, source);
                default -> throw new IllegalArgumentException(source + ": unsupported patch operation '" + op + "'");
            }
        }
    }

    private static void add(JsonNode document, String path, JsonNode value, String source) {
        List<String> tokens = tokens(path, source);
        JsonNode parent = parent(document, tokens, path, source);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value.deepCopy());
        } else if (parent instanceof ArrayNode array) {
            if (last.equals("-")) {
                array.add(value.deepCopy());
            } else {
                int index = index(last, array.size() + 1, path, source);
                array.insert(index, value.deepCopy());
            }
        } else {
            throw new IllegalArgumentException(source + ": cannot add at " + path + ": its parent is not a container");
        }
    }

    private static void replace(JsonNode document, String path, JsonNode value, String source) {
        List<String> tokens = tokens(path, source);
        JsonNode parent = parent(document, tokens, path, source);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode object) {
            if (!object.has(last)) {
                throw new IllegalArgumentException(source + ": cannot replace " + path + ": it does not exist");
            }
            object.set(last, value.deepCopy());
        } else if (parent instanceof ArrayNode array) {
            array.set(index(last, array.size(), path, source), value.deepCopy());
        } else {
            throw new IllegalArgumentException(source + ": cannot replace " + path + ": its parent is not a container");
        }
    }

    private static void remove(JsonNode document, String path, String source) {
        List<String> tokens = tokens(path, source);
        JsonNode parent = parent(document, tokens, path, source);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode object && object.has(last)) {
            object.remove(last);
        } else if (parent instanceof ArrayNode array) {
            array.remove(index(last, array.size(), path, source));
        } else {
            throw new IllegalArgumentException(source + ": cannot remove " + path + ": it does not exist");
        }
    }

    private static JsonNode parent(JsonNode document, List<String> tokens, String path, String source) {
        JsonNode node = document;
        for (String token : tokens.subList(0, tokens.size() - 1)) {
            JsonNode next = node.isArray() ? node.get(index(token, node.size(), path, source)) : node.get(token);
            if (next == null) {
                throw new IllegalArgumentException(source + ": path " + path + " does not exist (at '" + token + "')");
            }
            node = next;
        }
        return node;
    }

    private static List<String> tokens(String path, String source) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(source + ": JSON pointer '" + path + "' must start with /");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : path.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static int index(String token, int bound, String path, String source) {
        try {
            int index = Integer.parseInt(token);
            if (index >= 0 && index < bound) {
                return index;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(source + ": path " + path + ": '" + token + "' is not an index below " + bound);
    }

    private static String text(JsonNode operation, String field, String source) {
        JsonNode value = operation.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(source + ": a patch operation lacks '" + field + "'");
        }
        return value.asText();
    }

    private static JsonNode value(JsonNode operation, String source) {
        JsonNode value = operation.get("value");
        if (value == null) {
            throw new IllegalArgumentException(source + ": a patch operation lacks 'value'");
        }
        return value;
    }
}
