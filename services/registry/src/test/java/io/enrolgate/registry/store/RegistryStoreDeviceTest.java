package io.enrolgate.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.common.crypto.AtRestCipherException;
import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.storage.DatabaseKind;
import io.enrolgate.registry.TestDatabases;
import io.enrolgate.registry.TestDevices;
import io.enrolgate.registry.device.Device;
import io.enrolgate.registry.device.DeviceAlreadyExistsException;
import io.enrolgate.registry.device.DeviceLinkKey;
import io.enrolgate.registry.device.DeviceStatus;
import io.enrolgate.registry.device.NewDevice;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The device part of the store, on each real database. */
class RegistryStoreDeviceTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");

    @TempDir
    Path directory;

    private RegistryStore open(DatabaseKind kind, KeyEncryptionKey kek) {
        return new RegistryStoreBuilder().database(TestDatabases.fresh(kind, directory)).keyEncryptionKey(kek)
                .clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void storesADeviceAndShowsThatItsInstallCodeIsSetWithoutShowingIt(DatabaseKind kind) {
        try (RegistryStore store = open(kind, TestDatabases.randomKek())) {
            Device added = store.addDevice(TestDevices.known());
            Device found = store.findDevice(TestDevices.KNOWN_IEEE).orElseThrow();

            assertThat(found).isEqualTo(added);
            assertThat(found.ieee()).isEqualTo(TestDevices.KNOWN_IEEE);
            assertThat(found.status()).isEqualTo(DeviceStatus.ACTIVE);
            assertThat(found.keySequence()).isZero();
            assertThat(found.labels()).containsExactly(Map.entry("model", "bulb-e27"), Map.entry("room", "kitchen"));
            assertThat(found.targets()).containsExactly("CAdmin", "/in-cse/Capp");
            assertThat(found.installCodeSet()).isTrue();
            assertThat(found.createdAt()).isEqualTo(T0);
            assertThat(found.updatedAt()).isEqualTo(T0);
            assertThat(found.toString()).doesNotContainIgnoringCase(TestDevices.KNOWN_CODE_HEX.substring(0, 12));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void givesKeyForgeTheLinkKeyDerivedFromTheInstallCode(DatabaseKind kind) {
        try (RegistryStore store = open(kind, TestDatabases.randomKek())) {
            store.addDevice(TestDevices.known());
            DeviceLinkKey linkKey = store.findLinkKey(TestDevices.KNOWN_IEEE).orElseThrow();
            assertThat(linkKey.linkKey()).isEqualTo(SymmetricKey.fromHex(TestDevices.KNOWN_LINK_KEY_HEX));
            assertThat(linkKey.status()).isEqualTo(DeviceStatus.ACTIVE);
            assertThat(store.findLinkKey(new IeeeAddress(1))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void refusesASecondDeviceWithTheSameAddressAndKeepsTheFirst(DatabaseKind kind) {
        try (RegistryStore store = open(kind, TestDatabases.randomKek())) {
            store.addDevice(TestDevices.known());
            NewDevice impostor = new NewDevice(TestDevices.KNOWN_IEEE, TestDevices.randomCode(), List.of(),
                    Map.of("room", "attic"));
            assertThatThrownBy(() -> store.addDevice(impostor))
                    .isInstanceOf(DeviceAlreadyExistsException.class)
                    .hasMessageContaining("000D6F000A0B0C0D is already registered");
            assertThat(store.findDevice(TestDevices.KNOWN_IEEE).orElseThrow().labels()).containsEntry("room", "kitchen");
            assertThat(store.findLinkKey(TestDevices.KNOWN_IEEE).orElseThrow().linkKey())
                    .isEqualTo(SymmetricKey.fromHex(TestDevices.KNOWN_LINK_KEY_HEX));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void addsABatchWhollyOrNotAtAll(DatabaseKind kind) {
        try (RegistryStore store = open(kind, TestDatabases.randomKek())) {
            store.addDevice(TestDevices.known());
            NewDevice first = TestDevices.random();
            NewDevice second = TestDevices.random();
            NewDevice clash = new NewDevice(TestDevices.KNOWN_IEEE, TestDevices.randomCode(), List.of(), Map.of());

            assertThatThrownBy(() -> store.addDevices(List.of(first, second, clash)))
                    .isInstanceOf(DeviceAlreadyExistsException.class);
            assertThat(store.listDevices()).extracting(Device::ieee).containsExactly(TestDevices.KNOWN_IEEE);

            assertThatThrownBy(() -> store.addDevices(List.of(first, second, first)))
                    .isInstanceOf(DeviceAlreadyExistsException.class)
                    .hasMessageContaining(first.ieee().toString());
            assertThat(store.listDevices()).hasSize(1);

            assertThat(store.addDevices(List.of(first, second))).hasSize(2);
            assertThat(store.listDevices()).extracting(Device::ieee)
                    .containsExactlyElementsOf(List.of(first.ieee(), second.ieee(), TestDevices.KNOWN_IEEE).stream()
                            .sorted().toList());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void disablesEnablesAndRemoves(DatabaseKind kind) {
        try (RegistryStore store = open(kind, TestDatabases.randomKek())) {
            store.addDevice(TestDevices.known());
            IeeeAddress unknown = new IeeeAddress(42);

            assertThat(store.setDeviceStatus(TestDevices.KNOWN_IEEE, DeviceStatus.DISABLED).orElseThrow().status())
                    .isEqualTo(DeviceStatus.DISABLED);
            assertThat(store.findLinkKey(TestDevices.KNOWN_IEEE).orElseThrow().status())
                    .isEqualTo(DeviceStatus.DISABLED);
            assertThat(store.setDeviceStatus(TestDevices.KNOWN_IEEE, DeviceStatus.ACTIVE).orElseThrow().status())
                    .isEqualTo(DeviceStatus.ACTIVE);
            assertThat(store.setDeviceStatus(unknown, DeviceStatus.DISABLED)).isEmpty();

            assertThat(store.removeDevice(TestDevices.KNOWN_IEEE)).isTrue();
            assertThat(store.removeDevice(TestDevices.KNOWN_IEEE)).isFalse();
            assertThat(store.findDevice(TestDevices.KNOWN_IEEE)).isEmpty();
            assertThat(store.findLinkKey(TestDevices.KNOWN_IEEE)).isEmpty();

            // Its labels and targets went with it: the address can be registered afresh.
            NewDevice again = new NewDevice(TestDevices.KNOWN_IEEE, TestDevices.randomCode(), List.of("Cnew"),
                    Map.of("room", "hall"));
            assertThat(store.addDevice(again).labels()).containsExactly(Map.entry("room", "hall"));
            assertThat(store.findDevice(TestDevices.KNOWN_IEEE).orElseThrow().targets()).containsExactly("Cnew");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void advancesTheKeySequenceAndWrapsAfter255(DatabaseKind kind) {
        try (RegistryStore store = open(kind, TestDatabases.randomKek())) {
            store.addDevice(TestDevices.known());
            for (int expected = 1; expected <= 255; expected++) {
                assertThat(store.nextKeySequence(TestDevices.KNOWN_IEEE)).hasValue(expected);
            }
            assertThat(store.nextKeySequence(TestDevices.KNOWN_IEEE)).hasValue(0);
            assertThat(store.findDevice(TestDevices.KNOWN_IEEE).orElseThrow().keySequence()).isZero();
            assertThat(store.nextKeySequence(new IeeeAddress(7))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void secretsSealedUnderOneKeyDoNotOpenUnderAnother(DatabaseKind kind) {
        DatabaseConfig config = TestDatabases.fresh(kind, directory);
        KeyEncryptionKey original = TestDatabases.randomKek();
        try (RegistryStore store = TestDatabases.newStore(config, original)) {
            store.addDevice(TestDevices.known());
        }
        KeyEncryptionKey other = TestDatabases.randomKek();
        // Opening with another key fails at once, naming the key needed, before anything is sealed under it.
        assertThatThrownBy(() -> TestDatabases.newStore(config, other))
                .isInstanceOf(AtRestCipherException.class)
                .hasMessageContaining("sealed under key-encryption key id " + original.id())
                .hasMessageContaining("has id " + other.id());
        try (RegistryStore store = TestDatabases.newStore(config, original)) {
            assertThat(store.findLinkKey(TestDevices.KNOWN_IEEE)).isPresent();
        }
    }
}
