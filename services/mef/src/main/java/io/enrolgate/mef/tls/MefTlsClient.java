package io.enrolgate.mef.tls;

import java.nio.charset.StandardCharsets;
import java.util.Vector;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * A MEF Client's side of one TLS handshake: TLS 1.2, TLS_PSK_WITH_AES_128_CBC_SHA256, its KpmID and
 * PSK, and the MEF's FQDN in SNI. The PSK authenticates the MEF too: only a holder of the PSK can
 * complete the handshake.
 */
public final class MefTlsClient extends PSKTlsClient {
    private final String mefFqdn;

    public MefTlsClient(TlsCrypto crypto, String kpmId, PreSharedKey psk, String mefFqdn) {
        super(crypto, new BasicTlsPSKIdentity(PskClient.checkKpmId(kpmId).getBytes(StandardCharsets.UTF_8),
                psk.toBytes()));
        this.mefFqdn = mefFqdn;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.TLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return new int[] {MefTlsServer.CIPHER_SUITE};
    }

    @Override
    @SuppressWarnings("rawtypes") // Bouncy Castle's TLS API predates generics.
    protected Vector getSNIServerNames() {
        Vector<ServerName> names = new Vector<>();
        names.add(new ServerName(NameType.host_name, mefFqdn.getBytes(StandardCharsets.US_ASCII)));
        return names;
    }
}
