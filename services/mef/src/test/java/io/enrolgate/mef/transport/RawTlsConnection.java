package io.enrolgate.mef.transport;

import io.enrolgate.mef.http.HttpLimits;
import io.enrolgate.mef.http.HttpParseException;
import io.enrolgate.mef.http.HttpReader;
import io.enrolgate.mef.http.HttpResponse;
import io.enrolgate.mef.tls.MefTlsClient;
import io.enrolgate.mef.tls.PreSharedKey;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** A genuine TLS-PSK connection to the MEF over which a test writes whatever bytes it likes. */
public final class RawTlsConnection implements AutoCloseable {
    private final Socket socket;
    private final TlsClientProtocol tls;
    private final InputStream in;

    public RawTlsConnection(int port, String kpmId, PreSharedKey psk, String fqdn) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        tls = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
        tls.connect(new MefTlsClient(new BcTlsCrypto(new SecureRandom()), kpmId, psk, fqdn));
        in = new BufferedInputStream(tls.getInputStream());
    }

    public void send(String text) throws IOException {
        OutputStream out = tls.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    public HttpResponse readResponse() throws IOException, HttpParseException {
        return new HttpReader(in, HttpLimits.DEFAULT).readResponse();
    }

    /** True when the server has closed the connection (the next read ends the stream or fails). */
    public boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
