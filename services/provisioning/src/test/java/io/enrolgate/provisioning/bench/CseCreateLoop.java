package io.enrolgate.provisioning.bench;

import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.provisioning.onem2m.CseNodeRegistrar;
import io.enrolgate.zigbee.IeeeAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CSE step alone: registers fresh nodes (CREATE {@code <AE>} + CREATE {@code <container>}) with provisioning's
 * own registrar, from {@code threads} threads and nothing else (no MQTT, MEF or database), to tell how much of a
 * provisioning is the CSE itself.
 */
public final class CseCreateLoop {
    private static final KeyIdentifier KEY_ID = KeyIdentifier.parse("00000000000000000000000000000001@mef.enrolgate.test");

    private final CseNodeRegistrar registrar;
    private final AtomicLong nextDevice = new AtomicLong(0x000D6FCC00000000L);

    public CseCreateLoop(CseNodeRegistrar registrar) {
        this.registrar = registrar;
    }

    /** What one loop measured. */
    public record Result(int threads, int nodes, double seconds) {
        public double nodesPerSecond() {
            return nodes / seconds;
        }

        public String describe() {
            return String.format(Locale.ROOT, "bare CSE loop, %d thread(s): %d nodes (AE + container) in %.1f s -> %.1f"
                    + " nodes/s, %.1f ms per node per thread", threads, nodes, seconds, nodesPerSecond(),
                    seconds * 1000 * threads / nodes);
        }
    }

    public Result run(int nodes, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                IeeeAddress device = new IeeeAddress(nextDevice.incrementAndGet());
                done.add(pool.submit(() -> {
                    registrar.registerNode(device, KEY_ID);
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
            return new Result(threads, nodes, (System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }
}
