package io.enrolgate.demo.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The summary as text: a table with one row per device, then the totals and the latency percentiles. Keys
 * appear only as fingerprints (first 4 bytes of SHA-256).
 */
public final class SummaryTable {
    private static final String[] HEADERS = {"device", "mode", "joined", "key installed", "oneM2M retrieved", "equal",
        "assoc→key"};

    private SummaryTable() {
    }

    public static List<String> render(DemoSummary summary) {
        List<String[]> rows = new ArrayList<>();
        for (DeviceState d : summary.devices()) {
            rows.add(new String[] {
                d.ieee().toTopicHex(),
                d.device().mode() + (d.device().miscoded() ? "*" : ""),
                d.joined() ? "yes" : "no",
                d.installedFingerprint().orElse(d.reported() ? "no" : "-"),
                d.retrievedFingerprints().isEmpty() ? "no" : d.retrievedFingerprints().get(d.retrievedFingerprints().size() - 1),
                d.equal().map(e -> e ? "yes" : "NO").orElse("NO"),
                d.latencyMillis().isPresent() ? d.latencyMillis().getAsLong() + " ms" : "-",
            });
        }
        int[] widths = new int[HEADERS.length];
        for (int i = 0; i < HEADERS.length; i++) {
            widths[i] = HEADERS[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(HEADERS, widths));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        lines.add(rule.toString());
        rows.forEach(row -> lines.add(line(row, widths)));
        lines.add("");
        lines.addAll(totals(summary));
        return lines;
    }

    static List<String> totals(DemoSummary summary) {
        ProgressCounts c = summary.counts();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%d devices: %d joined, %d installed a key, %d keys retrieved by the oneM2M"
                + " application, %d equal, %d failed", c.devices(), c.joined(), c.keysInstalled(), c.retrieved(),
                c.equal(), c.devices() - c.equal()));
        if (summary.latencySamples() > 0) {
            lines.add(String.format(Locale.ROOT, "association → key installed: p50 %d ms, p99 %d ms (%d devices)",
                    summary.latencyP50Millis().getAsLong(), summary.latencyP99Millis().getAsLong(),
                    summary.latencySamples()));
        } else {
            lines.add("association → key installed: no device installed a key");
        }
        for (DeviceState failed : summary.failures()) {
            lines.add("FAILED " + failed.ieee().toTopicHex() + ": " + failed.failure().orElse("?"));
        }
        if (summary.devices().stream().anyMatch(d -> d.device().miscoded())) {
            lines.add("* registered with a wrong install code on purpose (--miscoded): expected to fail");
        }
        return lines;
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                text.append("  ");
            }
            text.append(cells[i]);
            if (i < cells.length - 1) {
                text.append(" ".repeat(widths[i] - cells[i].length()));
            }
        }
        return text.toString();
    }
}
