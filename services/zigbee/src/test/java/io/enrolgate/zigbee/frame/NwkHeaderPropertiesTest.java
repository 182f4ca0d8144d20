package io.enrolgate.zigbee.frame;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class NwkHeaderPropertiesTest {

    @Provide
    Arbitrary<NwkHeader> headers() {
        return FrameArbitraries.nwkHeaders();
    }

    @Property
    void encodingThenDecodingGivesTheHeaderBack(@ForAll("headers") NwkHeader header) {
        CodecLaws.roundTrips(header, header.encode(), header.length(), NwkHeader::decode);
    }

    @Property
    void theBuilderReproducesAnyHeader(@ForAll("headers") NwkHeader header) {
        assertThat(header.toBuilder().build()).isEqualTo(header);
    }

    @Property
    void decodingFromAReaderLeavesThePayload(@ForAll("headers") NwkHeader header,
            @ForAll @Size(max = 20) byte[] payload) {
        ByteReader reader = ByteReader.of(Bytes.concat(header.encode(), payload));

        assertThat(NwkHeader.decode(reader)).isEqualTo(header);
        assertThat(reader.readRemaining()).isEqualTo(payload);
    }

    @Property
    void everyTruncatedEncodingIsRefusedAsTruncated(@ForAll("headers") NwkHeader header) {
        CodecLaws.everyProperPrefixIsTruncated(header.encode(), NwkHeader::decode);
    }

    @Property
    void anyFlippedBitDecodesExactlyOrIsRefused(@ForAll("headers") NwkHeader header, @ForAll int bitChoice) {
        CodecLaws.decodesExactlyOrRefuses(CodecLaws.withFlippedBit(header.encode(), bitChoice), NwkHeader::decode,
                NwkHeader::encode);
    }

    @Property
    void randomBytesDecodeExactlyOrAreRefused(@ForAll @Size(max = 48) byte[] bytes) {
        CodecLaws.decodesExactlyOrRefuses(bytes, NwkHeader::decode, NwkHeader::encode);
    }
}
