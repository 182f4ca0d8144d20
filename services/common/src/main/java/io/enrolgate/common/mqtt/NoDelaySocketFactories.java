package io.enrolgate.common.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories for Paho whose sockets have {@code TCP_NODELAY} set, plain or TLS. MQTT is request and
 * response in small packets (a PUBLISH, its PUBACK, the answer): with Nagle's algorithm a small write waits for
 * the acknowledgement of the previous one, which the peer delays (delayed ACK, up to 40 ms on Linux), so a
 * request/response round trip costs tens of milliseconds instead of well under one. The broker's side needs the
 * same ({@code set_tcp_nodelay true} in Mosquitto).
 *
 * <p>Paho creates an unconnected socket ({@link SocketFactory#createSocket()}) and connects it; for TLS the
 * unconnected socket is an {@link javax.net.ssl.SSLSocket} whose handshake Paho starts. Every variant sets the
 * option, so that it holds whichever one a client library calls.
 */
final class NoDelaySocketFactories {
    private NoDelaySocketFactories() {
    }

    /**
     * The factory for a broker URI: TLS for {@code ssl://} (trusting exactly the CAs of {@code caFile}, or the
     * JVM's default trust store; presenting the client certificate if there is one), plain TCP for {@code tcp://}.
     *
     * @throws IllegalArgumentException for a CA file or a client certificate with a {@code tcp://} URI, which
     *     would not be used, and for files that cannot be used ({@link ClientCertificates})
     */
    static SocketFactory forBroker(String serverUri, Optional<Path> caFile,
            Optional<MqttSettings.ClientCertificate> clientCertificate) {
        if ("ssl".equals(URI.create(serverUri).getScheme())) {
            return tls(TlsSocketFactories.forBroker(caFile, clientCertificate));
        }
        if (caFile.isPresent()) {
            throw new IllegalArgumentException("MQTT CA file " + caFile.get() + " is set, but " + serverUri
                    + " is plain TCP: use ssl://HOST:PORT for TLS");
        }
        if (clientCertificate.isPresent()) {
            throw new IllegalArgumentException("MQTT client certificate " + clientCertificate.get().certificateFile()
                    + " is set, but " + serverUri + " is plain TCP: use ssl://HOST:PORT for TLS");
        }
        return tcp();
    }

    /** Plain TCP sockets with TCP_NODELAY. */
    static SocketFactory tcp() {
        return new Tcp(SocketFactory.getDefault());
    }

    /** {@code delegate}'s TLS sockets, with TCP_NODELAY. */
    static SSLSocketFactory tls(SSLSocketFactory delegate) {
        return new Tls(delegate);
    }

    private static Socket noDelay(Socket socket) throws IOException {
        try {
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static final class Tcp extends SocketFactory {
        private final SocketFactory delegate;

        Tcp(SocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    private static final class Tls extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        Tls(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        /** TLS layered over a connected socket: the option belongs to that socket, and is set on both. */
        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            socket.setTcpNoDelay(true);
            return noDelay(delegate.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
            socket.setTcpNoDelay(true);
            return noDelay(delegate.createSocket(socket, consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
