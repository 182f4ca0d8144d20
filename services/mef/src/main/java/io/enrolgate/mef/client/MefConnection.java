package io.enrolgate.mef.client;

import io.enrolgate.mef.client.MefClientException.Kind;
import io.enrolgate.mef.http.HttpParseException;
import io.enrolgate.mef.http.HttpReader;
import io.enrolgate.mef.http.HttpResponse;
import io.enrolgate.mef.http.HttpWriter;
import io.enrolgate.mef.protocol.MmefJson;
import io.enrolgate.mef.tls.MefTlsClient;
import io.enrolgate.mef.tls.TlsFailures;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * One TLS-PSK connection of a MEF Client to its MEF, carrying HTTP/1.1 requests one after the other. Not
 * thread-safe: one exchange at a time ({@link MefConnectionPool} hands it to one caller at a time).
 */
final class MefConnection implements AutoCloseable {
    private final Socket socket;
    private final TlsClientProtocol tls;
    private final CountingInputStream received;
    private final HttpReader reader;
    private final String where;
    private long idleSince = System.nanoTime();

    private MefConnection(Socket socket, TlsClientProtocol tls, CountingInputStream received,
            MefClientSettings settings, String where) {
        this.socket = socket;
        this.tls = tls;
        this.received = received;
        this.reader = new HttpReader(new BufferedInputStream(received), settings.limits());
        this.where = where;
    }

    /** Connects and completes the TLS-PSK handshake. */
    static MefConnection open(MefClientSettings settings, TlsCrypto crypto) throws MefClientException {
        String where = settings.host() + ":" + settings.port();
        Socket socket = new Socket();
        try {
            try {
                // The request and the handshake flights are small writes: without this each waits for the
                // peer's delayed ACK (tens of milliseconds per exchange).
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(settings.host(), settings.port()),
                        (int) settings.connectTimeout().toMillis());
                socket.setSoTimeout((int) settings.readTimeout().toMillis());
            } catch (IOException e) {
                throw new MefClientException(Kind.UNAVAILABLE, "cannot connect to the MEF at " + where + ": "
                        + e.getMessage(), e);
            }
            TlsClientProtocol tls;
            try {
                tls = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
                tls.connect(new MefTlsClient(crypto, settings.kpmId(), settings.psk(), settings.mefFqdn()));
            } catch (IOException e) {
                String reason = TlsFailures.reason(e);
                throw new MefClientException(Kind.HANDSHAKE_FAILED, "TLS-PSK handshake with the MEF at " + where
                        + " failed (" + reason + ")" + (TlsFailures.isAuthenticationFailure(reason)
                                ? ": the PSK or the PSK identity " + settings.kpmId() + " is not the MEF's"
                                : reason.endsWith("unrecognized_name") ? ": the MEF is not " + settings.mefFqdn()
                                : ""), e);
            }
            return new MefConnection(socket, tls, new CountingInputStream(tls.getInputStream()), settings, where);
        } catch (MefClientException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** Where this connection goes, for messages. */
    String where() {
        return where;
    }

    /**
     * Sends one request and reads its response.
     *
     * @throws NothingReceivedException when the connection failed before any byte of the response arrived
     */
    HttpResponse exchange(String method, String target, String host, byte[] body)
            throws IOException, HttpParseException {
        long before = received.count;
        try {
            HttpWriter.writeRequest(tls.getOutputStream(), method, target, host, MmefJson.CONTENT_TYPE, body);
            return reader.readResponse();
        } catch (IOException e) {
            if (received.count == before) {
                throw new NothingReceivedException(e);
            }
            throw e;
        } finally {
            idleSince = System.nanoTime();
        }
    }

    /** How long, in nanoseconds, this connection has been unused. */
    long idleNanos() {
        return System.nanoTime() - idleSince;
    }

    @Override
    public void close() {
        try {
            tls.close();
        } catch (IOException e) {
            // Closing anyway: the socket goes below.
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to do with a connection we drop.
        }
    }

    /** The connection broke before any byte of the response arrived. */
    static final class NothingReceivedException extends IOException {
        NothingReceivedException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Counts what the TLS layer delivered, to tell "no answer at all" from "an answer cut off". */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
