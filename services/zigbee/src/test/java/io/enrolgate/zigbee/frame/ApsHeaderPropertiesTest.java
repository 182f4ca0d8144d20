package io.enrolgate.zigbee.frame;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class ApsHeaderPropertiesTest {

    @Provide
    Arbitrary<ApsHeader> headers() {
        return FrameArbitraries.apsHeaders();
    }

    @Property
    void encodingThenDecodingGivesTheHeaderBack(@ForAll("headers") ApsHeader header) {
        CodecLaws.roundTrips(header, header.encode(), header.length(), ApsHeader::decode);
    }

    @Property
    void decodingFromAReaderLeavesThePayload(@ForAll("headers") ApsHeader header,
            @ForAll @Size(max = 20) byte[] payload) {
        ByteReader reader = ByteReader.of(Bytes.concat(header.encode(), payload));

        assertThat(ApsHeader.decode(reader)).isEqualTo(header);
        assertThat(reader.readRemaining()).isEqualTo(payload);
    }

    @Property
    void everyTruncatedEncodingIsRefusedAsTruncated(@ForAll("headers") ApsHeader header) {
        CodecLaws.everyProperPrefixIsTruncated(header.encode(), ApsHeader::decode);
    }

    @Property
    void anyFlippedBitDecodesExactlyOrIsRefused(@ForAll("headers") ApsHeader header, @ForAll int bitChoice) {
        CodecLaws.decodesExactlyOrRefuses(CodecLaws.withFlippedBit(header.encode(), bitChoice), ApsHeader::decode,
                ApsHeader::encode);
    }

    @Property
    void randomBytesDecodeExactlyOrAreRefused(@ForAll @Size(max = 16) byte[] bytes) {
        CodecLaws.decodesExactlyOrRefuses(bytes, ApsHeader::decode, ApsHeader::encode);
    }
}
