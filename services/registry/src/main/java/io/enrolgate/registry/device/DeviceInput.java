package io.enrolgate.registry.device;

import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.installcode.InstallCodeException;
import io.enrolgate.zigbee.installcode.InstallCodeLabel;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A device as a person typed it (REST body, CSV line, CLI options), before validation. {@link #validate()}
 * is the one place that reads the install code text, in any label format the Zigbee library knows, and
 * reconciles the IEEE address given with the one a label may carry.
 *
 * @param ieee the IEEE address as typed, or empty when the label carries it
 * @param installCode the install code or label text
 */
public record DeviceInput(Optional<String> ieee, String installCode, List<String> targets, Map<String, String> labels) {

    public DeviceInput {
        ieee = ieee.map(String::strip).filter(text -> !text.isEmpty());
        targets = List.copyOf(targets);
        labels = Map.copyOf(labels);
    }

    /**
     * @throws InvalidDeviceException saying what is wrong; for a bad install code, the library's message
     */
    public NewDevice validate() {
        if (installCode == null || installCode.isBlank()) {
            throw new InvalidDeviceException("install code is missing: expected the code in hex with its CRC,"
                    + " or the text of the device's label or QR code");
        }
        InstallCodeLabel label;
        try {
            label = InstallCodeLabel.parse(installCode);
        } catch (InstallCodeException e) {
            throw new InvalidDeviceException(e.getMessage(), e);
        }
        Optional<IeeeAddress> given = ieee.map(DeviceInput::parseIeee);
        Optional<IeeeAddress> onLabel = label.ieeeAddress();
        if (given.isPresent() && onLabel.isPresent() && !given.get().equals(onLabel.get())) {
            throw new InvalidDeviceException("the IEEE address given (" + given.get() + ") differs from the one on"
                    + " the " + label.format() + " label (" + onLabel.get() + ")");
        }
        IeeeAddress address = given.or(() -> onLabel).orElseThrow(() -> new InvalidDeviceException(
                "IEEE address is missing: expected 16 hex digits (the install code is plain hex, so it does not"
                        + " carry the address)"));
        return new NewDevice(address, label.installCode(), targets, labels);
    }

    /**
     * Parses an IEEE address typed by a person. Not {@link IeeeAddress#parse} alone: its message quotes the
     * text, which in input whose fields are swapped would be the install code.
     */
    public static IeeeAddress parseIeee(String text) {
        String digits;
        try {
            digits = Hex.stripSeparators(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidDeviceException("IEEE address: " + e.getMessage(), e);
        }
        if (digits.length() != 2 * IeeeAddress.LENGTH) {
            throw new InvalidDeviceException("IEEE address has " + digits.length()
                    + " hex digits: expected 16 (8 bytes, display order, e.g. 000D6F000A0B0C0D)");
        }
        return IeeeAddress.parse(digits);
    }
}
