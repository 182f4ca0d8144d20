package io.enrolgate.cli.serial;

import io.enrolgate.serialbridge.serial.SerialPortInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code enrolgate serial list}: the serial ports jSerialComm sees, one per line, with their USB identifiers
 * (vendor:product), description, manufacturer and serial number, so that the right one can be given to
 * {@code enrolgate serve serial-bridge --port}.
 */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List serial ports with their USB identifiers (vendor:product), description and serial number.",
            "Pseudo-terminals are not devices and are not listed; give their path to --port directly."
        })
public final class SerialListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<SerialPortInfo> ports = SerialPortInfo.list();
        if (ports.isEmpty()) {
            spec.commandLine().getErr().println("no serial ports found");
            return 0;
        }
        out.printf("%-28s %-10s %s%n", "PORT", "USB", "DESCRIPTION");
        for (SerialPortInfo port : ports) {
            out.println(line(port));
        }
        out.flush();
        return 0;
    }

    static String line(SerialPortInfo port) {
        StringBuilder details = new StringBuilder(port.description());
        if (!port.manufacturer().isEmpty()) {
            details.append(details.length() == 0 ? "" : ", ").append(port.manufacturer());
        }
        if (!port.serialNumber().isEmpty()) {
            details.append(details.length() == 0 ? "" : ", ").append("serial ").append(port.serialNumber());
        }
        if (!port.location().isEmpty()) {
            details.append(details.length() == 0 ? "" : ", ").append("at ").append(port.location());
        }
        return String.format("%-28s %-10s %s", port.path(), port.usbId().orElse("-"), details);
    }
}
