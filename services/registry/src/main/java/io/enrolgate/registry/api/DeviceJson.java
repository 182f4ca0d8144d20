package io.enrolgate.registry.api;

import io.enrolgate.registry.device.Device;
import io.enrolgate.registry.device.DeviceInput;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON of the admin API. Reading is strict (unknown fields and wrong types are refused, saying what
 * was expected); writing never includes an install code or key, only {@code "installCodeSet"}.
 */
final class DeviceJson {
    private static final Set<String> FIELDS = Set.of("ieee", "installCode", "targets", "labels");
    private static final String EXPECTED = "expected a JSON object such as {\"ieee\": \"000D6F000A0B0C0D\","
            + " \"installCode\": \"<hex or label text>\", \"targets\": [\"CAdmin\"], \"labels\": {\"room\": \"hall\"}}";

    private DeviceJson() {
    }

    static JsonObject toJson(Device device) {
        JsonObject labels = new JsonObject();
        device.labels().forEach(labels::put);
        return new JsonObject()
                .put("ieee", device.ieee().toDisplayHex())
                .put("status", device.status().name())
                .put("keySequence", device.keySequence())
                .put("installCodeSet", device.installCodeSet())
                .put("targets", new JsonArray(device.targets()))
                .put("labels", labels)
                .put("createdAt", device.createdAt().toString())
                .put("updatedAt", device.updatedAt().toString());
    }

    static JsonArray toJson(List<Device> devices) {
        JsonArray array = new JsonArray();
        devices.forEach(device -> array.add(toJson(device)));
        return array;
    }

    /** @throws IllegalArgumentException saying what is wrong with the body */
    static DeviceInput fromBody(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new IllegalArgumentException("request body is empty: " + EXPECTED);
        }
        Object parsed;
        try {
            parsed = body.toJsonValue();
        } catch (DecodeException e) {
            // The parser's own message quotes the text around the error, which may be the install code.
            throw new IllegalArgumentException("request body is not valid JSON: " + EXPECTED);
        }
        if (!(parsed instanceof JsonObject json)) {
            throw new IllegalArgumentException("request body is JSON but not an object: " + EXPECTED);
        }
        for (String name : json.fieldNames()) {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "': expected ieee, installCode,"
                        + " targets, labels");
            }
        }
        Optional<String> ieee = Optional.ofNullable(string(json, "ieee"));
        String installCode = string(json, "installCode");
        if (installCode == null) {
            throw new IllegalArgumentException("field 'installCode' is missing: " + EXPECTED);
        }
        return new DeviceInput(ieee, installCode, targets(json), labels(json));
    }

    private static String string(JsonObject json, String name) {
        Object value = json.getValue(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException("field '" + name + "' must be a string, not " + typeOf(value));
    }

    private static List<String> targets(JsonObject json) {
        Object value = json.getValue("targets");
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException("field 'targets' must be an array of AE-ID strings, not "
                    + typeOf(value));
        }
        List<String> targets = new ArrayList<>();
        for (Object target : array) {
            if (!(target instanceof String text)) {
                throw new IllegalArgumentException("field 'targets' must hold strings only, not " + typeOf(target));
            }
            targets.add(text);
        }
        return targets;
    }

    private static Map<String, String> labels(JsonObject json) {
        Object value = json.getValue("labels");
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException("field 'labels' must be an object of string values, not "
                    + typeOf(value));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String name : object.fieldNames()) {
            if (!(object.getValue(name) instanceof String text)) {
                throw new IllegalArgumentException("label '" + name + "' must be a string, not "
                        + typeOf(object.getValue(name)));
            }
            labels.put(name, text);
        }
        return labels;
    }

    private static String typeOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof JsonObject) {
            return "an object";
        }
        if (value instanceof JsonArray) {
            return "an array";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
