package io.enrolgate.serialbridge.core;

import io.enrolgate.proto.v1.UartMessageType;
import io.enrolgate.serialbridge.uart.FrameError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The bridge's meters (Prometheus names in brackets). Tags are bounded sets chosen here, never values read
 * from the line or the broker.
 * <ul>
 *   <li>{@code enrolgate.bridge.uart.frames.in} / {@code .out} {type} — good frames read / written
 *   <li>{@code enrolgate.bridge.uart.frame.errors} {reason} — dropped frames: crc, too_short, oversized,
 *       aborted, unknown_type, malformed, unexpected_type, unsupported
 *   <li>{@code enrolgate.bridge.eg.requests} — EG Requests accepted from the UART
 *   <li>{@code enrolgate.bridge.eg.publishes} — publishes of EG Requests, first ones and retries
 *   <li>{@code enrolgate.bridge.eg.retries} — publishes of a request id already published
 *   <li>{@code enrolgate.bridge.eg.responses} {outcome} — forwarded, unmatched (late or repeated), invalid
 *   <li>{@code enrolgate.bridge.eg.drops} {reason} — see {@link DropReason}
 *   <li>{@code enrolgate.bridge.eg.round.trip} — UART in to UART out, as a histogram
 *   <li>{@code enrolgate.bridge.serial.opens} / {@code .losses} — the port opened / lost
 *   <li>gauges {@code enrolgate.bridge.eg.pending}, {@code .buffered}; {@code enrolgate.bridge.ready} (0/1)
 * </ul>
 */
public final class BridgeMetrics {
    public static final String PREFIX = "enrolgate.bridge.";

    private final MeterRegistry registry;
    private final Map<UartMessageType, Counter> framesIn = new EnumMap<>(UartMessageType.class);
    private final Map<UartMessageType, Counter> framesOut = new EnumMap<>(UartMessageType.class);
    private final Map<FrameError, Counter> frameErrors = new EnumMap<>(FrameError.class);
    private final Counter unknownType;
    private final Counter malformed;
    private final Counter unexpectedType;
    private final Counter unsupported;
    private final Counter requests;
    private final Counter publishes;
    private final Counter retries;
    private final Counter forwarded;
    private final Counter unmatched;
    private final Counter invalidResponses;
    private final Map<DropReason, Counter> drops = new EnumMap<>(DropReason.class);
    private final Timer roundTrip;
    private volatile LongConsumer roundTripObserver = nanos -> { };
    private final Counter serialOpens;
    private final Counter serialLosses;

    public BridgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (UartMessageType type : UartMessageType.values()) {
            if (type != UartMessageType.UNRECOGNIZED && type != UartMessageType.UART_MESSAGE_TYPE_UNSPECIFIED) {
                framesIn.put(type, Counter.builder(PREFIX + "uart.frames.in").tag("type", typeTag(type))
                        .description("good UART frames read from the gateway").register(registry));
                framesOut.put(type, Counter.builder(PREFIX + "uart.frames.out").tag("type", typeTag(type))
                        .description("UART frames written to the gateway").register(registry));
            }
        }
        for (FrameError error : FrameError.values()) {
            frameErrors.put(error, frameErrorCounter(error.metricTag()));
        }
        unknownType = frameErrorCounter("unknown_type");
        malformed = frameErrorCounter("malformed");
        unexpectedType = frameErrorCounter("unexpected_type");
        unsupported = frameErrorCounter("unsupported");
        requests = Counter.builder(PREFIX + "eg.requests").description("EG Requests accepted from the UART")
                .register(registry);
        publishes = Counter.builder(PREFIX + "eg.publishes").description("EG Request publishes, retries included")
                .register(registry);
        retries = Counter.builder(PREFIX + "eg.retries").description("EG Requests published again with the same id")
                .register(registry);
        forwarded = responseCounter("forwarded");
        unmatched = responseCounter("unmatched");
        invalidResponses = responseCounter("invalid");
        for (DropReason reason : DropReason.values()) {
            drops.put(reason, Counter.builder(PREFIX + "eg.drops").tag("reason", reason.metricTag())
                    .description("EG Requests or responses dropped").register(registry));
        }
        roundTrip = Timer.builder(PREFIX + "eg.round.trip")
                .description("EG Request read from the UART to its response written to the UART")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        serialOpens = Counter.builder(PREFIX + "serial.opens").description("the serial port opened").register(registry);
        serialLosses = Counter.builder(PREFIX + "serial.losses").description("the serial port lost").register(registry);
    }

    /** Gauges over the bridge's live state, sampled at scrape time. */
    public void bindState(Supplier<Number> pending, Supplier<Number> buffered, Supplier<Boolean> ready) {
        // Strong references: the suppliers are lambdas nobody else holds, and a weakly held one reads NaN once collected.
        Gauge.builder(PREFIX + "eg.pending", pending, s -> s.get().doubleValue()).strongReference(true)
                .description("EG Requests in progress").register(registry);
        Gauge.builder(PREFIX + "eg.buffered", buffered, s -> s.get().doubleValue()).strongReference(true)
                .description("EG Requests held for the broker").register(registry);
        Gauge.builder(PREFIX + "ready", ready, s -> s.get() ? 1 : 0).strongReference(true)
                .description("1 when the port is open, the gateway said HELLO and MQTT is connected").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    void frameIn(UartMessageType type) {
        framesIn.get(type).increment();
    }

    void frameOut(UartMessageType type) {
        framesOut.get(type).increment();
    }

    void frameError(FrameError error) {
        frameErrors.get(error).increment();
    }

    void unknownType() {
        unknownType.increment();
    }

    void malformed() {
        malformed.increment();
    }

    void unexpectedType() {
        unexpectedType.increment();
    }

    void unsupported() {
        unsupported.increment();
    }

    void request() {
        requests.increment();
    }

    void published(boolean retry) {
        publishes.increment();
        if (retry) {
            retries.increment();
        }
    }

    void forwarded() {
        forwarded.increment();
    }

    void unmatched() {
        unmatched.increment();
    }

    void invalidResponse() {
        invalidResponses.increment();
    }

    void dropped(DropReason reason) {
        drops.get(reason).increment();
    }

    void roundTrip(long nanos) {
        roundTrip.record(Duration.ofNanos(nanos));
        roundTripObserver.accept(nanos);
    }

    /** Also hands every round trip, in nanoseconds, to {@code observer} (a load test's exact percentiles). */
    public void observeRoundTrips(LongConsumer observer) {
        roundTripObserver = observer;
    }

    public void serialOpened() {
        serialOpens.increment();
    }

    public void serialLost() {
        serialLosses.increment();
    }

    public Timer roundTripTimer() {
        return roundTrip;
    }

    /** The tag value of a message type: {@code UART_MESSAGE_TYPE_EG_REQUEST} is {@code eg_request}. */
    static String typeTag(UartMessageType type) {
        return type.name().substring("UART_MESSAGE_TYPE_".length()).toLowerCase(Locale.ROOT);
    }

    private Counter frameErrorCounter(String reason) {
        return Counter.builder(PREFIX + "uart.frame.errors").tag("reason", reason)
                .description("UART frames dropped: bad CRC, malformed, unknown type...").register(registry);
    }

    private Counter responseCounter(String outcome) {
        return Counter.builder(PREFIX + "eg.responses").tag("outcome", outcome)
                .description("EG Responses received from the broker").register(registry);
    }
}
