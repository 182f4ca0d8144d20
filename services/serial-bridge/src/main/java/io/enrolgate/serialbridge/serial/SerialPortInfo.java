package io.enrolgate.serialbridge.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A serial port of this machine as the operating system describes it, with its USB identifiers when it is a
 * USB device (an nRF52840 dongle or DK shows as {@code 1915:xxxx} or, through its J-Link, {@code 1366:xxxx}).
 *
 * @param vendorId USB vendor id, -1 when not USB
 * @param productId USB product id, -1 when not USB
 */
public record SerialPortInfo(String path, String description, String manufacturer, int vendorId, int productId,
        String serialNumber, String location) {

    /** The ports jSerialComm finds, by path. Pseudo-terminals are not listed: they are not devices. */
    public static List<SerialPortInfo> list() {
        return Arrays.stream(SerialPort.getCommPorts())
                .map(SerialPortInfo::of)
                .sorted(Comparator.comparing(SerialPortInfo::path))
                .toList();
    }

    static SerialPortInfo of(SerialPort port) {
        return new SerialPortInfo(port.getSystemPortPath(), clean(port.getPortDescription()), clean(port.getManufacturer()),
                port.getVendorID(), port.getProductID(), clean(port.getSerialNumber()), clean(port.getPortLocation()));
    }

    /** {@code 1915:520f} for a USB port. */
    public Optional<String> usbId() {
        if (vendorId < 0 || productId < 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%04x:%04x", vendorId, productId));
    }

    private static String clean(String text) {
        return text == null || text.isBlank() || text.equalsIgnoreCase("Unknown") ? "" : text.strip();
    }
}
