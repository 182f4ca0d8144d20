package io.enrolgate.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.common.storage.Database;
import io.enrolgate.common.storage.DatabaseKind;
import io.enrolgate.registry.TestDatabases;
import io.enrolgate.registry.counter.FrameCounterBlock;
import io.enrolgate.registry.counter.FrameCounterExhaustedException;
import io.enrolgate.zigbee.IeeeAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The durable high-water mark of frame counters, on each real database. */
class RegistryStoreFrameCounterTest {
    private static final IeeeAddress TC_A = IeeeAddress.parse("F4CE36000000AB01");
    private static final IeeeAddress TC_B = IeeeAddress.parse("F4CE36000000AB02");

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void blocksFollowEachOtherPerAddressFromZero(DatabaseKind kind) {
        try (RegistryStore store = TestDatabases.newStore(TestDatabases.fresh(kind, directory),
                TestDatabases.randomKek())) {
            assertThat(store.allocateFrameCounterBlock(TC_A, 100)).isEqualTo(new FrameCounterBlock(TC_A, 0, 100));
            assertThat(store.allocateFrameCounterBlock(TC_A, 10)).isEqualTo(new FrameCounterBlock(TC_A, 100, 10));
            assertThat(store.allocateFrameCounterBlock(TC_B, 5)).isEqualTo(new FrameCounterBlock(TC_B, 0, 5));
            assertThat(store.allocateFrameCounterBlock(TC_A, 1)).isEqualTo(new FrameCounterBlock(TC_A, 110, 1));
            assertThatThrownBy(() -> store.allocateFrameCounterBlock(TC_A, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 1 to");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theMarkSurvivesReopening(DatabaseKind kind) {
        var config = TestDatabases.fresh(kind, directory);
        try (RegistryStore store = TestDatabases.newStore(config, TestDatabases.randomKek())) {
            store.allocateFrameCounterBlock(TC_A, 500);
        }
        try (RegistryStore store = TestDatabases.newStore(config, TestDatabases.randomKek())) {
            assertThat(store.allocateFrameCounterBlock(TC_A, 1).first()).isEqualTo(500);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theLastBlockIsShortAndThenThereIsNoMore(DatabaseKind kind) throws SQLException {
        try (Database database = Database.open(TestDatabases.fresh(kind, directory), RegistryStoreBuilder.MIGRATIONS);
                RegistryStore store = new RegistryStoreBuilder().database(database)
                        .keyEncryptionKey(TestDatabases.randomKek()).build()) {
            store.allocateFrameCounterBlock(TC_A, 1);
            try (Connection connection = database.dataSource().getConnection()) {
                connection.createStatement().executeUpdate(
                        "UPDATE frame_counter SET next_counter = 4294967290 WHERE tc_address = '" + TC_A + "'");
            }
            assertThat(store.allocateFrameCounterBlock(TC_A, 100))
                    .isEqualTo(new FrameCounterBlock(TC_A, 4_294_967_290L, 6));
            assertThatThrownBy(() -> store.allocateFrameCounterBlock(TC_A, 1))
                    .isInstanceOf(FrameCounterExhaustedException.class)
                    .hasMessageContaining("every frame counter of Trust Center address F4CE36000000AB01");
            // The other address is unaffected.
            assertThat(store.allocateFrameCounterBlock(TC_B, 1).first()).isZero();
        }
    }
}
