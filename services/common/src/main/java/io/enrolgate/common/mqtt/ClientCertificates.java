package io.enrolgate.common.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * An MQTT client's TLS identity from two PEM files, as Mosquitto and openssl write them: the certificate
 * (its chain may follow) and the unencrypted private key in PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}). The key is proven to belong to the
 * certificate (a signature checked with the certificate's public key) before it is used, so that a mix-up
 * fails at start with the two file names rather than as a handshake the broker drops without saying why.
 */
final class ClientCertificates {
    private static final String EXPECTED_KEY = "expected an unencrypted PEM private key: PKCS#8 (BEGIN PRIVATE KEY),"
            + " PKCS#1 (BEGIN RSA PRIVATE KEY) or SEC1 (BEGIN EC PRIVATE KEY)";

    private ClientCertificates() {
    }

    /** Key managers that present this certificate and key to the broker. */
    static KeyManager[] keyManagers(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile);
        requireMatching(chain.get(0), key, certificateFile, keyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] noPassword = new char[0];
            store.setKeyEntry("mqtt-client", key, noPassword, chain.toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, noPassword);
            return factory.getKeyManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use MQTT client certificate " + certificateFile + " with key "
                    + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** The certificates of a PEM file, in order; the first is the client's. */
    static List<X509Certificate> certificates(Path file) {
        requireReadable(file, "MQTT client certificate file (mqtt.tls.cert-file)");
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(noCertificate(file));
            }
            return certificates;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(noCertificate(file) + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read MQTT client certificate file " + file + ": " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(Path file) {
        requireReadable(file, "MQTT client key file (mqtt.tls.key-file)");
        Object pem;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            pem = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("MQTT client key file " + file + " is not PEM: " + EXPECTED_KEY, e);
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (pem instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("MQTT client key file " + file + ": unsupported key (" + e.getMessage()
                    + "); " + EXPECTED_KEY, e);
        }
        if (pem instanceof PKCS8EncryptedPrivateKeyInfo || pem instanceof PEMEncryptedKeyPair) {
            throw new IllegalArgumentException("MQTT client key file " + file + " is encrypted: " + EXPECTED_KEY);
        }
        throw new IllegalArgumentException("MQTT client key file " + file + " holds "
                + (pem == null ? "no PEM object" : "a " + pem.getClass().getSimpleName()) + ": " + EXPECTED_KEY);
    }

    /** Signs a random challenge with the key and checks it with the certificate's public key. */
    private static void requireMatching(X509Certificate certificate, PrivateKey key, Path certificateFile, Path keyFile) {
        PublicKey publicKey = certificate.getPublicKey();
        String mismatch = "MQTT client key file " + keyFile + " does not belong to the certificate in " + certificateFile
                + " (" + certificate.getSubjectX500Principal().getName() + ")";
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())
                && !(publicKey.getAlgorithm().equals("EC") && key.getAlgorithm().equals("ECDSA"))) {
            throw new IllegalArgumentException(mismatch + ": a " + key.getAlgorithm() + " key for a "
                    + publicKey.getAlgorithm() + " certificate");
        }
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("MQTT client certificate " + certificateFile + ": "
                    + publicKey.getAlgorithm() + " keys are not supported (expected RSA, EC or Ed25519)");
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException(mismatch);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(mismatch + ": " + e.getMessage(), e);
        }
    }

    private static void requireReadable(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist or is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " " + file + " cannot be read (permissions)");
        }
    }

    private static String noCertificate(Path file) {
        return "MQTT client certificate file " + file + " holds no PEM certificate (expected BEGIN CERTIFICATE)";
    }
}
