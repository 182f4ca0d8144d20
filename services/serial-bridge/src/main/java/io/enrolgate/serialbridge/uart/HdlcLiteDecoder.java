package io.enrolgate.serialbridge.uart;

import static io.enrolgate.serialbridge.uart.HdlcLiteFramer.ESCAPE;
import static io.enrolgate.serialbridge.uart.HdlcLiteFramer.ESCAPE_XOR;
import static io.enrolgate.serialbridge.uart.HdlcLiteFramer.FCS_LENGTH;
import static io.enrolgate.serialbridge.uart.HdlcLiteFramer.FLAG;
import static io.enrolgate.serialbridge.uart.HdlcLiteFramer.MAX_PAYLOAD;

import io.enrolgate.zigbee.crypto.Crc16X25;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads HDLC-lite frames ({@link HdlcLiteFramer}) from a byte stream in any chunking, with the
 * firmware decoder's rules ({@code eg_hdlc_decoder_push}): bytes before the first flag are skipped
 * (a decoder started mid-frame resynchronises on the next flag); back-to-back flags are empty frames
 * and ignored; any byte after {@code ESCAPE} is un-escaped (so a peer that also escapes 0x11/0x13 is
 * understood); {@code ESCAPE FLAG} aborts the frame; a frame with a bad FCS, shorter than the FCS, or
 * longer than {@link HdlcLiteFramer#MAX_PAYLOAD} is reported and dropped. Nothing it reads can make it
 * throw. Not thread-safe: one reader thread owns it.
 */
public final class HdlcLiteDecoder {
    private final byte[] buffer = new byte[MAX_PAYLOAD + FCS_LENGTH];
    private int length;
    private boolean escaped;
    /** Skipping until the next flag: at start (hunting) and after an oversized frame. */
    private boolean skipping = true;

    /** Feeds {@code count} bytes of {@code bytes} from {@code offset}; reports every frame they complete. */
    public void push(byte[] bytes, int offset, int count, FrameListener listener) {
        Objects.checkFromIndexSize(offset, count, bytes.length);
        Objects.requireNonNull(listener, "listener");
        for (int i = offset; i < offset + count; i++) {
            push(bytes[i] & 0xFF, listener);
        }
    }

    public void push(byte[] bytes, FrameListener listener) {
        push(bytes, 0, bytes.length, listener);
    }

    /** Forgets a partial frame and hunts for the next flag, as after opening the port again. */
    public void reset() {
        length = 0;
        escaped = false;
        skipping = true;
    }

    private void push(int b, FrameListener listener) {
        if (b == FLAG) {
            endFrame(listener);
            return;
        }
        if (skipping) {
            return;
        }
        if (b == ESCAPE && !escaped) {
            escaped = true;
            return;
        }
        if (escaped) {
            b ^= ESCAPE_XOR;
            escaped = false;
        }
        if (length >= buffer.length) {
            skipping = true; // the rest of this frame is dropped; the next flag resynchronises
            listener.onFrameError(FrameError.OVERSIZED);
            return;
        }
        buffer[length++] = (byte) b;
    }

    private void endFrame(FrameListener listener) {
        int n = length;
        boolean wasSkipping = skipping;
        boolean wasEscaped = escaped;
        length = 0;
        escaped = false;
        skipping = false;
        if (wasSkipping || n == 0) {
            return; // resynchronised, or an empty frame between two flags
        }
        if (wasEscaped) {
            listener.onFrameError(FrameError.ABORTED);
            return;
        }
        if (n <= FCS_LENGTH) {
            listener.onFrameError(FrameError.TOO_SHORT);
            return;
        }
        int payloadLength = n - FCS_LENGTH;
        int fcs = (buffer[payloadLength] & 0xFF) | (buffer[payloadLength + 1] & 0xFF) << 8;
        if (Crc16X25.compute(buffer, 0, payloadLength) != fcs) {
            listener.onFrameError(FrameError.CRC_MISMATCH);
            return;
        }
        listener.onFrame(Arrays.copyOf(buffer, payloadLength));
    }
}
