package io.enrolgate.mef.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.Optional;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.PSKTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * The MEF's side of one TLS handshake (DESIGN.md 3.4): TLS 1.2 only, TLS_PSK_WITH_AES_128_CBC_SHA256
 * only, and the client must name this MEF in SNI. One instance per connection.
 */
public final class MefTlsServer extends PSKTlsServer {
    static final int CIPHER_SUITE = CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256;

    private final String mefFqdn;
    private final PskClients clients;
    private PskClient authenticated;

    public MefTlsServer(TlsCrypto crypto, PskClients clients, String mefFqdn) {
        super(crypto, clients.identityManager());
        this.clients = clients;
        this.mefFqdn = mefFqdn;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.TLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return new int[] {CIPHER_SUITE};
    }

    @Override
    @SuppressWarnings("rawtypes") // Bouncy Castle's TLS API predates generics.
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        Vector<?> names = clientExtensions == null ? null
                : TlsExtensionsUtils.getServerNameExtensionClient(clientExtensions);
        String requested = names == null ? null : hostName(names);
        if (requested == null || !requested.equalsIgnoreCase(mefFqdn)) {
            throw new TlsFatalAlert(AlertDescription.unrecognized_name, requested == null
                    ? "client sent no SNI host name: expected " + mefFqdn
                    : "client asked for host name '" + requested + "': this MEF is " + mefFqdn);
        }
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"}) // Bouncy Castle's TLS API predates generics.
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        // RFC 6066 3: a server that used the server_name sends an empty one back.
        TlsExtensionsUtils.addServerNameExtensionServer(extensions);
        return extensions;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        byte[] identity = context.getSecurityParametersConnection().getPSKIdentity();
        String kpmId = identity == null ? "" : new String(identity, StandardCharsets.UTF_8);
        this.authenticated = clients.find(kpmId).orElseThrow(
                () -> new TlsFatalAlert(AlertDescription.unknown_psk_identity, "no such KpmID after handshake"));
    }

    /** The client whose PSK the handshake proved; empty before the handshake completed. */
    public Optional<PskClient> authenticatedClient() {
        return Optional.ofNullable(authenticated);
    }

    private static String hostName(Vector<?> names) {
        for (Object entry : names) {
            ServerName name = (ServerName) entry;
            if (name.getNameType() == NameType.host_name) {
                return new String(name.getNameData(), StandardCharsets.US_ASCII);
            }
        }
        return null;
    }
}
