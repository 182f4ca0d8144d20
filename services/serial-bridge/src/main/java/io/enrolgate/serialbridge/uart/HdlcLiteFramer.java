package io.enrolgate.serialbridge.uart;

import io.enrolgate.zigbee.crypto.Crc16X25;
import java.util.Objects;

/**
 * The HDLC-lite framing of the gateway UART (DESIGN.md §3.1; RFC 1662 byte stuffing, as Spinel uses
 * it), with the firmware's rules and limits ({@code firmware/core/include/eg_hdlc.h}):
 *
 * <pre>
 *   FLAG | escaped(payload | FCS-16 little-endian) | FLAG
 * </pre>
 *
 * where the FCS is CRC-16/X.25 over the unescaped payload and escaping replaces {@link #FLAG} and
 * {@link #ESCAPE} by {@code ESCAPE, byte ^ ESCAPE_XOR}. The payload is one {@code UartMessageType} byte
 * followed by a protobuf message ({@link UartMessageCodec}). Reading is {@link HdlcLiteDecoder}'s job.
 */
public final class HdlcLiteFramer {
    /** Starts and ends every frame ({@code EG_HDLC_FLAG}). */
    public static final int FLAG = 0x7E;
    /** Announces an escaped byte ({@code EG_HDLC_ESCAPE}). */
    public static final int ESCAPE = 0x7D;
    /** What an escaped byte is XORed with ({@code EG_HDLC_ESCAPE_XOR}). */
    public static final int ESCAPE_XOR = 0x20;
    /** Length of the CRC-16/X.25 frame check sequence ({@code EG_HDLC_FCS_LEN}). */
    public static final int FCS_LENGTH = 2;
    /** Largest unescaped payload either side may send: the gateway's buffer ({@code EG_HDLC_MAX_PAYLOAD}). */
    public static final int MAX_PAYLOAD = 384;

    private HdlcLiteFramer() {
    }

    /** Worst-case encoded length of a payload of {@code payloadLength} bytes: every byte escaped, two flags. */
    public static int maxEncodedLength(int payloadLength) {
        return 2 * (payloadLength + FCS_LENGTH) + 2;
    }

    /**
     * The frame carrying {@code payload}, flags included.
     *
     * @throws FrameTooLongException when the payload exceeds {@link #MAX_PAYLOAD}
     * @throws IllegalArgumentException when the payload is empty (an empty frame is not a message)
     */
    public static byte[] encode(byte[] payload) throws FrameTooLongException {
        Objects.requireNonNull(payload, "payload");
        if (payload.length == 0) {
            throw new IllegalArgumentException("an empty UART payload carries no message type");
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new FrameTooLongException(payload.length);
        }
        int fcs = Crc16X25.compute(payload);
        byte[] out = new byte[maxEncodedLength(payload.length)];
        int pos = 0;
        out[pos++] = (byte) FLAG;
        for (byte b : payload) {
            pos = putEscaped(b & 0xFF, out, pos);
        }
        pos = putEscaped(fcs & 0xFF, out, pos);
        pos = putEscaped(fcs >>> 8, out, pos);
        out[pos++] = (byte) FLAG;
        return java.util.Arrays.copyOf(out, pos);
    }

    static boolean needsEscape(int b) {
        return b == FLAG || b == ESCAPE;
    }

    private static int putEscaped(int b, byte[] out, int pos) {
        if (needsEscape(b)) {
            out[pos++] = (byte) ESCAPE;
            out[pos++] = (byte) (b ^ ESCAPE_XOR);
        } else {
            out[pos++] = (byte) b;
        }
        return pos;
    }
}
