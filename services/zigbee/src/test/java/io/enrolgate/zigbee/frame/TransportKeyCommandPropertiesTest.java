package io.enrolgate.zigbee.frame;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class TransportKeyCommandPropertiesTest {

    @Provide
    Arbitrary<TransportKeyCommand> commands() {
        return FrameArbitraries.transportKeyCommands();
    }

    @Property
    void encodingThenDecodingGivesTheCommandBack(@ForAll("commands") TransportKeyCommand command) {
        CodecLaws.roundTrips(command, command.encode(), command.length(), TransportKeyCommand::decode);
    }

    @Property
    void everyTruncatedEncodingIsRefusedAsTruncated(@ForAll("commands") TransportKeyCommand command) {
        CodecLaws.everyProperPrefixIsTruncated(command.encode(), TransportKeyCommand::decode);
    }

    @Property
    void anyFlippedBitDecodesExactlyOrIsRefused(@ForAll("commands") TransportKeyCommand command,
            @ForAll int bitChoice) {
        CodecLaws.decodesExactlyOrRefuses(CodecLaws.withFlippedBit(command.encode(), bitChoice),
                TransportKeyCommand::decode, TransportKeyCommand::encode);
    }

    @Property
    void randomBytesDecodeExactlyOrAreRefused(@ForAll @Size(max = 40) byte[] bytes) {
        CodecLaws.decodesExactlyOrRefuses(bytes, TransportKeyCommand::decode, TransportKeyCommand::encode);
    }

    @Property
    void theKeyNeverAppearsInTheText(@ForAll("commands") TransportKeyCommand command) {
        assertThat(command.toString()).doesNotContainIgnoringCase(command.key().toHexUnsafe());
    }
}
