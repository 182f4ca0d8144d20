package io.enrolgate.serialbridge.uart;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.zigbee.crypto.Crc16X25;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the framing over arbitrary payloads, chunkings and line noise. */
class HdlcLitePropertiesTest {

    @Property
    void anyPayloadRoundTripsInAnyChunking(@ForAll("payloads") List<byte[]> payloads,
            @ForAll @IntRange(min = 1, max = 64) int chunk) throws Exception {
        List<Byte> wire = new ArrayList<>();
        for (byte[] payload : payloads) {
            for (byte b : HdlcLiteFramer.encode(payload)) {
                wire.add(b);
            }
        }
        RecordingListener listener = new RecordingListener();
        HdlcLiteDecoder decoder = new HdlcLiteDecoder();
        byte[] bytes = toArray(wire);
        for (int i = 0; i < bytes.length; i += chunk) {
            decoder.push(bytes, i, Math.min(chunk, bytes.length - i), listener);
        }

        assertThat(listener.errors).isEmpty();
        assertThat(listener.frames).containsExactlyElementsOf(payloads);
    }

    @Property
    void anyByteStreamDecodesToGoodFramesOrCountedErrors(@ForAll @Size(max = 3000) byte[] noise) {
        RecordingListener listener = new RecordingListener();
        new HdlcLiteDecoder().push(noise, listener);

        long flags = countFlags(noise);
        assertThat((long) listener.events.size()).as("at most one event per frame end, plus overflows")
                .isLessThanOrEqualTo(2 * flags + 1);
        for (byte[] frame : listener.frames) {
            assertThat(frame.length).isBetween(1, HdlcLiteFramer.MAX_PAYLOAD);
        }
    }

    @Property
    void nothingIsReportedBeforeTheFirstFlag(@ForAll @Size(max = 2000) byte[] noise) {
        RecordingListener listener = new RecordingListener();
        byte[] withoutFlags = noise.clone();
        for (int i = 0; i < withoutFlags.length; i++) {
            if (withoutFlags[i] == 0x7E) {
                withoutFlags[i] = 0x7D;
            }
        }
        new HdlcLiteDecoder().push(withoutFlags, listener);

        assertThat(listener.events).isEmpty();
    }

    @Property
    void resynchronisesOnTheNextFlagAfterAnyNoise(@ForAll @Size(max = 1500) byte[] noise,
            @ForAll("payload") byte[] payload) throws Exception {
        RecordingListener listener = new RecordingListener();
        HdlcLiteDecoder decoder = new HdlcLiteDecoder();
        decoder.push(noise, listener);
        decoder.push(HdlcLiteFramer.encode(payload), listener);

        assertThat(listener.events).isNotEmpty();
        assertThat(listener.events.get(listener.events.size() - 1)).isEqualTo(payload);
    }

    @Property
    void aFrameWithACorruptedFcsIsNeverDelivered(@ForAll("payload") byte[] payload,
            @ForAll @IntRange(min = 1, max = 0xFFFF) int flip) {
        int fcs = Crc16X25.compute(payload) ^ flip;
        byte[] body = java.util.Arrays.copyOf(payload, payload.length + 2);
        body[payload.length] = (byte) fcs;
        body[payload.length + 1] = (byte) (fcs >>> 8);
        RecordingListener listener = new RecordingListener();
        new HdlcLiteDecoder().push(escapeAndFlag(body), listener);

        assertThat(listener.frames).isEmpty();
        assertThat(listener.errors).containsExactly(FrameError.CRC_MISMATCH);
    }

    @Provide
    Arbitrary<byte[]> payload() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(HdlcLiteFramer.MAX_PAYLOAD)
                .edgeCases(c -> c.add(new byte[] {0x7E}).add(new byte[] {0x7D, 0x7E}));
    }

    @Provide
    Arbitrary<List<byte[]>> payloads() {
        // Bias towards the bytes that need escaping.
        Arbitrary<Byte> bytes = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.of((byte) 0x7E, (byte) 0x7D)),
                net.jqwik.api.Tuple.of(4, Arbitraries.bytes()));
        return bytes.array(byte[].class).ofMinSize(1).ofMaxSize(HdlcLiteFramer.MAX_PAYLOAD).list().ofMaxSize(6);
    }

    private static byte[] escapeAndFlag(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
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

    private static long countFlags(byte[] bytes) {
        long n = 0;
        for (byte b : bytes) {
            if (b == 0x7E) {
                n++;
            }
        }
        return n;
    }

    private static byte[] toArray(List<Byte> list) {
        byte[] out = new byte[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
