package io.enrolgate.mef.client;

import io.enrolgate.mef.client.MefClientException.Kind;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.core.KeyRegistrationRequest;
import io.enrolgate.mef.core.KeyRegistrationUpdate;
import io.enrolgate.mef.core.Outcome;
import io.enrolgate.mef.core.RelativeKeyId;
import io.enrolgate.mef.http.HttpParseException;
import io.enrolgate.mef.http.HttpResponse;
import io.enrolgate.mef.protocol.KeyRegistrationReceipt;
import io.enrolgate.mef.protocol.MmefPaths;
import io.enrolgate.mef.protocol.MmefRequests;
import io.enrolgate.mef.protocol.MmefResponses;
import io.enrolgate.mef.protocol.RetrievedKey;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A MEF Client of Mmef over HTTPS with TLS-PSK. A oneM2M application (Target MEF Client) uses
 * {@link #retrieve}; a Source MEF Client (Enrolgate's provisioning service) uses {@link #register},
 * {@link #update} and {@link #deregister}. Each call opens one connection, unless the client was given a
 * {@link MefConnectionPool} to keep them in; either way an instance is safe to share between threads.
 */
public final class MefClient {
    private final MefClientSettings settings;
    private final Optional<MefConnectionPool> pool;
    private final TlsCrypto crypto = new BcTlsCrypto(new SecureRandom());

    /** A client that opens one connection per request. */
    public MefClient(MefClientSettings settings) {
        this.settings = settings;
        this.pool = Optional.empty();
    }

    /**
     * A client that keeps connections open between requests in {@code pool} (HTTP/1.1 keep-alive), for a
     * client that sends many: no connect and TLS-PSK handshake per request. The caller closes the pool.
     */
    public MefClient(MefClientSettings settings, MefConnectionPool pool) {
        this.settings = settings;
        this.pool = Optional.of(pool);
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
        Optional<MefConnection> idle = pool.flatMap(MefConnectionPool::take);
        if (idle.isPresent()) {
            try {
                return exchangeOn(idle.get(), method, target, body);
            } catch (StaleConnectionException stale) {
                // The MEF closed the idle connection (its idle timeout, a restart) before our request reached
                // it: no answer came, so it is sent again on a new connection. Should the MEF have processed it
                // and died before answering, a registration is made twice; a lost answer is the same case,
                // which the Source MEF Client's provisional registrations already cover.
            }
        }
        try {
            return exchangeOn(MefConnection.open(settings, crypto), method, target, body);
        } catch (StaleConnectionException e) {
            throw new MefClientException(Kind.UNAVAILABLE, "connection to the MEF at " + settings.host() + ":"
                    + settings.port() + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private HttpResponse exchangeOn(MefConnection connection, String method, String target, byte[] body)
            throws MefClientException, StaleConnectionException {
        boolean keep = false;
        try {
            HttpResponse response = connection.exchange(method, target, settings.mefFqdn(), body);
            keep = pool.isPresent() && !response.headers().connectionClose();
            return response;
        } catch (MefConnection.NothingReceivedException e) {
            throw new StaleConnectionException(e);
        } catch (HttpParseException e) {
            throw new MefClientException(Kind.PROTOCOL_ERROR, "the MEF at " + connection.where()
                    + " did not answer in HTTP/1.1: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MefClientException(Kind.UNAVAILABLE, "connection to the MEF at " + connection.where()
                    + " failed: " + e.getMessage(), e);
        } finally {
            if (keep) {
                pool.get().give(connection);
            } else {
                connection.close();
            }
        }
    }

    /** A connection broke before any byte of the answer arrived. */
    private static final class StaleConnectionException extends Exception {
        StaleConnectionException(IOException cause) {
            super(cause);
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
