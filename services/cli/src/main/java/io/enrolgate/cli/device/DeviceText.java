package io.enrolgate.cli.device;

import io.enrolgate.registry.device.Device;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the CLI prints devices: the install code only as "set", never its value. */
final class DeviceText {
    private static final String ROW = "%-16s  %-8s  %6s  %-12s  %-24s  %s%n";

    private DeviceText() {
    }

    static void table(PrintWriter out, List<Device> devices) {
        out.printf(Locale.ROOT, ROW, "IEEE", "STATUS", "KEYSEQ", "INSTALL CODE", "TARGETS", "LABELS");
        for (Device device : devices) {
            out.printf(Locale.ROOT, ROW, device.ieee(), device.status(), device.keySequence(), installCode(device),
                    targets(device), labels(device));
        }
        out.flush();
    }

    static void details(PrintWriter out, Device device) {
        out.printf(Locale.ROOT, "ieee:          %s%n", device.ieee());
        out.printf(Locale.ROOT, "status:        %s%n", device.status());
        out.printf(Locale.ROOT, "key sequence:  %d%n", device.keySequence());
        out.printf(Locale.ROOT, "install code:  %s%n", installCode(device));
        out.printf(Locale.ROOT, "targets:       %s%n", targets(device));
        out.printf(Locale.ROOT, "labels:        %s%n", labels(device));
        out.printf(Locale.ROOT, "created:       %s%n", device.createdAt());
        out.printf(Locale.ROOT, "updated:       %s%n", device.updatedAt());
        out.flush();
    }

    private static String installCode(Device device) {
        return device.installCodeSet() ? "set" : "not set";
    }

    private static String targets(Device device) {
        return device.targets().isEmpty() ? "-" : String.join(",", device.targets());
    }

    private static String labels(Device device) {
        return device.labels().isEmpty() ? "-" : device.labels().entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(","));
    }
}
