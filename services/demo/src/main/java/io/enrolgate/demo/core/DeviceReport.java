package io.enrolgate.demo.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the device simulator ({@code eg-device-sim --reveal-keys}) reports for one device when it is done: one
 * JSON line. The installed network key is in it (the simulator reveals it for exactly this comparison); it is
 * kept as a {@link SymmetricKey}, whose {@code toString()} shows only a fingerprint, and the line itself is never
 * stored or logged.
 *
 * @param outcome {@code key_installed}, or why not: {@code key_timeout}, {@code association_denied},
 *     {@code no_network}, ...
 * @param associated whether the device got a short address (it joined the PAN)
 * @param installedKey the network key the device installed, when it did
 * @param associationToKeyMillis the time from the association response to the installed key, when it did
 */
public record DeviceReport(IeeeAddress ieee, String outcome, String detail, boolean associated,
        Optional<SymmetricKey> installedKey, OptionalLong associationToKeyMillis) {
    public static final String KEY_INSTALLED = "key_installed";
    private static final ObjectMapper JSON = new ObjectMapper();

    public DeviceReport {
        Objects.requireNonNull(ieee, "ieee");
        Objects.requireNonNull(outcome, "outcome");
        detail = Objects.requireNonNullElse(detail, "");
        Objects.requireNonNull(installedKey, "installedKey");
        Objects.requireNonNull(associationToKeyMillis, "associationToKeyMillis");
    }

    /** The device installed a network key (whether or not this report still carries it). */
    public boolean keyInstalled() {
        return KEY_INSTALLED.equals(outcome);
    }

    /**
     * Parses one line of the simulator's output.
     *
     * @throws IllegalArgumentException saying what is wrong, without quoting the line (it may hold a key)
     */
    public static DeviceReport parse(String line) {
        JsonNode json;
        try {
            json = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("a device simulator line is not JSON");
        }
        if (json == null || !json.isObject() || !json.path("ieee").isTextual() || !json.path("outcome").isTextual()) {
            throw new IllegalArgumentException("a device simulator line has no ieee or outcome");
        }
        IeeeAddress ieee;
        try {
            ieee = IeeeAddress.parse(json.get("ieee").asText());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a device simulator line has a malformed IEEE address");
        }
        Optional<SymmetricKey> key = Optional.empty();
        if (json.path("key").isTextual()) {
            byte[] bytes;
            try {
                bytes = HexFormat.of().parseHex(json.get("key").asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("device " + ieee.toTopicHex() + ": the revealed key is not hex");
            }
            if (bytes.length != SymmetricKey.LENGTH) {
                throw new IllegalArgumentException("device " + ieee.toTopicHex() + ": the revealed key has "
                        + bytes.length + " bytes, expected 16");
            }
            key = Optional.of(SymmetricKey.of(bytes));
            java.util.Arrays.fill(bytes, (byte) 0);
        }
        JsonNode latency = json.path("timings_ms").path("association_to_key");
        return new DeviceReport(ieee, json.get("outcome").asText(), json.path("detail").asText(""),
                json.path("short").isTextual(), key,
                latency.isNumber() ? OptionalLong.of(latency.asLong()) : OptionalLong.empty());
    }

    @Override
    public String toString() {
        return "DeviceReport[" + ieee.toTopicHex() + ", " + outcome + installedKey.map(k -> ", key " + k.fingerprint())
                .orElse("") + "]";
    }
}
