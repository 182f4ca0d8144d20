package io.enrolgate.serialbridge.core;

import io.enrolgate.proto.v1.GatewayHello;
import io.enrolgate.zigbee.IeeeAddress;
import java.util.Objects;

/** What a gateway says about itself in its HELLO: which gateway is on the line, and its PAN. */
public record GatewayIdentity(IeeeAddress ieee, int panId, int channel, long extendedPanId, String firmwareVersion,
        int protocolVersion) {

    /** The version of the UART protocol this bridge speaks ({@code EG_UART_PROTOCOL_VERSION}); it refuses others. */
    public static final int PROTOCOL_VERSION = 1;

    public GatewayIdentity {
        Objects.requireNonNull(ieee, "ieee");
        Objects.requireNonNull(firmwareVersion, "firmwareVersion");
    }

    public static GatewayIdentity of(GatewayHello hello) {
        return new GatewayIdentity(new IeeeAddress(hello.getGatewayIeee()), hello.getPanId(), hello.getChannel(),
                hello.getExtendedPanId(), hello.getFirmwareVersion(), hello.getProtocolVersion());
    }

    public boolean speaksOurProtocol() {
        return protocolVersion == PROTOCOL_VERSION;
    }

    @Override
    public String toString() {
        return String.format("gateway %s (PAN %04x, channel %d, firmware '%s', UART protocol %d)", ieee.toTopicHex(),
                panId, channel, GatewayStatus.printable(firmwareVersion), protocolVersion);
    }
}
