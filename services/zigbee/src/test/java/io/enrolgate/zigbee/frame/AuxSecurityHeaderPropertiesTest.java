package io.enrolgate.zigbee.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.zigbee.frame.AuxSecurityHeader.SecurityLevel;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class AuxSecurityHeaderPropertiesTest {

    @Provide
    Arbitrary<AuxSecurityHeader> headers() {
        return FrameArbitraries.auxSecurityHeaders();
    }

    @Property
    void encodingThenDecodingGivesTheHeaderBack(@ForAll("headers") AuxSecurityHeader header) {
        CodecLaws.roundTrips(header, header.encode(), header.length(), AuxSecurityHeader::decode);
    }

    @Property
    void anotherSecurityLevelChangesOnlyTheLevelBits(@ForAll("headers") AuxSecurityHeader header,
            @ForAll SecurityLevel level) {
        byte[] original = header.encode();

        byte[] changed = header.encodeWithSecurityLevel(level);

        // Security control bits 0-2 hold the level (spec 4.5.1.1); nothing else may move.
        assertThat(changed[0] & 0x07).isEqualTo(level.value());
        assertThat(changed[0] & 0xF8).isEqualTo(original[0] & 0xF8);
        assertThat(Arrays.copyOfRange(changed, 1, changed.length))
                .isEqualTo(Arrays.copyOfRange(original, 1, original.length));
    }

    @Property
    void everyTruncatedEncodingIsRefusedAsTruncated(@ForAll("headers") AuxSecurityHeader header) {
        CodecLaws.everyProperPrefixIsTruncated(header.encode(), AuxSecurityHeader::decode);
    }

    @Property
    void anyFlippedBitDecodesExactlyOrIsRefused(@ForAll("headers") AuxSecurityHeader header, @ForAll int bitChoice) {
        CodecLaws.decodesExactlyOrRefuses(CodecLaws.withFlippedBit(header.encode(), bitChoice),
                AuxSecurityHeader::decode, AuxSecurityHeader::encode);
    }

    @Property
    void randomBytesDecodeExactlyOrAreRefused(@ForAll @Size(max = 16) byte[] bytes) {
        CodecLaws.decodesExactlyOrRefuses(bytes, AuxSecurityHeader::decode, AuxSecurityHeader::encode);
    }
}
