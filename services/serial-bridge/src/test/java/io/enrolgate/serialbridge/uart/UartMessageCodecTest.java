package io.enrolgate.serialbridge.uart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.proto.v1.GatewayHello;
import io.enrolgate.proto.v1.GatewayLog;
import io.enrolgate.proto.v1.RelayFrame;
import io.enrolgate.proto.v1.UartMessageType;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UartMessageCodecTest {

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of(UartMessageType.UART_MESSAGE_TYPE_HELLO, GatewayHello.newBuilder().setFirmwareVersion("0.1.0")
                        .setGatewayIeee(0x00124B0001020304L).setPanId(0x1A62).setChannel(15).setProtocolVersion(1).build()),
                Arguments.of(UartMessageType.UART_MESSAGE_TYPE_EG_REQUEST, EgRequest.newBuilder()
                        .setRequestId(ByteString.copyFrom(new byte[16])).setGatewayIeee(1).setDeviceIeee(2).build()),
                Arguments.of(UartMessageType.UART_MESSAGE_TYPE_EG_RESPONSE, EgResponse.newBuilder()
                        .setRequestId(ByteString.copyFrom(new byte[16])).setNwkFrame(ByteString.copyFrom(new byte[60])).build()),
                Arguments.of(UartMessageType.UART_MESSAGE_TYPE_LOG, GatewayLog.newBuilder()
                        .setLevel(GatewayLog.Level.LEVEL_INFO).setMessage("joined").setUptimeMs(12).build()),
                Arguments.of(UartMessageType.UART_MESSAGE_TYPE_RELAY_UP, RelayFrame.newBuilder().setDeviceShort(7).build()),
                Arguments.of(UartMessageType.UART_MESSAGE_TYPE_RELAY_DOWN, RelayFrame.newBuilder().setDeviceShort(8).build()));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void everyTypeRoundTripsWithItsMessage(UartMessageType type, Message body) throws Exception {
        byte[] payload = UartMessageCodec.encode(type, body);

        assertThat(payload[0]).isEqualTo((byte) type.getNumber());
        UartMessage decoded = UartMessageCodec.decode(payload);
        assertThat(decoded.type()).isEqualTo(type);
        assertThat(decoded.body()).isEqualTo(body);
    }

    @Test
    void typeBytesAreTheProtoWireConstants() {
        // What the firmware compiles with nanopb from the same uart.proto (never renumbered).
        assertThat(UartMessageType.UART_MESSAGE_TYPE_HELLO.getNumber()).isEqualTo(1);
        assertThat(UartMessageType.UART_MESSAGE_TYPE_EG_REQUEST.getNumber()).isEqualTo(2);
        assertThat(UartMessageType.UART_MESSAGE_TYPE_EG_RESPONSE.getNumber()).isEqualTo(3);
        assertThat(UartMessageType.UART_MESSAGE_TYPE_LOG.getNumber()).isEqualTo(4);
        assertThat(UartMessageType.UART_MESSAGE_TYPE_RELAY_UP.getNumber()).isEqualTo(5);
        assertThat(UartMessageType.UART_MESSAGE_TYPE_RELAY_DOWN.getNumber()).isEqualTo(6);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x07, 0x7F, 0x80, 0xFF})
    void refusesUnknownTypes(int typeByte) {
        assertThatThrownBy(() -> UartMessageCodec.decode(new byte[] {(byte) typeByte, 0x0A, 0x00}))
                .isInstanceOf(UnknownMessageTypeException.class)
                .satisfies(e -> assertThat(((UnknownMessageTypeException) e).typeByte()).isEqualTo(typeByte));
    }

    @Test
    void refusesAnEmptyPayload() {
        assertThatThrownBy(() -> UartMessageCodec.decode(new byte[0])).isInstanceOf(UnknownMessageTypeException.class);
    }

    @Test
    void refusesABodyThatIsNotItsTypesMessage() {
        // A length-delimited field whose length runs past the end.
        assertThatThrownBy(() -> UartMessageCodec.decode(new byte[] {0x02, 0x0A, 0x20, 0x01}))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("EG_REQUEST");
        // A truncated varint.
        assertThatThrownBy(() -> UartMessageCodec.decode(new byte[] {0x01, 0x18, (byte) 0xFF}))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void anEmptyBodyIsTheDefaultMessage() throws Exception {
        assertThat(UartMessageCodec.decode(new byte[] {0x01}).body()).isEqualTo(GatewayHello.getDefaultInstance());
    }

    @Test
    void refusesToEncodeUnspecified() {
        assertThatThrownBy(() -> UartMessageCodec.encode(UartMessageType.UART_MESSAGE_TYPE_UNSPECIFIED, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
