package io.enrolgate.demo.app;

import io.enrolgate.demo.core.DemoOptions;
import io.enrolgate.demo.core.DemoPlan;
import io.enrolgate.demo.core.DemoSummary;
import io.enrolgate.demo.core.SummaryTable;
import io.enrolgate.demo.core.TsharkHint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@link DemoRun} tells its user around the progress: what the demo is about to do, the summary and the result
 * at the end, and an error's message as a user can act on it. Keys appear only as fingerprints.
 */
final class DemoReport {
    private DemoReport() {
    }

    /** The first line: what will happen. */
    static void introduction(PrintWriter out, DemoOptions options) {
        if (options.simulatesDevices()) {
            out.println(String.format(Locale.ROOT, "Enrolgate demo: %d simulated Zigbee device%s (%d sleepy%s) enrol"
                    + " through the gateway firmware's simulator; a oneM2M application fetches each key from the MEF.",
                    options.devices(), options.devices() == 1 ? "" : "s", options.sleepy(),
                    options.miscoded() > 0 ? ", " + options.miscoded() + " registered with a wrong install code" : ""));
        } else {
            out.println("Enrolgate demo with the gateway on " + options.serial().orElseThrow() + ".");
        }
        out.flush();
    }

    /** After the devices: the summary table, how to look into the capture with tshark, and the result. */
    static void summary(PrintWriter out, DemoSummary summary, Path pcap, DemoPlan plan) {
        out.println();
        out.println("Summary (keys shown as fingerprints: first 4 bytes of their SHA-256):");
        SummaryTable.render(summary).forEach(out::println);
        out.println();
        TsharkHint.render(pcap, plan).forEach(out::println);
        out.println();
        out.println(summary.allEqual()
                ? "Result: every device installed the key the oneM2M application retrieved from the MEF (exit status 0)."
                : "Result: " + summary.failures().size() + " of " + plan.size() + " devices did not end with the key"
                        + " the oneM2M application retrieved (exit status " + summary.exitStatus() + ").");
        out.flush();
    }

    /** {@code e}'s message, with its root cause's when that says something more. */
    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        return cause == e || message.contains(String.valueOf(cause.getMessage())) ? message
                : message + " (" + cause.getMessage() + ")";
    }
}
