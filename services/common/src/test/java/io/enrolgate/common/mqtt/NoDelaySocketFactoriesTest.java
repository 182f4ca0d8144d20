package io.enrolgate.common.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

/** Every socket the factories make has TCP_NODELAY, whichever way it is made (sockets are real, on loopback). */
class NoDelaySocketFactoriesTest {

    @Test
    void plainSocketsHaveTcpNoDelayConnectedOrNot() throws Exception {
        SocketFactory factory = NoDelaySocketFactories.forBroker("tcp://127.0.0.1:1883", Optional.empty(), Optional.empty());
        assertThat(factory).isNotInstanceOf(SSLSocketFactory.class);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 10, loopback)) {
            int port = server.getLocalPort();
            try (Socket unconnected = factory.createSocket();
                    Socket byName = factory.createSocket("127.0.0.1", port);
                    Socket byAddress = factory.createSocket(loopback, port);
                    Socket bound = factory.createSocket(loopback, port, loopback, 0);
                    Socket boundByName = factory.createSocket("127.0.0.1", port, loopback, 0)) {
                // As Paho does: an unconnected socket, connected afterwards.
                unconnected.connect(new InetSocketAddress(loopback, port), 5_000);
                for (Socket socket : new Socket[] {unconnected, byName, byAddress, bound, boundByName}) {
                    assertThat(socket.isConnected()).isTrue();
                    assertThat(socket.getTcpNoDelay()).as("TCP_NODELAY").isTrue();
                }
            }
        }
    }

    @Test
    void tlsSocketsHaveTcpNoDelayOnTheirTcpConnection() throws Exception {
        SocketFactory factory = NoDelaySocketFactories.forBroker("ssl://127.0.0.1:8883", Optional.empty(), Optional.empty());
        assertThat(factory).as("Paho requires an SSLSocketFactory for ssl://").isInstanceOf(SSLSocketFactory.class);
        SSLSocketFactory tls = (SSLSocketFactory) factory;
        assertThat(tls.getDefaultCipherSuites())
                .containsExactly(((SSLSocketFactory) SSLSocketFactory.getDefault()).getDefaultCipherSuites());
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 10, loopback)) {
            int port = server.getLocalPort();
            try (Socket unconnected = tls.createSocket();
                    Socket plain = new Socket(loopback, port);
                    Socket layered = tls.createSocket(plain, "127.0.0.1", port, true);
                    Socket direct = tls.createSocket("127.0.0.1", port)) {
                unconnected.connect(new InetSocketAddress(loopback, port), 5_000);
                for (Socket socket : new Socket[] {unconnected, layered, direct}) {
                    assertThat(socket).isInstanceOf(SSLSocket.class);
                    assertThat(socket.getTcpNoDelay()).as("TCP_NODELAY").isTrue();
                }
                assertThat(plain.getTcpNoDelay()).as("the connection under the layered TLS socket").isTrue();
            }
        }
    }

    @Test
    void aCaFileWithAPlainTcpUriIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> NoDelaySocketFactories.forBroker("tcp://broker:1883", Optional.of(Path.of("/ca.pem")), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use ssl://");
    }
}
