package io.enrolgate.registry.store;

import io.enrolgate.common.crypto.AtRestCipher;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.installcode.InstallCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encrypts and decrypts a device's secrets for storage. The associated data names the device and the
 * field, so a ciphertext moved to another device's row, or from one column to the other, fails to open.
 */
final class DeviceSecrets {
    private final AtRestCipher cipher;

    DeviceSecrets(AtRestCipher cipher) {
        this.cipher = cipher;
    }

    byte[] sealInstallCode(IeeeAddress ieee, InstallCode installCode) {
        byte[] plain = installCode.toBytesWithCrc();
        try {
            return cipher.seal(plain, associatedData(ieee, "install-code"));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    byte[] sealLinkKey(IeeeAddress ieee, SymmetricKey linkKey) {
        byte[] plain = linkKey.toBytes();
        try {
            return cipher.seal(plain, associatedData(ieee, "link-key"));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    SymmetricKey openLinkKey(IeeeAddress ieee, byte[] envelope) {
        byte[] plain = cipher.open(envelope, associatedData(ieee, "link-key"));
        try {
            return SymmetricKey.of(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    InstallCode openInstallCode(IeeeAddress ieee, byte[] envelope) {
        byte[] plain = cipher.open(envelope, associatedData(ieee, "install-code"));
        try {
            return InstallCode.fromBytes(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static byte[] associatedData(IeeeAddress ieee, String field) {
        return ("enrolgate/registry/device/" + ieee.toDisplayHex() + "/" + field).getBytes(StandardCharsets.US_ASCII);
    }
}
