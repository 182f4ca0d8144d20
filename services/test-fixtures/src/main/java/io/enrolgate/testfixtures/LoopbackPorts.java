package io.enrolgate.testfixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on 127.0.0.1 for the servers the fixtures start, so that parallel test runs never collide. */
final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /** A port free at this moment (the kernel's choice); the caller's server binds it soon after. */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}
