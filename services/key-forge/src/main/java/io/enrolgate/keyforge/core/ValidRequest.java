package io.enrolgate.keyforge.core;

import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.registry.enrolment.RequestId;
import io.enrolgate.zigbee.IeeeAddress;

/** An EG Request whose every field was checked: what the processor works from. */
public record ValidRequest(RequestId requestId, IeeeAddress gateway, int gatewayShort, int panId, IeeeAddress device,
        int deviceShort, EgRequest message) {
}
