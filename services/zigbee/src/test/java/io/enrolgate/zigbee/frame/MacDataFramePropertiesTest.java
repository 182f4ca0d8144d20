package io.enrolgate.zigbee.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class MacDataFramePropertiesTest {

    @Provide
    Arbitrary<MacDataFrame> frames() {
        return FrameArbitraries.macDataFrames();
    }

    @Property
    void encodingThenDecodingGivesTheFrameBack(@ForAll("frames") MacDataFrame frame) {
        CodecLaws.roundTrips(frame, frame.encode(), frame.length(), MacDataFrame::decode);
    }

    @Property
    void theFcsCoversEveryByteBeforeIt(@ForAll("frames") MacDataFrame frame, @ForAll int bitChoice) {
        byte[] mpdu = frame.encode();
        byte[] corrupted = CodecLaws.withFlippedBit(Arrays.copyOf(mpdu, mpdu.length - MacFcs.LENGTH), bitChoice);
        byte[] corruptedMpdu = Bytes.concat(corrupted, Arrays.copyOfRange(mpdu, mpdu.length - MacFcs.LENGTH,
                mpdu.length));

        Throwable thrown = catchThrowable(() -> MacDataFrame.decode(corruptedMpdu));

        // CRC-16 detects every single-bit error.
        assertThat(thrown).isInstanceOf(FrameFormatException.class);
        assertThat(((FrameFormatException) thrown).reason()).isEqualTo(FrameFormatException.Reason.BAD_FCS);
    }

    @Property
    void withoutTheFcsCheckAPrefixIsTruncatedUntilItHoldsTheHeader(@ForAll("frames") MacDataFrame frame) {
        byte[] mpdu = frame.encode();
        int headerAndFcs = frame.header().length() + MacFcs.LENGTH;
        CodecLaws.everyProperPrefixIsTruncated(Arrays.copyOf(mpdu, headerAndFcs),
                prefix -> MacDataFrame.decode(prefix, MacDataFrame.FcsCheck.IGNORE));
        for (int length = headerAndFcs; length <= mpdu.length; length++) {
            // Beyond the header, a shorter frame is a frame with a shorter payload.
            MacDataFrame decoded = MacDataFrame.decode(Arrays.copyOf(mpdu, length), MacDataFrame.FcsCheck.IGNORE);
            assertThat(decoded.header()).isEqualTo(frame.header());
            assertThat(decoded.payload()).isEqualTo(Arrays.copyOf(frame.payload(), length - headerAndFcs));
        }
    }

    @Property
    void anyFlippedBitDecodesExactlyOrIsRefused(@ForAll("frames") MacDataFrame frame, @ForAll int bitChoice) {
        CodecLaws.decodesExactlyOrRefuses(CodecLaws.withFlippedBit(frame.encode(), bitChoice), MacDataFrame::decode,
                MacDataFrame::encode);
    }

    @Property
    void randomBytesDecodeExactlyOrAreRefused(@ForAll @Size(max = 130) byte[] bytes) {
        CodecLaws.decodesExactlyOrRefuses(bytes, MacDataFrame::decode, MacDataFrame::encode);
    }

    @Property
    void withoutTheFcsCheckRandomBytesDecodeOrAreRefused(@ForAll @Size(max = 130) byte[] bytes) {
        MacDataFrame decoded;
        try {
            decoded = MacDataFrame.decode(bytes, MacDataFrame.FcsCheck.IGNORE);
        } catch (FrameFormatException refused) {
            return;
        }
        byte[] reencoded = decoded.encode();
        assertThat(Arrays.copyOf(reencoded, reencoded.length - MacFcs.LENGTH))
                .isEqualTo(Arrays.copyOf(bytes, bytes.length - MacFcs.LENGTH));
    }
}
