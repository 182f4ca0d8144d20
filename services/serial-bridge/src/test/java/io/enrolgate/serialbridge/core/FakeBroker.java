package io.enrolgate.serialbridge.core;

import io.enrolgate.zigbee.IeeeAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A broker in memory: connected or not, recording what the bridge publishes. */
final class FakeBroker implements BrokerPort {
    record Request(IeeeAddress gateway, byte[] payload, byte[] correlation) {
    }

    record Status(IeeeAddress gateway, String json) {
    }

    final List<GatewayIdentity> attached = new ArrayList<>();
    final List<Request> requests = new ArrayList<>();
    final List<Status> statuses = new ArrayList<>();
    ResponseListener listener;
    boolean connected = true;
    /** When set, publishes fail (e.g. the connection dropped before the PUBACK). */
    boolean failPublishes;

    @Override
    public void attach(GatewayIdentity gateway, ResponseListener responses) {
        if (attached.isEmpty() || !attached.get(attached.size() - 1).ieee().equals(gateway.ieee())) {
            attached.add(gateway);
        }
        listener = responses;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public CompletableFuture<Void> publishRequest(IeeeAddress gateway, byte[] request, byte[] correlationData) {
        requests.add(new Request(gateway, request, correlationData));
        return failPublishes ? CompletableFuture.failedFuture(new IllegalStateException("connection lost"))
                : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> publishStatus(IeeeAddress gateway, byte[] status) {
        statuses.add(new Status(gateway, new String(status, StandardCharsets.UTF_8)));
        return CompletableFuture.completedFuture(null);
    }

    Status lastStatus() {
        return statuses.get(statuses.size() - 1);
    }
}
