package io.enrolgate.mef.tls;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.tls.TlsPSKIdentityManager;

/** The configured MEF Clients, by KpmID: the PSK the handshake needs and the identity it proves. */
public final class PskClients {
    private final Map<String, PskClient> byKpmId;

    public PskClients(List<PskClient> clients) {
        Map<String, PskClient> map = new LinkedHashMap<>();
        for (PskClient client : clients) {
            if (map.put(client.kpmId(), client) != null) {
                throw new IllegalArgumentException("PSK identity (KpmID) " + client.kpmId()
                        + " is configured twice: expected each once");
            }
        }
        this.byKpmId = Map.copyOf(map);
    }

    public Optional<PskClient> find(String kpmId) {
        return Optional.ofNullable(byKpmId.get(kpmId));
    }

    public int size() {
        return byKpmId.size();
    }

    /** For the TLS server: the PSK of an identity, or null so that the handshake fails (unknown_psk_identity). */
    TlsPSKIdentityManager identityManager() {
        return new TlsPSKIdentityManager() {
            @Override
            public byte[] getHint() {
                return null;
            }

            @Override
            public byte[] getPSK(byte[] identity) {
                PskClient client = byKpmId.get(new String(identity, StandardCharsets.UTF_8));
                return client == null ? null : client.psk().toBytes();
            }
        };
    }
}
