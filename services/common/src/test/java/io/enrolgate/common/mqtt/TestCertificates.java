package io.enrolgate.common.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA and a broker certificate for 127.0.0.1 (an IP subject alternative name, so that host name
 * verification passes), and client certificates signed by the same CA, made with the openssl command (Debian
 * package {@code openssl}).
 */
record TestCertificates(Path directory, Path caCertificate, Path caKey, Path serverCertificate, Path serverKey) {

    /** A client's certificate and its private key (PEM files). */
    record Client(Path certificate, Path key) {
    }

    static TestCertificates create(Path directory) throws IOException, InterruptedException {
        Path caKey = directory.resolve("ca.key");
        Path ca = directory.resolve("ca.crt");
        Path key = directory.resolve("server.key");
        Path request = directory.resolve("server.csr");
        Path certificate = directory.resolve("server.crt");
        Path extensions = directory.resolve("server.ext");
        Files.writeString(extensions, "subjectAltName=IP:127.0.0.1\n", StandardCharsets.UTF_8);
        openssl(directory, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", caKey.toString(), "-out", ca.toString(), "-days", "2", "-subj", "/CN=enrolgate-test-ca");
        openssl(directory, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                key.toString(), "-out", request.toString(), "-subj", "/CN=127.0.0.1");
        openssl(directory, "x509", "-req", "-in", request.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", certificate.toString(), "-days", "2", "-extfile", extensions.toString());
        return new TestCertificates(directory, ca, caKey, certificate, key);
    }

    /** A client certificate with this subject CN, signed by the CA; a P-256 key in PKCS#8 (BEGIN PRIVATE KEY). */
    Client client(String commonName) throws IOException, InterruptedException {
        Path key = directory.resolve(commonName + ".key");
        openssl(directory, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        return new Client(sign(commonName, key), key);
    }

    /** As {@link #client} with an RSA key in PKCS#1 (BEGIN RSA PRIVATE KEY), as older tools write it. */
    Client rsaClient(String commonName) throws IOException, InterruptedException {
        Path key = directory.resolve(commonName + ".rsa.key");
        openssl(directory, "genrsa", "-traditional", "-out", key.toString(), "2048");
        return new Client(sign(commonName, key), key);
    }

    /** The same key in SEC1 form (BEGIN EC PRIVATE KEY), as {@code openssl ecparam -genkey} writes it. */
    Path sec1(Path pkcs8EcKey) throws IOException, InterruptedException {
        Path key = directory.resolve(pkcs8EcKey.getFileName() + ".sec1");
        openssl(directory, "ec", "-in", pkcs8EcKey.toString(), "-out", key.toString());
        return key;
    }

    private Path sign(String commonName, Path key) throws IOException, InterruptedException {
        Path request = directory.resolve(commonName + ".csr");
        Path certificate = directory.resolve(commonName + ".crt");
        openssl(directory, "req", "-new", "-key", key.toString(), "-out", request.toString(), "-subj", "/CN=" + commonName);
        openssl(directory, "x509", "-req", "-in", request.toString(), "-CA", caCertificate.toString(), "-CAkey",
                caKey.toString(), "-CAcreateserial", "-out", certificate.toString(), "-days", "2");
        return certificate;
    }

    private static void openssl(Path directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed: " + output);
        }
    }
}
