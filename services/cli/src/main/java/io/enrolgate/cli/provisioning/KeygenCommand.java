package io.enrolgate.cli.provisioning;

import io.enrolgate.cli.UserInputException;
import io.enrolgate.common.hpke.HpkePrivateKey;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code enrolgate provisioning keygen --private-key-file FILE}: makes the X25519 key pair that KeyDeliveries
 * are sealed to (HPKE, DESIGN.md §1). The private key goes to a new file only its owner can read, for
 * provisioning's {@code hpke.private-key-file}; the public key is printed for key-forge's
 * {@code provisioning.public-key}.
 */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        description = {
            "Make provisioning's X25519 key pair: the private key to a new file (mode 0600),",
            "the public key (base64) to stdout, for key-forge's provisioning.public-key.",
            "Never overwrites a file: a key in use replaced by accident would strand every sealed key."
        })
public final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--private-key-file", required = true, paramLabel = "FILE",
            description = "Where to write the private key (must not exist).")
    private Path privateKeyFile;

    @Override
    public Integer call() {
        if (Files.exists(privateKeyFile)) {
            throw new UserInputException(privateKeyFile + " exists: refusing to overwrite a private key");
        }
        HpkePrivateKey key = HpkePrivateKey.generate(new SecureRandom());
        try {
            key.writeTo(privateKeyFile);
        } catch (UncheckedIOException e) {
            throw new UserInputException(e.getMessage());
        }
        System.out.println(key.publicKey().toBase64());
        System.err.println("provisioning: private key " + key.keyId() + " written to " + privateKeyFile);
        return 0;
    }
}
