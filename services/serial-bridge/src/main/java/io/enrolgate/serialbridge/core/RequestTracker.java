package io.enrolgate.serialbridge.core;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EG Requests in progress and the rules for each: published when the broker is reachable, held in a
 * bounded buffer when it is not (the oldest held one is dropped to make room), published again with the same
 * request id when no response came within the response timeout (a bounded number of times), and dropped
 * once older than the joiner's deadline, wherever they are. Time is a monotonic nanosecond count the
 * caller passes in. Not thread-safe: its owner serialises calls.
 */
final class RequestTracker {
    /** A publish to make now. */
    record Publish(PendingRequest request, boolean retry) {
    }

    enum Admission { ADMITTED, DUPLICATE, OVERLOAD }

    private final BridgeSettings settings;
    /** In arrival order, so the first entries are the oldest. */
    private final Map<ByteString, PendingRequest> pending = new LinkedHashMap<>();

    RequestTracker(BridgeSettings settings) {
        this.settings = settings;
    }

    int size() {
        return pending.size();
    }

    int held() {
        return (int) pending.values().stream().filter(r -> r.state == PendingRequest.State.HELD).count();
    }

    long deadlineOf(long receivedNanos) {
        return receivedNanos + settings.requestDeadline().toNanos();
    }

    /** Takes a new request in, held until {@link #takeDue}; the caller then calls {@link #evictOverflow}. */
    Admission admit(PendingRequest request) {
        if (pending.containsKey(request.id)) {
            return Admission.DUPLICATE;
        }
        if (pending.size() >= settings.maxPending()) {
            return Admission.OVERLOAD;
        }
        pending.put(request.id, request);
        return Admission.ADMITTED;
    }

    /** Drops the oldest held requests beyond the buffer's capacity, and returns them. */
    List<PendingRequest> evictOverflow() {
        int excess = held() - settings.bufferCapacity();
        List<PendingRequest> evicted = new ArrayList<>();
        for (Iterator<PendingRequest> it = pending.values().iterator(); it.hasNext() && excess > 0; ) {
            PendingRequest request = it.next();
            if (request.state == PendingRequest.State.HELD) {
                it.remove();
                evicted.add(request);
                excess--;
            }
        }
        return evicted;
    }

    /** Removes and returns the requests whose deadline has come. */
    List<PendingRequest> expire(long now) {
        List<PendingRequest> expired = new ArrayList<>();
        for (Iterator<PendingRequest> it = pending.values().iterator(); it.hasNext(); ) {
            PendingRequest request = it.next();
            if (now - request.deadlineNanos >= 0) {
                it.remove();
                expired.add(request);
            }
        }
        return expired;
    }

    /**
     * What to publish now. Connected: every held request, and every published one whose response is overdue and
     * which has retries left; each is marked published. Not connected: nothing, and overdue published requests
     * with retries left become held, to be published on reconnect ({@link #evictOverflow} then bounds them).
     */
    List<Publish> takeDue(long now, boolean connected) {
        List<Publish> due = new ArrayList<>();
        for (PendingRequest request : pending.values()) {
            boolean overdue = request.state == PendingRequest.State.PUBLISHED && now - request.retryAtNanos >= 0
                    && request.publishes <= settings.maxRetries();
            if (!connected) {
                if (overdue) {
                    request.state = PendingRequest.State.HELD;
                }
                continue;
            }
            if (request.state == PendingRequest.State.HELD || overdue) {
                due.add(new Publish(request, request.publishes > 0));
                request.state = PendingRequest.State.PUBLISHED;
                request.publishes++;
                request.retryAtNanos = now + settings.responseTimeout().toNanos();
            }
        }
        return due;
    }

    /** A publish failed: hold the request again, if it is still in progress. */
    void holdAgain(ByteString id) {
        PendingRequest request = pending.get(id);
        if (request != null) {
            request.state = PendingRequest.State.HELD;
        }
    }

    /** Removes the request answered by {@code id}; null when none is in progress (late, repeated, foreign). */
    PendingRequest complete(ByteString id) {
        return pending.remove(id);
    }

    /** Removes the requests that do not belong to {@code gatewayIeee} (0 in a request: not said), and returns them. */
    List<PendingRequest> removeForeign(long gatewayIeee) {
        List<PendingRequest> foreign = new ArrayList<>();
        for (Iterator<PendingRequest> it = pending.values().iterator(); it.hasNext(); ) {
            PendingRequest request = it.next();
            if (request.gatewayIeee != 0 && request.gatewayIeee != gatewayIeee) {
                it.remove();
                foreign.add(request);
            }
        }
        return foreign;
    }

    /** Removes and returns everything. */
    List<PendingRequest> clear() {
        List<PendingRequest> all = new ArrayList<>(pending.values());
        pending.clear();
        return all;
    }
}
