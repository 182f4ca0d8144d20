package io.enrolgate.common.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS socket factory of an MQTT client: it trusts exactly the CAs of a PEM file (a broker's private
 * CA), or the JVM's default trust store, and presents a client certificate ({@link ClientCertificates}) when the
 * broker asks for one ({@code require_certificate true}).
 */
final class TlsSocketFactories {
    private TlsSocketFactories() {
    }

    static SSLSocketFactory forBroker(Optional<Path> caFile, Optional<MqttSettings.ClientCertificate> clientCertificate) {
        TrustManager[] trust = caFile.map(TlsSocketFactories::trustManagers).orElse(null);
        KeyManager[] keys = clientCertificate.map(c -> ClientCertificates.keyManagers(c.certificateFile(), c.keyFile()))
                .orElse(null);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            // null trust managers: the JVM's default trust store; null key managers: no client certificate.
            context.init(keys, trust, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for MQTT: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("MQTT CA file " + caFile + " holds no PEM certificate");
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            return factory.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use MQTT CA file " + caFile + ": " + e.getMessage(), e);
        }
    }
}
