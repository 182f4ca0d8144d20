package io.enrolgate.zigbee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared test vectors, ../shared/vectors/zigbee.json beside the checkout (the build passes its
 * path as the system property {@code enrolgate.vectors}). A missing file fails the test: vectors
 * that silently do not run would be coverage in name only.
 */
public final class SharedVectors {
    private static JsonNode root;

    private SharedVectors() {
    }

    public static synchronized JsonNode root() {
        if (root == null) {
            Path path = Path.of(System.getProperty("enrolgate.vectors", "../../../shared/vectors/zigbee.json"));
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException("shared test vectors not found at " + path.toAbsolutePath()
                        + ": the checkout must sit beside shared/ (set -Denrolgate.vectors=PATH otherwise)");
            }
            try {
                root = new ObjectMapper().readTree(path.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** The entries of one section, e.g. {@code "hmac_mmo"}. */
    public static List<JsonNode> section(String name) {
        JsonNode node = root().get(name);
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new IllegalStateException("vector section '" + name + "' is missing or empty");
        }
        List<JsonNode> entries = new ArrayList<>();
        node.forEach(entries::add);
        return entries;
    }

    public static byte[] hex(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null) {
            throw new IllegalStateException("vector entry has no field '" + field + "': " + entry);
        }
        return Hex.decode(value.asText());
    }
}
