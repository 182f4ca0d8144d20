"""The host side of the gateway UART (DESIGN.md §3.1, proto/enrolgate/v1/uart.proto and eg.proto),
written with the Python standard library only: HDLC-lite framing with CRC-16/X.25, and hand-coded
protobuf for the handful of fields the host test reads and writes."""

FLAG = 0x7E
ESCAPE = 0x7D
ESCAPE_XOR = 0x20

# UartMessageType (uart.proto): wire constants.
TYPE_HELLO = 1
TYPE_EG_REQUEST = 2
TYPE_EG_RESPONSE = 3
TYPE_LOG = 4
TYPE_RELAY_UP = 5
TYPE_RELAY_DOWN = 6

# Rejection.Code (eg.proto)
REJECT_UNKNOWN_DEVICE = 1


class ProtobufError(ValueError):
    """A protobuf message that does not decode."""


def crc16_x25(data: bytes) -> int:
    """CRC-16/X.25 (reflected 0x1021, init and final XOR 0xFFFF): check value 0x906E."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return crc ^ 0xFFFF


def hdlc_encode(payload: bytes) -> bytes:
    """0x7E | escaped(payload | FCS little-endian) | 0x7E."""
    fcs = crc16_x25(payload)
    body = payload + bytes([fcs & 0xFF, fcs >> 8])
    out = bytearray([FLAG])
    for byte in body:
        if byte in (FLAG, ESCAPE):
            out += bytes([ESCAPE, byte ^ ESCAPE_XOR])
        else:
            out.append(byte)
    out.append(FLAG)
    return bytes(out)


class HdlcDecoder:
    """Feeds bytes in any chunking and returns the good payloads; bad frames are counted."""

    def __init__(self, max_payload=1024):
        self.max_payload = max_payload
        self.buffer = bytearray()
        self.escaped = False
        self.synced = False  # bytes before the first flag are line noise
        self.fcs_errors = 0
        self.too_short = 0
        self.overflows = 0

    def push(self, data: bytes):
        frames = []
        for byte in data:
            if byte == FLAG:
                if self.synced and self.buffer and not self.escaped:
                    frame = self._close()
                    if frame is not None:
                        frames.append(frame)
                self.buffer.clear()
                self.escaped = False  # 0x7D 0x7E is an abort: the frame is dropped
                self.synced = True
                continue
            if not self.synced:
                continue
            if self.escaped:
                byte ^= ESCAPE_XOR
                self.escaped = False
            elif byte == ESCAPE:
                self.escaped = True
                continue
            if len(self.buffer) > self.max_payload + 2:
                self.overflows += 1
                self.buffer.clear()
                self.synced = False  # drop the rest of this frame
                continue
            self.buffer.append(byte)
        return frames

    def _close(self):
        if len(self.buffer) < 3:
            self.too_short += 1
            return None
        payload, fcs = bytes(self.buffer[:-2]), self.buffer[-2] | (self.buffer[-1] << 8)
        if crc16_x25(payload) != fcs:
            self.fcs_errors += 1
            return None
        return payload


# ---- protobuf, by hand ----

def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _read_varint(data: bytes, pos: int):
    value, shift = 0, 0
    while True:
        if pos >= len(data):
            raise ProtobufError("truncated varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7
        if shift >= 64:
            raise ProtobufError("varint longer than 10 bytes")


def parse_fields(data: bytes) -> dict:
    """Field number -> last value (int for varint/fixed, bytes for length-delimited)."""
    fields, pos = {}, 0
    while pos < len(data):
        key, pos = _read_varint(data, pos)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise ProtobufError("field number 0")
        if wire == 0:
            value, pos = _read_varint(data, pos)
        elif wire == 1 or wire == 5:
            size = 8 if wire == 1 else 4
            if pos + size > len(data):
                raise ProtobufError("truncated fixed field")
            value, pos = int.from_bytes(data[pos:pos + size], "little"), pos + size
        elif wire == 2:
            size, pos = _read_varint(data, pos)
            if pos + size > len(data):
                raise ProtobufError("truncated length-delimited field")
            value, pos = bytes(data[pos:pos + size]), pos + size
        else:
            raise ProtobufError(f"unsupported wire type {wire}")
        fields[number] = value
    return fields


def decode_eg_request(data: bytes) -> dict:
    f = parse_fields(data)
    request = {
        "request_id": f.get(1, b""),
        "gateway_ieee": f.get(2, 0),
        "gateway_short": f.get(3, 0),
        "pan_id": f.get(4, 0),
        "device_ieee": f.get(5, 0),
        "device_short": f.get(6, 0),
        "capability_information": f.get(8, 0),
    }
    for name in ("request_id",):
        if not isinstance(request[name], bytes):
            raise ProtobufError(f"{name} has the wrong wire type")
    for name in ("gateway_ieee", "device_ieee", "device_short", "pan_id"):
        if not isinstance(request[name], int):
            raise ProtobufError(f"{name} has the wrong wire type")
    return request


def decode_hello(data: bytes) -> dict:
    f = parse_fields(data)
    return {
        "firmware_version": f.get(1, b"").decode("utf-8", "replace"),
        "gateway_ieee": f.get(2, 0),
        "pan_id": f.get(3, 0),
        "channel": f.get(4, 0),
        "extended_pan_id": f.get(5, 0),
        "protocol_version": f.get(6, 0),
    }


def decode_log(data: bytes) -> dict:
    f = parse_fields(data)
    return {"level": f.get(1, 0), "message": f.get(2, b"").decode("utf-8", "replace"), "uptime_ms": f.get(3, 0)}


def _bytes_field(number: int, value: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(value)) + value


def encode_eg_response(request_id: bytes, device_ieee: int, device_short: int,
                       nwk_frame: bytes = None, rejection_code: int = None, message: str = "") -> bytes:
    out = _bytes_field(1, request_id)
    if nwk_frame is not None:
        out += _bytes_field(2, nwk_frame)
    else:
        rejection = _varint(1 << 3 | 0) + _varint(rejection_code)
        if message:
            rejection += _bytes_field(2, message.encode())
        out += _bytes_field(3, rejection)
    out += _varint(4 << 3 | 1) + device_ieee.to_bytes(8, "little")
    out += _varint(5 << 3 | 0) + _varint(device_short)
    return out


def uart_frame(message_type: int, message: bytes) -> bytes:
    return hdlc_encode(bytes([message_type]) + message)
