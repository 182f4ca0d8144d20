package io.enrolgate.serialbridge.support;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.proto.v1.GatewayHello;
import io.enrolgate.proto.v1.UartMessageType;
import io.enrolgate.serialbridge.uart.FrameError;
import io.enrolgate.serialbridge.uart.FrameListener;
import io.enrolgate.serialbridge.uart.FrameTooLongException;
import io.enrolgate.serialbridge.uart.HdlcLiteDecoder;
import io.enrolgate.serialbridge.uart.HdlcLiteFramer;
import io.enrolgate.serialbridge.uart.UartMessage;
import io.enrolgate.serialbridge.uart.UartMessageCodec;
import io.enrolgate.zigbee.IeeeAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** Frames a gateway would send, and reading what the bridge sent back: for tests playing the gateway. */
public final class UartFrames {
    public static final IeeeAddress GATEWAY = IeeeAddress.parse("00124b0001020304");
    public static final int PAN = 0x1A62;
    public static final int CHANNEL = 15;
    private static final SecureRandom RANDOM = new SecureRandom();

    private UartFrames() {
    }

    public static GatewayHello hello(IeeeAddress gateway) {
        return GatewayHello.newBuilder().setFirmwareVersion("0.1.0").setGatewayIeee(gateway.value()).setPanId(PAN)
                .setChannel(CHANNEL).setExtendedPanId(gateway.value()).setProtocolVersion(1).build();
    }

    public static byte[] helloFrame(IeeeAddress gateway) {
        return frame(UartMessageType.UART_MESSAGE_TYPE_HELLO, hello(gateway));
    }

    public static byte[] requestId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return id;
    }

    public static EgRequest request(byte[] requestId, IeeeAddress gateway, IeeeAddress device, int deviceShort) {
        return EgRequest.newBuilder().setRequestId(ByteString.copyFrom(requestId)).setGatewayIeee(gateway.value())
                .setGatewayShort(0).setPanId(PAN).setDeviceIeee(device.value()).setDeviceShort(deviceShort)
                .setCapabilityInformation(0x80).setGatewayUptimeMs(1234).build();
    }

    public static byte[] requestFrame(EgRequest request) {
        return frame(UartMessageType.UART_MESSAGE_TYPE_EG_REQUEST, request);
    }

    public static byte[] frame(UartMessageType type, MessageLite body) {
        try {
            return HdlcLiteFramer.encode(UartMessageCodec.encode(type, body));
        } catch (FrameTooLongException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Decodes whole frames (as a gateway would read them); bad ones fail the test. */
    public static List<UartMessage> decode(List<byte[]> frames) {
        Reader reader = new Reader();
        frames.forEach(reader::push);
        if (!reader.errors.isEmpty()) {
            throw new AssertionError("bad frames from the bridge: " + reader.errors);
        }
        return reader.messages;
    }

    /** Reads frames from bytes in any chunking, as the gateway's decoder does. */
    public static final class Reader implements FrameListener {
        private final HdlcLiteDecoder decoder = new HdlcLiteDecoder();
        public final List<UartMessage> messages = new ArrayList<>();
        public final List<Object> errors = new ArrayList<>();

        public synchronized void push(byte[] bytes) {
            decoder.push(bytes, this);
        }

        public synchronized void push(byte[] bytes, int offset, int count) {
            decoder.push(bytes, offset, count, this);
        }

        @Override
        public void onFrame(byte[] payload) {
            try {
                messages.add(UartMessageCodec.decode(payload));
            } catch (Exception e) {
                errors.add(e);
            }
        }

        @Override
        public void onFrameError(FrameError error) {
            errors.add(error);
        }

        public synchronized List<UartMessage> snapshot() {
            return List.copyOf(messages);
        }
    }
}
