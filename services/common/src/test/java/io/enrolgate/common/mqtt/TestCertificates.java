package io.enrolgate.common.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA and a broker certificate for 127.0.0.1 (an IP subject alternative name, so that host name
 * verification passes), made with the openssl command (Debian package {@code openssl}).
 */
record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {

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
        return new TestCertificates(ca, certificate, key);
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
