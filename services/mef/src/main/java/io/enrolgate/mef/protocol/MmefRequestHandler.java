package io.enrolgate.mef.protocol;

import io.enrolgate.mef.core.AuthenticatedClient;
import io.enrolgate.mef.core.KeyRegistration;
import io.enrolgate.mef.core.KeyRegistrationRequest;
import io.enrolgate.mef.core.KeyRegistrationUpdate;
import io.enrolgate.mef.core.MefProcedure;
import io.enrolgate.mef.core.MefProcedureException;
import io.enrolgate.mef.core.MefService;
import io.enrolgate.mef.core.Outcome;
import io.enrolgate.mef.core.Printable;
import io.enrolgate.mef.core.RelativeKeyId;
import io.enrolgate.mef.http.HttpHeaders;
import io.enrolgate.mef.http.HttpParseException;
import io.enrolgate.mef.http.HttpRequest;
import io.enrolgate.mef.http.HttpResponse;
import io.enrolgate.mef.http.HttpStatus;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Mmef over HTTP: maps one request of an authenticated client to a MEF procedure and its outcome to a
 * response. No I/O: the transport hands it a parsed request and writes what it returns.
 * <pre>
 *   allowed 200/201/204 · invalid 400 · refused 403 · expired 403 ("expired") · not found 404 · error 503
 * </pre>
 */
public final class MmefRequestHandler {
    private final MefService service;
    private final String mefFqdn;

    public MmefRequestHandler(MefService service, String mefFqdn) {
        this.service = service;
        this.mefFqdn = mefFqdn;
    }

    public HttpResponse handle(AuthenticatedClient client, HttpRequest request) {
        String path = request.path();
        if (path.equals(MmefPaths.KEYS)) {
            if (!request.method().equals("POST")) {
                return methodNotAllowed("POST");
            }
            return perform(MefProcedure.KEY_REGISTRATION, client, request, null, () -> {
                KeyRegistrationRequest parameters = decode(MefProcedure.KEY_REGISTRATION, client, null, request,
                        MmefRequests::decodeRegistration);
                KeyRegistration registration = service.register(client, parameters);
                HttpResponse created = HttpResponse.json(201, MmefResponses.encodeReceipt(registration, mefFqdn));
                return withLocation(created, MmefPaths.key(registration.relativeKeyId()));
            });
        }
        Optional<String> segment = MmefPaths.keySegment(path);
        if (segment.isEmpty()) {
            return error(404, Outcome.NOT_FOUND, "no Mmef resource at '" + Printable.of(path, 100) + "': expected "
                    + MmefPaths.KEYS + " or " + MmefPaths.KEYS + "/{RelativeKeyID}");
        }
        MefProcedure procedure = switch (request.method()) {
            case "GET" -> MefProcedure.KEY_RETRIEVAL;
            case "PUT" -> MefProcedure.KEY_REGISTRATION_UPDATE;
            case "DELETE" -> MefProcedure.KEY_DEREGISTRATION;
            default -> null;
        };
        if (procedure == null) {
            return methodNotAllowed("GET, PUT, DELETE");
        }
        return perform(procedure, client, request, segment.get(), () -> {
            RelativeKeyId id = relativeKeyId(procedure, client, segment.get());
            return switch (procedure) {
                case KEY_RETRIEVAL -> HttpResponse.json(200,
                        MmefResponses.encodeRetrieval(service.retrieve(client, id), mefFqdn));
                case KEY_REGISTRATION_UPDATE -> {
                    KeyRegistrationUpdate update = decode(procedure, client, id.value(), request,
                            MmefRequests::decodeUpdate);
                    yield HttpResponse.json(200,
                            MmefResponses.encodeReceipt(service.update(client, id, update), mefFqdn));
                }
                default -> {
                    service.deregister(client, id);
                    yield HttpResponse.empty(204);
                }
            };
        });
    }

    private HttpResponse perform(MefProcedure procedure, AuthenticatedClient client, HttpRequest request,
            String rawId, Supplier<HttpResponse> action) {
        if (request.hasQuery()) {
            return failure(service.rejectInvalid(procedure, client, rawId,
                    "query parameters are not part of Mmef: expected none"));
        }
        try {
            return action.get();
        } catch (MefProcedureException e) {
            return failure(e);
        }
    }

    private RelativeKeyId relativeKeyId(MefProcedure procedure, AuthenticatedClient client, String segment) {
        try {
            return new RelativeKeyId(segment);
        } catch (IllegalArgumentException e) {
            throw service.rejectInvalid(procedure, client, segment, e.getMessage());
        }
    }

    private <T> T decode(MefProcedure procedure, AuthenticatedClient client, String id, HttpRequest request,
            Function<byte[], T> decoder) {
        String contentType;
        try {
            contentType = request.headers().single("Content-Type").orElse("");
        } catch (HttpParseException e) {
            throw service.rejectInvalid(procedure, client, id, e.getMessage());
        }
        if (!MmefJson.isJson(contentType)) {
            throw service.rejectInvalid(procedure, client, id, "Content-Type '" + Printable.of(contentType, 60)
                    + "' is not JSON: expected " + MmefJson.CONTENT_TYPE);
        }
        try {
            return decoder.apply(request.body());
        } catch (IllegalArgumentException e) {
            throw service.rejectInvalid(procedure, client, id, e.getMessage());
        }
    }

    private static HttpResponse failure(MefProcedureException e) {
        int status = switch (e.outcome()) {
            case INVALID -> 400;
            case REFUSED, EXPIRED -> 403;
            case NOT_FOUND -> 404;
            default -> 503;
        };
        return error(status, e.outcome(), e.getMessage());
    }

    private static HttpResponse error(int status, Outcome outcome, String message) {
        return HttpResponse.json(status, MmefResponses.encodeError(outcome, message));
    }

    private static HttpResponse methodNotAllowed(String allowed) {
        HttpResponse response = error(405, Outcome.INVALID, "method not allowed here: expected " + allowed);
        HttpHeaders.Builder headers = HttpHeaders.builder();
        response.headers().fields().forEach(f -> headers.add(f[0], f[1]));
        return new HttpResponse(405, HttpStatus.reason(405), headers.add("Allow", allowed).build(), response.body());
    }

    private static HttpResponse withLocation(HttpResponse response, String location) {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        response.headers().fields().forEach(f -> headers.add(f[0], f[1]));
        return new HttpResponse(response.status(), response.reason(), headers.add("Location", location).build(),
                response.body());
    }
}
