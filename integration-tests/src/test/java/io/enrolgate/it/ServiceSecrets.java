package io.enrolgate.it;

import io.enrolgate.testfixtures.CompletedCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * The services' secrets, fresh for each run: the key-encryption keys of the registry and the MEF, the MEF PSKs of
 * provisioning and of the oneM2M application, and provisioning's HPKE key pair ({@code enrolgate provisioning
 * keygen}, as a process). The services read them as files in the {@link RunDirectory}; the values are kept here
 * for the leak scan, which looks for them everywhere.
 */
final class ServiceSecrets {
    final byte[] registryKek;
    final byte[] mefKek;
    final byte[] provisioningPsk;
    final byte[] applicationPsk;
    final Path registryKekFile;
    final Path mefKekFile;
    final Path provisioningPskFile;
    final Path applicationPskFile;
    final Path provisioningPrivateKeyFile;
    final String provisioningPublicKey;

    private ServiceSecrets(RunDirectory run, SecureRandom random) throws IOException {
        registryKek = bytes(random, 32);
        mefKek = bytes(random, 32);
        provisioningPsk = bytes(random, 32);
        applicationPsk = bytes(random, 32);
        registryKekFile = run.secret("registry-kek", HexFormat.of().formatHex(registryKek));
        mefKekFile = run.secret("mef-kek", HexFormat.of().formatHex(mefKek));
        provisioningPskFile = run.secret("mef-psk-provisioning", HexFormat.of().formatHex(provisioningPsk));
        applicationPskFile = run.secret("mef-psk-app", HexFormat.of().formatHex(applicationPsk));
        provisioningPrivateKeyFile = run.secretFile("provisioning-hpke-private");
        CompletedCommand keygen = EnrolgateProcess.run(Map.of(), null, Duration.ofSeconds(60),
                "provisioning", "keygen", "--private-key-file", provisioningPrivateKeyFile.toString());
        if (keygen.exitStatus() != 0) {
            throw new IllegalStateException("enrolgate provisioning keygen failed: " + keygen.describe());
        }
        provisioningPublicKey = keygen.out().strip();
    }

    static ServiceSecrets make(RunDirectory run, SecureRandom random) throws IOException {
        return new ServiceSecrets(run, random);
    }

    private static byte[] bytes(SecureRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
