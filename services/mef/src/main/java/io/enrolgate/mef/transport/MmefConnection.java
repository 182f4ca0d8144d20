package io.enrolgate.mef.transport;

import io.enrolgate.mef.core.AuthenticatedClient;
import io.enrolgate.mef.core.Outcome;
import io.enrolgate.mef.http.HttpParseException;
import io.enrolgate.mef.http.HttpReader;
import io.enrolgate.mef.http.HttpRequest;
import io.enrolgate.mef.http.HttpResponse;
import io.enrolgate.mef.http.HttpWriter;
import io.enrolgate.mef.protocol.MmefRequestHandler;
import io.enrolgate.mef.protocol.MmefResponses;
import io.enrolgate.mef.tls.MefTlsServer;
import io.enrolgate.mef.tls.PskClients;
import io.enrolgate.mef.tls.TlsFailures;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection on the Mmef port: TLS-PSK handshake, then HTTP/1.1 requests handed to the
 * protocol handler until the client closes, asks to close, breaks the rules or runs out of time. Any
 * failure here ends this connection only.
 */
final class MmefConnection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(MmefConnection.class);

    private final Socket socket;
    private final TlsCrypto crypto;
    private final PskClients clients;
    private final MmefRequestHandler handler;
    private final ListenerSettings settings;
    private final ScheduledExecutorService watchdog;
    private final TransportObserver observer;

    MmefConnection(Socket socket, TlsCrypto crypto, PskClients clients, MmefRequestHandler handler,
            ListenerSettings settings, ScheduledExecutorService watchdog, TransportObserver observer) {
        this.socket = socket;
        this.crypto = crypto;
        this.clients = clients;
        this.handler = handler;
        this.settings = settings;
        this.watchdog = watchdog;
        this.observer = observer;
    }

    @Override
    public void run() {
        observer.connectionOpened();
        try (socket) {
            serve();
        } catch (IOException | RuntimeException e) {
            LOG.debug("connection from {} ended: {}", socket.getRemoteSocketAddress(), e.toString());
        } finally {
            observer.connectionClosed();
        }
    }

    private void serve() throws IOException {
        // Handshake flights and responses are small writes: without this each can wait for the client's
        // delayed ACK.
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) settings.handshakeTimeout().toMillis());
        TlsServerProtocol tls = new TlsServerProtocol(socket.getInputStream(), socket.getOutputStream());
        MefTlsServer server = new MefTlsServer(crypto, clients, settings.mefFqdn());
        try {
            tls.accept(server);
        } catch (IOException e) {
            String reason = TlsFailures.reason(e);
            observer.handshakeFailed(reason);
            LOG.info("TLS handshake from {} failed: {}", socket.getRemoteSocketAddress(), reason);
            return;
        }
        AuthenticatedClient client = server.authenticatedClient().orElseThrow().authenticated();
        socket.setSoTimeout((int) settings.requestTimeout().toMillis());
        HttpReader reader = new HttpReader(new BufferedInputStream(tls.getInputStream()), settings.limits());
        OutputStream out = tls.getOutputStream();
        try {
            for (int served = 1; served <= settings.maxRequestsPerConnection(); served++) {
                if (!serveOne(client, reader, out, served == settings.maxRequestsPerConnection())) {
                    break;
                }
            }
        } finally {
            closeQuietly(tls);
        }
    }

    /** One request/response exchange; false when the connection must close afterwards. */
    private boolean serveOne(AuthenticatedClient client, HttpReader reader, OutputStream out, boolean last)
            throws IOException {
        // The socket timeout bounds each read; the watchdog bounds the whole exchange (a client that
        // trickles one byte per read would otherwise never time out).
        ScheduledFuture<?> deadline = watchdog.schedule(this::closeSocket, settings.requestTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            Optional<HttpRequest> request;
            try {
                request = reader.readRequest();
            } catch (HttpParseException e) {
                observer.malformedRequest(e.status());
                LOG.info("malformed request from {}: {} {}", client, e.status(), e.getMessage());
                HttpWriter.writeResponse(out, HttpResponse.json(e.status(),
                        MmefResponses.encodeError(Outcome.INVALID, e.getMessage())), true);
                return false;
            }
            if (request.isEmpty()) {
                return false;
            }
            HttpResponse response;
            try {
                response = handler.handle(client, request.get());
            } catch (RuntimeException e) {
                LOG.error("{} from {} failed", request.get(), client, e);
                response = HttpResponse.json(500, MmefResponses.encodeError(Outcome.ERROR,
                        "the MEF failed to process the request"));
            }
            boolean close = last || request.get().headers().connectionClose();
            HttpWriter.writeResponse(out, response, close);
            return !close;
        } finally {
            deadline.cancel(false);
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing a timed-out connection: {}", e.toString());
        }
    }

    private static void closeQuietly(TlsServerProtocol tls) {
        try {
            tls.close();
        } catch (IOException e) {
            LOG.debug("TLS close: {}", e.toString());
        }
    }
}
