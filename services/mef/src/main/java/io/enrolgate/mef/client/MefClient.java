package io.enrolgate.mef.client;

import io.enrolgate.mef.client.MefClientException.Kind;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.core.KeyRegistrationRequest;
import io.enrolgate.mef.core.KeyRegistrationUpdate;
import io.enrolgate.mef.core.Outcome;
import io.enrolgate.mef.core.RelativeKeyId;
import io.enrolgate.mef.http.HttpParseException;
import io.enrolgate.mef.http.HttpReader;
import io.enrolgate.mef.http.HttpResponse;
import io.enrolgate.mef.http.HttpWriter;
import io.enrolgate.mef.protocol.KeyRegistrationReceipt;
import io.enrolgate.mef.protocol.MmefJson;
import io.enrolgate.mef.protocol.MmefPaths;
import io.enrolgate.mef.protocol.MmefRequests;
import io.enrolgate.mef.protocol.MmefResponses;
import io.enrolgate.mef.protocol.RetrievedKey;
import io.enrolgate.mef.tls.MefTlsClient;
import io.enrolgate.mef.tls.TlsFailures;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.function.Function;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A MEF Client of Mmef over HTTPS with TLS-PSK. A oneM2M application (Target MEF Client) uses
 * {@link #retrieve}; a Source MEF Client (Enrolgate's provisioning service) uses {@link #register},
 * {@link #update} and {@link #deregister}. Each call opens one connection, so an instance is cheap,
 * stateless and safe to share between threads.
 */
public final class MefClient {
    private final MefClientSettings settings;
    private final TlsCrypto crypto = new BcTlsCrypto(new SecureRandom());

    public MefClient(MefClientSettings settings) {
        this.settings = settings;
    }

    /** MEF Key Registration: returns the key identifier and what the MEF granted. */
    public KeyRegistrationReceipt register(KeyRegistrationRequest request) throws MefClientException {
        HttpResponse response = exchange("POST", MmefPaths.KEYS, MmefRequests.encodeRegistration(request));
        return decode(response, 201, MmefResponses::decodeReceipt);
    }

    /** MEF Key Retrieval of a key held by this client's MEF. */
    public RetrievedKey retrieve(KeyIdentifier keyId) throws MefClientException {
        requireThisMef(keyId);
        HttpResponse response = exchange("GET", MmefPaths.key(keyId.relativeKeyId()), new byte[0]);
        RetrievedKey key = decode(response, 200, MmefResponses::decodeRetrieval);
        if (!key.keyId().equals(keyId)) {
            throw new MefClientException(Kind.PROTOCOL_ERROR, "asked for key " + keyId + ", the MEF answered with "
                    + key.keyId());
        }
        return key;
    }

    /** MEF Key Registration Update: returns the registration as it now stands. */
    public KeyRegistrationReceipt update(KeyIdentifier keyId, KeyRegistrationUpdate update)
            throws MefClientException {
        requireThisMef(keyId);
        HttpResponse response = exchange("PUT", MmefPaths.key(keyId.relativeKeyId()),
                MmefRequests.encodeUpdate(update));
        return decode(response, 200, MmefResponses::decodeReceipt);
    }

    /** MEF Key De-Registration. */
    public void deregister(KeyIdentifier keyId) throws MefClientException {
        requireThisMef(keyId);
        decode(exchange("DELETE", MmefPaths.key(keyId.relativeKeyId()), new byte[0]), 204, body -> null);
    }

    /** The key identifier this MEF gives a RelativeKeyID. */
    public KeyIdentifier keyIdentifier(RelativeKeyId relativeKeyId) {
        return new KeyIdentifier(relativeKeyId, settings.mefFqdn());
    }

    private void requireThisMef(KeyIdentifier keyId) {
        if (!keyId.mefFqdn().equals(settings.mefFqdn())) {
            throw new IllegalArgumentException("key " + keyId + " is held by the MEF " + keyId.mefFqdn()
                    + ", but this client talks to " + settings.mefFqdn());
        }
    }

    private HttpResponse exchange(String method, String target, byte[] body) throws MefClientException {
        String where = settings.host() + ":" + settings.port();
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(settings.host(), settings.port()),
                        (int) settings.connectTimeout().toMillis());
            } catch (IOException e) {
                throw new MefClientException(Kind.UNAVAILABLE, "cannot connect to the MEF at " + where + ": "
                        + e.getMessage(), e);
            }
            socket.setSoTimeout((int) settings.readTimeout().toMillis());
            TlsClientProtocol tls = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
            try {
                tls.connect(new MefTlsClient(crypto, settings.kpmId(), settings.psk(), settings.mefFqdn()));
            } catch (IOException e) {
                String reason = TlsFailures.reason(e);
                throw new MefClientException(Kind.HANDSHAKE_FAILED, "TLS-PSK handshake with the MEF at " + where
                        + " failed (" + reason + ")" + (TlsFailures.isAuthenticationFailure(reason)
                                ? ": the PSK or the PSK identity " + settings.kpmId() + " is not the MEF's"
                                : reason.endsWith("unrecognized_name") ? ": the MEF is not " + settings.mefFqdn()
                                : ""), e);
            }
            try {
                HttpWriter.writeRequest(tls.getOutputStream(), method, target, settings.mefFqdn(),
                        MmefJson.CONTENT_TYPE, body);
                HttpResponse response = new HttpReader(new BufferedInputStream(tls.getInputStream()),
                        settings.limits()).readResponse();
                tls.close();
                return response;
            } catch (HttpParseException e) {
                throw new MefClientException(Kind.PROTOCOL_ERROR, "the MEF at " + where
                        + " did not answer in HTTP/1.1: " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new MefClientException(Kind.UNAVAILABLE, "connection to the MEF at " + where + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static <T> T decode(HttpResponse response, int expectedStatus, Function<byte[], T> decoder)
            throws MefClientException {
        if (response.status() != expectedStatus) {
            MmefResponses.ErrorBody error = MmefResponses.decodeError(response.body());
            Kind kind = switch (response.status()) {
                case 400, 405, 413, 415 -> Kind.INVALID_REQUEST;
                case 403 -> error.outcome() == Outcome.EXPIRED ? Kind.EXPIRED : Kind.REFUSED;
                case 404 -> Kind.NOT_FOUND;
                case 500, 503 -> Kind.MEF_ERROR;
                default -> Kind.PROTOCOL_ERROR;
            };
            throw new MefClientException(kind, "MEF answered " + response.status() + ": " + error.message());
        }
        try {
            return decoder.apply(response.body());
        } catch (IllegalArgumentException e) {
            throw new MefClientException(Kind.PROTOCOL_ERROR, "the MEF's answer is not valid Mmef: "
                    + e.getMessage(), e);
        }
    }
}
