package io.enrolgate.registry.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.storage.DatabaseKind;
import io.enrolgate.registry.TestDatabases;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.zigbee.IeeeAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FrameCounterAllocatorTest {
    private static final IeeeAddress TC = IeeeAddress.parse("F4CE36000000AB01");
    private static final IeeeAddress OTHER_TC = IeeeAddress.parse("F4CE36000000AB02");
    private static final int THREADS_PER_REPLICA = 4;
    private static final int COUNTERS_PER_THREAD = 500;
    private static final int BLOCK_SIZE = 37;

    @TempDir
    Path directory;

    /**
     * Two "replicas" (each its own store, so its own connection pool, and its own allocator) on one
     * database, with several threads each, draw counters for two Trust Center addresses at once: no counter
     * is handed out twice per address. Then a "restarted" replica only gets counters above all of them.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void replicasNeverShareACounterAndARestartOnlyGoesUp(DatabaseKind kind) throws Exception {
        DatabaseConfig config = TestDatabases.fresh(kind, directory);
        KeyEncryptionKey kek = TestDatabases.randomKek();
        List<Long> handedOut = Collections.synchronizedList(new ArrayList<>());
        List<Long> handedOutOther = Collections.synchronizedList(new ArrayList<>());
        try (RegistryStore replicaA = TestDatabases.newStore(config, kek);
                RegistryStore replicaB = TestDatabases.newStore(config, kek)) {
            List<FrameCounterAllocator> allocators = List.of(new FrameCounterAllocator(replicaA, BLOCK_SIZE),
                    new FrameCounterAllocator(replicaB, BLOCK_SIZE));
            ExecutorService threads = Executors.newFixedThreadPool(2 * THREADS_PER_REPLICA);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (FrameCounterAllocator allocator : allocators) {
                for (int t = 0; t < THREADS_PER_REPLICA; t++) {
                    boolean alsoOther = t % 2 == 0;
                    work.add(threads.submit(() -> {
                        start.await();
                        for (int i = 0; i < COUNTERS_PER_THREAD; i++) {
                            handedOut.add(allocator.next(TC));
                            if (alsoOther) {
                                handedOutOther.add(allocator.next(OTHER_TC));
                            }
                        }
                        return null;
                    }));
                }
            }
            start.countDown();
            for (Future<?> future : work) {
                future.get();
            }
            threads.shutdown();

            int expected = 2 * THREADS_PER_REPLICA * COUNTERS_PER_THREAD;
            assertThat(handedOut).hasSize(expected).doesNotHaveDuplicates();
            assertThat(handedOutOther).hasSize(expected / 2).doesNotHaveDuplicates();
            // Blocks, not single counters, went to the database: the hot path mostly stays in memory.
            long blocks = allocators.get(0).blocksReserved() + allocators.get(1).blocksReserved();
            assertThat(blocks).isLessThan(expected);
        }

        long highest = Collections.max(handedOut);
        try (RegistryStore restarted = TestDatabases.newStore(config, kek)) {
            FrameCounterAllocator allocator = new FrameCounterAllocator(restarted, BLOCK_SIZE);
            Set<Long> after = new HashSet<>();
            for (int i = 0; i < 3 * BLOCK_SIZE; i++) {
                after.add(allocator.next(TC));
            }
            assertThat(after).hasSize(3 * BLOCK_SIZE).allSatisfy(counter -> assertThat(counter).isGreaterThan(highest));
            assertThat(allocator.next(OTHER_TC)).isGreaterThan(Collections.max(handedOutOther));
        }
    }

    @Test
    void aCrashedReplicasUnusedBlockIsAbandonedNotReissued() {
        DatabaseConfig config = TestDatabases.fresh(DatabaseKind.H2, directory);
        KeyEncryptionKey kek = TestDatabases.randomKek();
        long lastUsed;
        try (RegistryStore crashing = TestDatabases.newStore(config, kek)) {
            FrameCounterAllocator allocator = new FrameCounterAllocator(crashing, 100);
            allocator.next(TC);
            lastUsed = allocator.next(TC); // 1; counters 2..99 of the block are never used
        }
        try (RegistryStore next = TestDatabases.newStore(config, kek)) {
            assertThat(lastUsed).isEqualTo(1);
            assertThat(new FrameCounterAllocator(next, 100).next(TC)).isEqualTo(100);
        }
    }

    @Test
    void refusesANonsensicalBlockSize() {
        try (RegistryStore store = TestDatabases.newStore(TestDatabases.fresh(DatabaseKind.H2, directory),
                TestDatabases.randomKek())) {
            assertThatThrownBy(() -> new FrameCounterAllocator(store, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 1 to");
        }
    }
}
