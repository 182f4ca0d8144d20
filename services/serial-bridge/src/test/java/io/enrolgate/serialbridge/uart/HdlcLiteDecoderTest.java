package io.enrolgate.serialbridge.uart;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.zigbee.crypto.Crc16X25;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Negative and edge cases of the decoder; {@link HdlcLitePropertiesTest} covers arbitrary input. */
class HdlcLiteDecoderTest {
    private static final byte[] PAYLOAD = {0x01, 0x12, 0x05, 0x30, 0x2E, 0x31};

    private final HdlcLiteDecoder decoder = new HdlcLiteDecoder();
    private final RecordingListener listener = new RecordingListener();

    @Test
    void decodesAFrameInAnyChunking() throws Exception {
        byte[] wire = concat(HdlcLiteFramer.encode(PAYLOAD), HdlcLiteFramer.encode(new byte[] {0x7E, 0x7D}));
        for (byte b : wire) {
            decoder.push(new byte[] {b}, listener);
        }

        assertThat(listener.frames).containsExactly(PAYLOAD, new byte[] {0x7E, 0x7D});
        assertThat(listener.errors).isEmpty();
    }

    @Test
    void skipsWhatComesBeforeTheFirstFlag() throws Exception {
        byte[] frame = HdlcLiteFramer.encode(PAYLOAD);
        // Started mid-frame: the tail of a previous frame, without its opening flag.
        decoder.push(concat(Arrays.copyOfRange(frame, 3, frame.length - 1), frame), listener);

        assertThat(listener.frames).containsExactly(PAYLOAD);
        assertThat(listener.errors).as("the partial frame before the first flag is not an error").isEmpty();
    }

    @Test
    void ignoresEmptyFramesBetweenFlags() throws Exception {
        decoder.push(concat(new byte[] {0x7E, 0x7E, 0x7E}, HdlcLiteFramer.encode(PAYLOAD), new byte[] {0x7E, 0x7E}), listener);

        assertThat(listener.frames).containsExactly(PAYLOAD);
        assertThat(listener.errors).isEmpty();
    }

    @Test
    void countsAndDropsABadFcsAndKeepsGoing() throws Exception {
        byte[] bad = HdlcLiteFramer.encode(PAYLOAD);
        bad[2] ^= 0x01;
        decoder.push(concat(bad, HdlcLiteFramer.encode(PAYLOAD)), listener);

        assertThat(listener.errors).containsExactly(FrameError.CRC_MISMATCH);
        assertThat(listener.frames).containsExactly(PAYLOAD);
    }

    @Test
    void countsFramesShorterThanTheFcs() throws Exception {
        decoder.push(new byte[] {0x7E, 0x01, 0x7E, 0x01, 0x02, 0x7E}, listener);

        assertThat(listener.errors).containsExactly(FrameError.TOO_SHORT, FrameError.TOO_SHORT);
        assertThat(listener.frames).isEmpty();
    }

    @Test
    void countsAnOversizedFrameOnceAndResynchronisesOnTheNextFlag() throws Exception {
        byte[] huge = new byte[HdlcLiteFramer.MAX_PAYLOAD + HdlcLiteFramer.FCS_LENGTH + 100];
        Arrays.fill(huge, (byte) 0x55);
        decoder.push(concat(new byte[] {0x7E}, huge, HdlcLiteFramer.encode(PAYLOAD)), listener);

        assertThat(listener.errors).containsExactly(FrameError.OVERSIZED);
        assertThat(listener.frames).containsExactly(PAYLOAD);
    }

    @Test
    void acceptsTheLargestPayloadAndRefusesOneByteMore() throws Exception {
        byte[] largest = new byte[HdlcLiteFramer.MAX_PAYLOAD];
        Arrays.fill(largest, (byte) 0x42);
        decoder.push(HdlcLiteFramer.encode(largest), listener);
        decoder.push(withFcs(new byte[HdlcLiteFramer.MAX_PAYLOAD + 1]), listener);

        assertThat(listener.frames).containsExactly(largest);
        assertThat(listener.errors).containsExactly(FrameError.OVERSIZED);
    }

    @Test
    void treatsEscapeFlagAsAnAbort() throws Exception {
        decoder.push(new byte[] {0x7E, 0x01, 0x02, 0x03, 0x7D, 0x7E}, listener);
        decoder.push(HdlcLiteFramer.encode(PAYLOAD), listener);

        assertThat(listener.errors).containsExactly(FrameError.ABORTED);
        assertThat(listener.frames).containsExactly(PAYLOAD);
    }

    @Test
    void understandsAPeerThatAlsoEscapesXonAndXoff() throws Exception {
        byte[] payload = {0x04, 0x11, 0x13};
        int fcs = Crc16X25.compute(payload);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(new byte[] {0x7E, 0x04, 0x7D, 0x31, 0x7D, 0x33});
        for (int b : new int[] {fcs & 0xFF, fcs >>> 8}) {
            if (b == 0x7E || b == 0x7D || b == 0x11 || b == 0x13) {
                wire.writeBytes(new byte[] {0x7D, (byte) (b ^ 0x20)});
            } else {
                wire.write(b);
            }
        }
        wire.write(0x7E);
        decoder.push(wire.toByteArray(), listener);

        assertThat(listener.frames).containsExactly(payload);
    }

    @Test
    void resetDropsAPartialFrame() throws Exception {
        byte[] frame = HdlcLiteFramer.encode(PAYLOAD);
        decoder.push(Arrays.copyOf(frame, 4), listener);
        decoder.reset();
        decoder.push(Arrays.copyOfRange(frame, 4, frame.length), listener);
        decoder.push(frame, listener);

        assertThat(listener.errors).isEmpty();
        assertThat(listener.frames).containsExactly(PAYLOAD);
    }

    static byte[] withFcs(byte[] payload) {
        int fcs = Crc16X25.compute(payload);
        byte[] body = Arrays.copyOf(payload, payload.length + 2);
        body[payload.length] = (byte) fcs;
        body[payload.length + 1] = (byte) (fcs >>> 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x7E);
        for (byte b : body) {
            if (b == 0x7E || b == 0x7D) {
                out.write(0x7D);
                out.write(b ^ 0x20);
            } else {
                out.write(b);
            }
        }
        out.write(0x7E);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
