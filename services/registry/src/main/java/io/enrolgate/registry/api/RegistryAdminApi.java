package io.enrolgate.registry.api;

import io.enrolgate.registry.csv.DeviceCsv;
import io.enrolgate.registry.csv.DeviceImportException;
import io.enrolgate.registry.device.Device;
import io.enrolgate.registry.device.DeviceAlreadyExistsException;
import io.enrolgate.registry.device.DeviceInput;
import io.enrolgate.registry.device.DeviceStatus;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.zigbee.IeeeAddress;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's admin REST API (described in {@code openapi.yaml}, served at {@code /openapi.yaml}) and
 * its health endpoints. Every store call runs on a worker thread, never on the event loop.
 */
public final class RegistryAdminApi {
    /** Large enough for a CSV of tens of thousands of devices. */
    static final long BODY_LIMIT = 8L * 1024 * 1024;
    private static final String OPENAPI_RESOURCE = "/io/enrolgate/registry/api/openapi.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryAdminApi.class);

    private final Vertx vertx;
    private final RegistryStore store;
    private final Buffer openApiDocument;

    private RegistryAdminApi(Vertx vertx, RegistryStore store) {
        this.vertx = vertx;
        this.store = store;
        this.openApiDocument = Buffer.buffer(readResource(OPENAPI_RESOURCE));
    }

    /** The router of the API, for a server of the caller's (see {@link RegistryAdminVerticle}). */
    public static Router router(Vertx vertx, RegistryStore store) {
        return new RegistryAdminApi(vertx, store).routes();
    }

    private Router routes() {
        Router router = Router.router(vertx);
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(this::ready);
        router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml")
                .end(openApiDocument));

        router.route("/devices*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        router.get("/devices").handler(ctx -> blocking(ctx, store::listDevices)
                .onSuccess(devices -> json(ctx, 200, new JsonObject().put("devices", DeviceJson.toJson(devices)))));
        router.post("/devices").handler(this::add);
        router.post("/devices/import").handler(this::importCsv);
        router.get("/devices/:ieee").handler(ctx -> withDevice(ctx, ieee -> blocking(ctx, () -> store.findDevice(ieee))));
        router.post("/devices/:ieee/disable").handler(ctx -> withDevice(ctx,
                ieee -> blocking(ctx, () -> store.setDeviceStatus(ieee, DeviceStatus.DISABLED))));
        router.post("/devices/:ieee/enable").handler(ctx -> withDevice(ctx,
                ieee -> blocking(ctx, () -> store.setDeviceStatus(ieee, DeviceStatus.ACTIVE))));
        router.delete("/devices/:ieee").handler(this::remove);

        router.route().last().handler(ctx -> error(ctx, 404, "not_found", "no such resource: " + ctx.request().method()
                + " " + ctx.normalizedPath() + " (the API is described at /openapi.yaml)"));
        router.route().failureHandler(this::failure);
        return router;
    }

    private void ready(RoutingContext ctx) {
        blocking(ctx, store::isReachable).onSuccess(up -> json(ctx, up ? 200 : 503, new JsonObject()
                .put("status", up ? "UP" : "DOWN").put("checks", new JsonObject().put("database", up ? "UP" : "DOWN"))));
    }

    private void add(RoutingContext ctx) {
        DeviceInput input = DeviceJson.fromBody(ctx.body().buffer());
        blocking(ctx, () -> store.addDevice(input.validate())).onSuccess(device -> {
            ctx.response().putHeader("Location", "/devices/" + device.ieee().toDisplayHex());
            json(ctx, 201, DeviceJson.toJson(device));
        });
    }

    private void importCsv(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        String csv = body == null ? "" : body.toString(StandardCharsets.UTF_8);
        blocking(ctx, () -> DeviceCsv.importInto(store, csv)).onSuccess(devices -> json(ctx, 201,
                new JsonObject().put("imported", devices.size()).put("devices", DeviceJson.toJson(devices))));
    }

    private void remove(RoutingContext ctx) {
        IeeeAddress ieee = DeviceInput.parseIeee(ctx.pathParam("ieee"));
        blocking(ctx, () -> store.removeDevice(ieee)).onSuccess(removed -> {
            if (removed) {
                ctx.response().setStatusCode(204).end();
            } else {
                notFound(ctx, ieee);
            }
        });
    }

    private void withDevice(RoutingContext ctx,
            java.util.function.Function<IeeeAddress, Future<Optional<Device>>> action) {
        IeeeAddress ieee = DeviceInput.parseIeee(ctx.pathParam("ieee"));
        action.apply(ieee).onSuccess(device -> device.ifPresentOrElse(
                found -> json(ctx, 200, DeviceJson.toJson(found)), () -> notFound(ctx, ieee)));
    }

    /** Runs blocking store work on a worker (unordered: requests do not wait for each other). */
    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(ctx::fail);
    }

    private void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof DeviceImportException e) {
            json(ctx, 400, errorBody("bad_request", e.getMessage()).put("problems", new JsonArray(e.problems())));
        } else if (failure instanceof IllegalArgumentException e) {
            error(ctx, 400, "bad_request", e.getMessage());
        } else if (failure instanceof DeviceAlreadyExistsException e) {
            error(ctx, 409, "conflict", e.getMessage());
        } else if (failure == null && ctx.statusCode() == 413) {
            error(ctx, 413, "too_large", "request body is over " + BODY_LIMIT + " bytes");
        } else if (failure == null) {
            error(ctx, ctx.statusCode(), "error", "request failed with status " + ctx.statusCode());
        } else {
            LOG.error("{} {} failed", ctx.request().method(), ctx.normalizedPath(), failure);
            error(ctx, 500, "internal", "internal error; the registry's log has the details");
        }
    }

    private static void notFound(RoutingContext ctx, IeeeAddress ieee) {
        error(ctx, 404, "not_found", "no device " + ieee + " is registered");
    }

    private static void error(RoutingContext ctx, int status, String code, String message) {
        json(ctx, status, errorBody(code, message));
    }

    private static JsonObject errorBody(String code, String message) {
        return new JsonObject().put("error", code).put("message", message);
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(body instanceof JsonObject object ? object.encode() : ((JsonArray) body).encode());
    }

    private static byte[] readResource(String name) {
        try (InputStream in = RegistryAdminApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
