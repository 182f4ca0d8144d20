package io.enrolgate.keyforge.support;

import com.google.protobuf.ByteString;
import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.registry.device.NewDevice;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.registry.store.RegistryStoreBuilder;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.installcode.InstallCode;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/** Devices, install codes and EG Requests for key-forge tests. */
public final class TestDevices {
    /** Silicon Labs' documented install code (16 bytes + CRC); its link key is 66B6900981E1EE3CA4206B6B861C02BB. */
    public static final InstallCode INSTALL_CODE = InstallCode.parse("83FED3407A939723A5C639B26916D505C3B5");
    public static final IeeeAddress GATEWAY = IeeeAddress.parse("000D6F00AABBCCDD");
    public static final IeeeAddress DEVICE = IeeeAddress.parse("000D6F0011223344");
    public static final IeeeAddress DISABLED_DEVICE = IeeeAddress.parse("000D6F0011223355");
    public static final IeeeAddress UNKNOWN_DEVICE = IeeeAddress.parse("000D6F00DEADBEEF");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestDevices() {
    }

    public static RegistryStore openStore(DatabaseConfig database, KeyEncryptionKey kek) {
        return new RegistryStoreBuilder().database(database).keyEncryptionKey(kek).build();
    }

    /** Registers {@code count} active devices (DEVICE first, then DEVICE+1...) with INSTALL_CODE, and DISABLED_DEVICE. */
    public static void register(RegistryStore store, int count) {
        for (int i = 0; i < count; i++) {
            store.addDevice(new NewDevice(device(i), INSTALL_CODE, List.of("Capp"), Map.of()));
        }
        store.addDevice(new NewDevice(DISABLED_DEVICE, INSTALL_CODE, List.of(), Map.of()));
        store.setDeviceStatus(DISABLED_DEVICE, io.enrolgate.registry.device.DeviceStatus.DISABLED);
    }

    public static IeeeAddress device(int index) {
        return new IeeeAddress(DEVICE.value() + 0x10000L * index);
    }

    public static byte[] requestId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return id;
    }

    public static EgRequest request(byte[] requestId, IeeeAddress device, int deviceShort) {
        return EgRequest.newBuilder()
                .setRequestId(ByteString.copyFrom(requestId))
                .setGatewayIeee(GATEWAY.value())
                .setGatewayShort(0x0000)
                .setPanId(0x1A62)
                .setDeviceIeee(device.value())
                .setDeviceShort(deviceShort)
                .setCapabilityInformation(0x80)
                .setGatewayUptimeMs(12_345)
                .setReceivedUnixMs(1_700_000_000_000L)
                .build();
    }
}
