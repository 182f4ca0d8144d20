package io.enrolgate.mef.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enrolgate.mef.core.Printable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the members of one JSON object with messages that say which member was wrong and what was
 * expected. Unknown members are refused, so that a misspelt parameter is not silently ignored. Error
 * messages never quote the value of {@link MmefFields#KEY_VALUE}.
 */
final class JsonObjectReader {
    private final ObjectNode object;
    private final String what;

    private JsonObjectReader(ObjectNode object, String what) {
        this.object = object;
        this.what = what;
    }

    /** Parses {@code body} as one JSON object and refuses members outside {@code known}. */
    static JsonObjectReader parse(byte[] body, String what, Set<String> known) {
        JsonNode node;
        try {
            node = MmefJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                // Names the member only, e.g. "Duplicate field 'keyValue'".
                throw new IllegalArgumentException(what + " has a member twice (" + Printable.of(
                        e.getOriginalMessage(), 80) + "): expected each member once");
            }
            if (e instanceof StreamConstraintsException) {
                throw new IllegalArgumentException(what + " is not valid JSON: it exceeds the limits of Mmef"
                        + " payloads (nesting depth 8, strings of 16 KiB): expected one flat JSON object");
            }
            // Jackson's other messages may quote the input (and so a key); keep only where it broke.
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(what + " is not valid JSON" + (at == null ? "" : " (line "
                    + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": expected one JSON object");
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " could not be read as JSON: expected one JSON object");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " is not a JSON object: expected {...}");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException(what + " has unknown member '" + Printable.of(name, 60)
                        + "': expected only " + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return new JsonObjectReader((ObjectNode) node, what);
    }

    boolean has(String name) {
        return object.has(name) && !object.get(name).isNull();
    }

    String requiredString(String name) {
        return optionalString(name).orElseThrow(() -> missing(name, "a string"));
    }

    Optional<String> optionalString(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode node = object.get(name);
        if (!node.isTextual()) {
            throw wrongType(name, "a string", node);
        }
        return Optional.of(node.textValue());
    }

    int requiredInt(String name) {
        if (!has(name)) {
            throw missing(name, "an integer");
        }
        JsonNode node = object.get(name);
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw wrongType(name, "an integer", node);
        }
        return node.intValue();
    }

    List<String> requiredStringList(String name, int maxCount) {
        return optionalStringList(name, maxCount).orElseThrow(() -> missing(name, "an array of strings"));
    }

    Optional<List<String>> optionalStringList(String name, int maxCount) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode node = object.get(name);
        if (!node.isArray()) {
            throw wrongType(name, "an array of strings", node);
        }
        if (node.size() > maxCount) {
            throw new IllegalArgumentException(what + ": " + name + " has " + node.size()
                    + " entries, at most " + maxCount + " allowed");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw wrongType(name + "[" + values.size() + "]", "a string", element);
            }
            values.add(element.textValue());
        }
        return Optional.of(values);
    }

    private IllegalArgumentException missing(String name, String expected) {
        return new IllegalArgumentException(what + ": " + name + " is missing: expected " + expected);
    }

    private IllegalArgumentException wrongType(String name, String expected, JsonNode node) {
        return new IllegalArgumentException(what + ": " + name + " is a JSON " + node.getNodeType().name()
                .toLowerCase(Locale.ROOT) + ": expected " + expected);
    }
}
