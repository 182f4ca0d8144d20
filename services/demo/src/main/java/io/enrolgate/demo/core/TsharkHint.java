package io.enrolgate.demo.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * How to look inside the capture: the throwaway install codes and link keys of the demo's devices, and the
 * tshark command that decrypts every Transport Key in the pcap with them. These are the only key bytes the demo
 * ever prints, and it says why they may be printed.
 */
public final class TsharkHint {
    private TsharkHint() {
    }

    public static List<String> render(Path pcap, DemoPlan plan) {
        List<String> lines = new ArrayList<>();
        lines.add("Radio capture: " + pcap + " (802.15.4 with FCS, link type 195; Wireshark opens it).");
        lines.add("To decrypt it, Wireshark needs each device's link key (Preferences → Protocols → ZigBee →");
        lines.add("Pre-configured Keys). These install codes and link keys are THROWAWAY DEMO KEYS, made up for this");
        lines.add("run and known to nothing else; never print real ones:");
        lines.add(String.format("  %-16s  %-36s  %s", "device", "install code (with CRC)", "link key"));
        for (PlannedDevice d : plan.devices()) {
            lines.add(String.format("  %-16s  %-36s  %s", d.ieee().toTopicHex(),
                    HexFormat.of().withUpperCase().formatHex(d.installCode().toBytesWithCrc()),
                    d.installCode().linkKey().toHexUnsafe()));
            if (d.miscoded()) {
                lines.add(String.format("  %-16s  %-36s  %s  (registered by mistake, on purpose)", "",
                        HexFormat.of().withUpperCase().formatHex(d.registeredCode().toBytesWithCrc()),
                        d.registeredCode().linkKey().toHexUnsafe()));
            }
        }
        lines.add("With tshark, the Transport Keys decrypted (one line per enrolment: device, network key):");
        lines.add("  " + command(pcap, plan));
        return lines;
    }

    /** The tshark command line, quoted for a POSIX shell. */
    public static String command(Path pcap, DemoPlan plan) {
        StringBuilder command = new StringBuilder("tshark -r ").append(shellQuote(pcap.toString()));
        for (PlannedDevice d : plan.devices()) {
            command.append(" -o ").append(keyOption(d.installCode().linkKey().toHexUnsafe(), d.ieee().toTopicHex()));
            if (d.miscoded()) {
                // key-forge sealed its Transport Key with the registered (wrong) code's link key.
                command.append(" -o ").append(keyOption(d.registeredCode().linkKey().toHexUnsafe(),
                        d.ieee().toTopicHex() + " registered"));
            }
        }
        command.append(" -Y zbee_aps.cmd.key -T fields -e zbee_aps.cmd.dst -e zbee_aps.cmd.key");
        return command.toString();
    }

    private static String keyOption(String linkKey, String label) {
        return shellQuote("uat:zigbee_pc_keys:\"" + linkKey + "\",\"Normal\",\"" + label + "\"");
    }

    static String shellQuote(String text) {
        if (text.matches("[A-Za-z0-9_./:=@+-]+")) {
            return text;
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
