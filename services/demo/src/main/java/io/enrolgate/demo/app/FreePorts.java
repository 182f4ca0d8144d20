package io.enrolgate.demo.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free ports for the parts that must be told a port rather than pick one themselves. */
public final class FreePorts {
    private FreePorts() {
    }

    /** A TCP port free on 127.0.0.1 right now. */
    public static int tcp() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
        }
    }

    /**
     * A UDP port free on the loopback broadcast address, where the simulated radio medium (ZEP over UDP) lives:
     * a medium of its own, so that a demo never hears another run's radios.
     */
    public static int medium() {
        try (DatagramSocket socket = new DatagramSocket(
                new InetSocketAddress(InetAddress.getByName("127.255.255.255"), 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on 127.255.255.255 for the radio medium", e);
        }
    }
}
