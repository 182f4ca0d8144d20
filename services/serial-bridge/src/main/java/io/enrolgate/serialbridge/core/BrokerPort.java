package io.enrolgate.serialbridge.core;

import io.enrolgate.zigbee.IeeeAddress;
import java.util.concurrent.CompletableFuture;

/**
 * The broker as the bridge's core sees it (the app adapts an MQTT v5 session to it). Nothing here may
 * block: the core calls it with its lock held.
 */
public interface BrokerPort {
    /**
     * The gateway on the line is {@code gateway}: from now on the session must be this gateway's (its Will the
     * gateway's offline status) and deliver the gateway's responses to {@code responses}. Called on every HELLO;
     * a call for the gateway already attached changes nothing.
     */
    void attach(GatewayIdentity gateway, ResponseListener responses);

    /** Whether a publish now would reach the broker. */
    boolean isConnected();

    /** Publishes an EG Request (QoS 1) with the gateway's Response Topic and {@code correlationData}. */
    CompletableFuture<Void> publishRequest(IeeeAddress gateway, byte[] request, byte[] correlationData);

    /** Publishes the gateway's status JSON, retained (QoS 1). */
    CompletableFuture<Void> publishStatus(IeeeAddress gateway, byte[] status);

    /** Deliveries on the gateway's response topic. */
    @FunctionalInterface
    interface ResponseListener {
        /** @param correlationData the MQTT v5 Correlation Data, or null when the response carried none */
        void onResponse(byte[] payload, byte[] correlationData);
    }
}
