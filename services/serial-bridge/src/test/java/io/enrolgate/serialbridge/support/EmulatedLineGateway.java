package io.enrolgate.serialbridge.support;

import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.proto.v1.UartMessageType;
import io.enrolgate.serialbridge.serial.JSerialCommOpener;
import io.enrolgate.serialbridge.serial.SerialConnection;
import io.enrolgate.serialbridge.serial.SerialSettings;
import io.enrolgate.serialbridge.uart.FrameError;
import io.enrolgate.serialbridge.uart.FrameListener;
import io.enrolgate.serialbridge.uart.HdlcLiteDecoder;
import io.enrolgate.serialbridge.uart.UartMessage;
import io.enrolgate.serialbridge.uart.UartMessageCodec;
import io.enrolgate.zigbee.IeeeAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * A gateway played by the test on its end of a pseudo-terminal line, with the line's speed emulated, since a
 * pseudo-terminal moves bytes at memory speed whatever its baud rate: a frame written to the line is released
 * when its last bit would have been sent (10 bits per byte, 8N1, one frame after the other), and a frame read
 * from it counts as arrived when its last bit would have been received. It answers the bridge's HELLO requests.
 */
public final class EmulatedLineGateway implements AutoCloseable {
    private final SerialConnection line;
    private final IeeeAddress ieee;
    private final double nanosPerByte;
    private final Thread reader;
    private final Object upLine = new Object();
    private long upFreeAt;
    /** Only the reader thread touches it. */
    private long downFreeAt;
    private volatile boolean running = true;
    private volatile BiConsumer<EgResponse, Long> responses = (response, arrived) -> { };
    public final AtomicLong frameErrors = new AtomicLong();
    public final ConcurrentHashMap<UartMessageType, AtomicLong> received = new ConcurrentHashMap<>();

    public EmulatedLineGateway(Path gatewayEnd, IeeeAddress ieee, int baudRate) throws IOException {
        this.line = new JSerialCommOpener(new SerialSettings(gatewayEnd.toString(), baudRate)).open();
        this.ieee = ieee;
        this.nanosPerByte = 10.0 * 1_000_000_000L / baudRate;
        this.reader = new Thread(this::readLoop, "emulated-gateway-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Where EG Responses go, with the (emulated) arrival time of their last byte, System.nanoTime based. */
    public void onResponse(BiConsumer<EgResponse, Long> handler) {
        responses = handler;
    }

    /** Says HELLO unasked, as the gateway does at boot. */
    public void hello() throws IOException {
        send(UartFrames.helloFrame(ieee), System.nanoTime());
    }

    /**
     * Sends {@code frame} as if its first bit left at {@code startNanos} (or when the line is free, if later):
     * sleeps until its last bit would have left, then hands it over whole.
     */
    public void send(byte[] frame, long startNanos) throws IOException {
        synchronized (upLine) {
            long done = Math.max(startNanos, upFreeAt) + Math.round(frame.length * nanosPerByte);
            upFreeAt = done;
            sleepUntil(done);
            line.write(frame);
        }
    }

    private void readLoop() {
        HdlcLiteDecoder decoder = new HdlcLiteDecoder();
        byte[] buffer = new byte[4096];
        while (running) {
            int n;
            try {
                n = line.read(buffer);
            } catch (IOException e) {
                return;
            }
            if (n <= 0) {
                continue;
            }
            long readAt = System.nanoTime();
            // Frames read together were on the wire one after the other: each one ends later.
            decoder.push(buffer, 0, n, new FrameListener() {
                @Override
                public void onFrame(byte[] payload) {
                    // The frame's bytes on the wire: payload, FCS and two flags (escapes ignored, they are rare).
                    downFreeAt = Math.max(readAt, downFreeAt) + Math.round((payload.length + 4) * nanosPerByte);
                    handle(payload, downFreeAt);
                }

                @Override
                public void onFrameError(FrameError error) {
                    frameErrors.incrementAndGet();
                }
            });
        }
    }

    private void handle(byte[] payload, long arrived) {
        try {
            UartMessage message = UartMessageCodec.decode(payload);
            received.computeIfAbsent(message.type(), t -> new AtomicLong()).incrementAndGet();
            switch (message.type()) {
                case UART_MESSAGE_TYPE_HELLO -> new Thread(() -> {
                    try {
                        hello();
                    } catch (IOException e) {
                        frameErrors.incrementAndGet();
                    }
                }, "emulated-gateway-hello").start();
                case UART_MESSAGE_TYPE_EG_RESPONSE -> responses.accept(message.body(EgResponse.class), arrived);
                default -> { }
            }
        } catch (Exception e) {
            frameErrors.incrementAndGet();
        }
    }

    private static void sleepUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    @Override
    public void close() {
        running = false;
        line.close();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
