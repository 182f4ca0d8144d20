package io.enrolgate.zigbee.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.function.Function;

/** The laws every codec of this package obeys, asserted by the property tests of each structure. */
final class CodecLaws {
    private CodecLaws() {
    }

    /** Decoding an encoding gives the value back, and the encoding has the length the value announces. */
    static <T> void roundTrips(T value, byte[] encoding, int announcedLength, Function<byte[], T> decode) {
        assertThat(encoding).hasSize(announcedLength);
        assertThat(decode.apply(encoding)).isEqualTo(value);
    }

    /** Every proper prefix of a valid encoding is refused as truncated, and with nothing else. */
    static void everyProperPrefixIsTruncated(byte[] encoding, Function<byte[], ?> decode) {
        for (int length = 0; length < encoding.length; length++) {
            byte[] prefix = Arrays.copyOf(encoding, length);
            Throwable thrown = catchThrowable(() -> decode.apply(prefix));
            assertThat(thrown).as("decoding the first %d of %d bytes", length, encoding.length)
                    .isInstanceOf(FrameFormatException.class);
            assertThat(((FrameFormatException) thrown).reason())
                    .as("decoding the first %d of %d bytes: %s", length, encoding.length, thrown.getMessage())
                    .isEqualTo(FrameFormatException.Reason.TRUNCATED);
        }
    }

    /**
     * Any input either decodes to a value that encodes back to exactly that input (the codecs keep
     * every bit) or is refused with a FrameFormatException; any other exception fails the test.
     */
    static <T> void decodesExactlyOrRefuses(byte[] input, Function<byte[], T> decode, Function<T, byte[]> encode) {
        T decoded;
        try {
            decoded = decode.apply(input);
        } catch (FrameFormatException refused) {
            assertThat(refused.getMessage()).contains(refused.field());
            return;
        }
        assertThat(encode.apply(decoded)).isEqualTo(input);
    }

    /** {@code encoding} with one bit inverted, the bit chosen by {@code bitChoice} modulo the length. */
    static byte[] withFlippedBit(byte[] encoding, int bitChoice) {
        byte[] flipped = encoding.clone();
        int bit = Math.floorMod(bitChoice, 8 * encoding.length);
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        return flipped;
    }
}
