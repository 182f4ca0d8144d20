package io.enrolgate.registry.api;

import io.enrolgate.registry.store.RegistryStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.util.Objects;

/**
 * Serves the registry's admin API and health endpoints over HTTP. Port 0 picks a free port; {@link #port()}
 * tells which once started.
 */
public final class RegistryAdminVerticle extends VerticleBase {
    private final RegistryStore store;
    private final String host;
    private final int requestedPort;
    private volatile int port = -1;

    public RegistryAdminVerticle(RegistryStore store, String host, int port) {
        this.store = Objects.requireNonNull(store, "store");
        this.host = Objects.requireNonNull(host, "host");
        this.requestedPort = port;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer()
                .requestHandler(RegistryAdminApi.router(vertx, store))
                .listen(requestedPort, host)
                .onSuccess(server -> port = server.actualPort())
                .map(HttpServer::actualPort);
    }

    /** The port listened on, or -1 before start. */
    public int port() {
        return port;
    }
}
