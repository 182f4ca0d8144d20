package io.enrolgate.zigbee.frame;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class MacHeaderPropertiesTest {

    @Provide
    Arbitrary<MacHeader> headers() {
        return FrameArbitraries.macHeaders();
    }

    @Property
    void encodingThenDecodingGivesTheHeaderBack(@ForAll("headers") MacHeader header) {
        CodecLaws.roundTrips(header, header.encode(), header.length(), MacHeader::decode);
    }

    @Property
    void everyTruncatedEncodingIsRefusedAsTruncated(@ForAll("headers") MacHeader header) {
        CodecLaws.everyProperPrefixIsTruncated(header.encode(), MacHeader::decode);
    }

    @Property
    void anyFlippedBitDecodesExactlyOrIsRefused(@ForAll("headers") MacHeader header, @ForAll int bitChoice) {
        CodecLaws.decodesExactlyOrRefuses(CodecLaws.withFlippedBit(header.encode(), bitChoice), MacHeader::decode,
                MacHeader::encode);
    }

    @Property
    void randomBytesDecodeExactlyOrAreRefused(@ForAll @Size(max = 24) byte[] bytes) {
        CodecLaws.decodesExactlyOrRefuses(bytes, MacHeader::decode, MacHeader::encode);
    }
}
