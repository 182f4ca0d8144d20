package io.enrolgate.demo.core;

import io.enrolgate.zigbee.IeeeAddress;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Shows progress as devices join. On a terminal: one line redrawn in place, a bar of the devices whose key is
 * settled and the counts of each step. Otherwise (a pipe, a file, CI): one plain line per step a device takes.
 * Keys appear only as fingerprints.
 */
public abstract class ProgressRenderer implements ProgressListener {
    protected final PrintWriter out;

    protected ProgressRenderer(PrintWriter out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    public static ProgressRenderer forTerminal(boolean terminal, PrintWriter out) {
        return terminal ? new Bar(out) : new Lines(out);
    }

    /** Leaves the output ready for what follows (ends the redrawn line). */
    public abstract void finish();

    /** A plain line per step. */
    public static final class Lines extends ProgressRenderer {
        private final Map<IeeeAddress, DeviceState> shown = new HashMap<>();

        public Lines(PrintWriter out) {
            super(out);
        }

        @Override
        public synchronized void changed(DeviceState now, ProgressCounts counts) {
            DeviceState before = shown.get(now.ieee());
            shown.put(now.ieee(), now);
            String device = String.format(Locale.ROOT, "[%" + width(counts.devices()) + "d/%d] %s", counts.reported(),
                    counts.devices(), now.ieee().toTopicHex());
            if (now.rejection().isPresent() && (before == null || before.rejection().isEmpty())) {
                out.println(device + " rejected by key-forge: " + now.rejection().get());
            }
            if (now.reported() && (before == null || !before.reported())) {
                if (now.keyInstalled()) {
                    out.println(device + " joined and installed key " + now.installedFingerprint().orElse("?")
                            + (now.latencyMillis().isPresent() ? " " + now.latencyMillis().getAsLong()
                                    + " ms after its association" : ""));
                } else {
                    out.println(device + (now.joined() ? " joined but" : "") + " did not install a key: "
                            + now.report().map(r -> r.outcome() + (r.detail().isBlank() ? "" : " (" + r.detail() + ")"))
                                    .orElse("?"));
                }
            }
            if (now.provisioningFailure().isPresent() && (before == null || before.provisioningFailure().isEmpty())) {
                out.println(device + " provisioning failed: " + now.provisioningFailure().get());
            }
            if (now.retrievedFingerprints().size() > (before == null ? 0 : before.retrievedFingerprints().size())) {
                String fingerprint = now.retrievedFingerprints().get(now.retrievedFingerprints().size() - 1);
                out.println(device + " oneM2M application retrieved key " + fingerprint + " from the MEF"
                        + now.equal().map(e -> e ? ": equal to the installed key" : ": DIFFERS from the installed key")
                                .orElse(""));
            } else if (now.equal().isPresent() && (before == null || before.equal().isEmpty())) {
                out.println(device + (now.equal().get() ? " installed key equals the retrieved key"
                        : " installed key DIFFERS from the retrieved key"));
            }
            if (now.retrievalFailure().isPresent() && (before == null || before.retrievalFailure().isEmpty())) {
                out.println(device + " MEF retrieval failed: " + now.retrievalFailure().get());
            }
            out.flush();
        }

        @Override
        public void finish() {
            out.flush();
        }

        private static int width(int count) {
            return Integer.toString(count).length();
        }
    }

    /** One line redrawn in place. */
    public static final class Bar extends ProgressRenderer {
        static final int BAR_WIDTH = 30;
        private boolean drawn;

        public Bar(PrintWriter out) {
            super(out);
        }

        @Override
        public synchronized void changed(DeviceState device, ProgressCounts counts) {
            out.print("\r" + line(counts) + "\033[K");
            out.flush();
            drawn = true;
        }

        static String line(ProgressCounts c) {
            int done = c.equal() + c.failed();
            int filled = c.devices() == 0 ? 0 : (int) ((long) done * BAR_WIDTH / c.devices());
            return String.format(Locale.ROOT, "[%s%s] %d/%d  joined %d · key installed %d · retrieved %d · equal %d%s",
                    "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), done, c.devices(), c.joined(), c.keysInstalled(),
                    c.retrieved(), c.equal(), c.failed() > 0 ? " · FAILED " + c.failed() : "");
        }

        @Override
        public synchronized void finish() {
            if (drawn) {
                out.println();
            }
            out.flush();
        }
    }
}
