package io.enrolgate.testfixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MosquittoProcessTest {

    @Test
    void listensStopsAndRestartsOnTheSamePort() throws IOException {
        try (MosquittoProcess broker = MosquittoProcess.builder().user("svc", "pw").acl("user svc\ntopic readwrite #").start()) {
            int port = broker.port();
            assertThat(broker.serverUri()).isEqualTo("tcp://127.0.0.1:" + port);
            assertThat(accepts(port)).isTrue();

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            assertThat(accepts(port)).isFalse();

            broker.start();
            assertThat(broker.port()).isEqualTo(port);
            assertThat(accepts(port)).isTrue();
            assertThat(broker.log()).contains("Opening ipv4 listen socket on port " + port);

            broker.kill();
            assertThat(accepts(port)).isFalse();
        }
    }

    @Test
    void setsTcpNoDelayOnClientConnectionsAsProductionDoes() {
        try (MosquittoProcess broker = MosquittoProcess.builder().start()) {
            // Mosquitto refuses to start on an option it does not know: running means it took it.
            assertThat(broker.isRunning()).isTrue();
            assertThat(broker.configuration().lines()).contains("set_tcp_nodelay true");
            assertThat(accepts(broker.port())).isTrue();
        }
    }

    @Test
    void contradictoryOptionsAreRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> MosquittoProcess.builder().user("svc", "pw").dynamicSecurity("{}").start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("do not also call user(...) or acl(...)");
        assertThatThrownBy(() -> MosquittoProcess.builder().requireClientCertificates(Path.of("/ca.pem")).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs tlsListener(...)");
        try (MosquittoProcess plain = MosquittoProcess.builder().start()) {
            assertThatThrownBy(plain::tlsServerUri).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no TLS listener");
        }
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
