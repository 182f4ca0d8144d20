package io.enrolgate.demo.app;

import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.hpke.HpkePrivateKey;
import io.enrolgate.mef.tls.PreSharedKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secrets of one demo run, generated fresh and gone with it: the registry's and the MEF's key-encryption
 * keys, provisioning's X25519 key pair (key-forge seals to its public half), and the TLS-PSKs of the MEF's two
 * clients. The services are configured as in production, through their properties ({@code registry.kek},
 * {@code hpke.private-key}, {@code mef.psk}, ...), so the text forms are kept too, in memory only. None is ever
 * printed; the two a user needs with {@code --keep-running} are written to files of the run's directory (mode
 * 0600), which is removed at the end.
 */
final class DemoSecrets {
    final String registryKekHex;
    final KeyEncryptionKey registryKek;
    final KeyEncryptionKey mefKek;
    final String provisioningPrivateKeyHex;
    final HpkePrivateKey provisioningKey;
    final String provisioningPskHex;
    final PreSharedKey provisioningPsk;
    final String applicationPskHex;
    final PreSharedKey applicationPsk;

    DemoSecrets(SecureRandom random) {
        registryKekHex = randomHex(random);
        registryKek = KeyEncryptionKey.of(HexFormat.of().parseHex(registryKekHex));
        mefKek = KeyEncryptionKey.generate(random);
        provisioningPrivateKeyHex = randomHex(random);
        provisioningKey = HpkePrivateKey.of(HexFormat.of().parseHex(provisioningPrivateKeyHex));
        provisioningPskHex = randomHex(random);
        provisioningPsk = PreSharedKey.fromHex(provisioningPskHex);
        applicationPskHex = randomHex(random);
        applicationPsk = PreSharedKey.fromHex(applicationPskHex);
    }

    private static String randomHex(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String hex = HexFormat.of().formatHex(bytes);
        java.util.Arrays.fill(bytes, (byte) 0);
        return hex;
    }

    /** Writes the registry's key-encryption key (for {@code enrolgate device add --kek-file}). */
    void writeRegistryKek(Path file) throws IOException {
        registryKek.writeNewFile(file);
    }

    /** Writes the oneM2M application's PSK in hex (for {@code enrolgate mef fetch-key --psk-file}). */
    void writeApplicationPsk(Path file) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, (applicationPskHex + "\n").getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public String toString() {
        return "DemoSecrets[redacted]";
    }
}
