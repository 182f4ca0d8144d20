package io.enrolgate.zigbee.transportkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.crypto.CcmNonce;
import io.enrolgate.zigbee.crypto.CcmStar;
import io.enrolgate.zigbee.crypto.KeyDerivation;
import io.enrolgate.zigbee.frame.MacDataFrame.FcsCheck;
import io.enrolgate.zigbee.installcode.InstallCode;
import org.junit.jupiter.api.Test;

/** The decoder's refusals: each names what was wrong, and none returns a key. */
class TransportKeyDecoderTest {
    /** Link key of the install code 83FED3407A939723A5C639B26916D505 C3B5 (shared vectors). */
    private static final SymmetricKey LINK_KEY = InstallCode.parse("83FED3407A939723A5C639B26916D505C3B5").linkKey();

    /** The install-code example of the shared vectors, NWK frame control 0x0008. */
    private static final String EXAMPLE_NWK_FRAME =
            "0800" // NWK frame control: data, protocol version 2, no security, no IEEE fields
            + "2C4F" // destination 0x4F2C
            + "0000" // source 0x0000 (Trust Center)
            + "1E" // radius 30
            + "7B" // NWK sequence 123
            + "21" // APS frame control: command, security, no ack request
            + "42" // APS counter 66
            + "30" // security control: level 000 on air, key-transport key, extended nonce
            + "40E20100" // frame counter 123456, little-endian
            + "04030201004B1200" // source IEEE 00124B0001020304, little-endian
            + "0E9985EEB72DCA7C241ADC0FCE032867278DAD1DE1EF7AC757C053C357226257D28490" // 35 bytes encrypted
            + "4EA77B15"; // MIC

    @Test
    void theExampleDecodes() throws TransportKeyException {
        DecodedTransportKey decoded = TransportKeyDecoder.decodeNwkFrame(Hex.decode(EXAMPLE_NWK_FRAME), LINK_KEY);
        assertThat(decoded.command().key()).isEqualTo(SymmetricKey.fromHex("2B7E151628AED2A6ABF7158809CF4F3C"));
        assertThat(decoded.macHeader()).isEmpty();
    }

    @Test
    void aWrongLinkKeyIsAMicFailure() {
        SymmetricKey wellKnown = SymmetricKey.fromHex("5A6967426565416C6C69616E63653039");
        assertThatThrownBy(() -> TransportKeyDecoder.decodeNwkFrame(Hex.decode(EXAMPLE_NWK_FRAME), wellKnown))
                .isInstanceOf(TransportKeyException.class)
                .hasMessageContaining("MIC does not verify")
                .satisfies(e -> assertThat(((TransportKeyException) e).reason())
                        .isEqualTo(TransportKeyException.Reason.MIC_FAILURE));
    }

    @Test
    void nwkSecurityMeansItIsNotATransportKeyToAJoiner() {
        byte[] frame = Hex.decode(EXAMPLE_NWK_FRAME);
        frame[1] = 0x02; // NWK frame control 0x0208: the security bit (bit 9)
        assertRefused(frame, TransportKeyException.Reason.NOT_SECURED_APS_COMMAND);
    }

    @Test
    void anUnsecuredApsCommandIsRefused() {
        byte[] frame = Hex.decode(EXAMPLE_NWK_FRAME);
        frame[8] = 0x01; // APS frame control: command, no security
        assertRefused(frame, TransportKeyException.Reason.NOT_SECURED_APS_COMMAND);
    }

    @Test
    void theNetworkKeyIdentifierIsAnUnknownKeyForALinkKeyDecoder() {
        byte[] frame = Hex.decode(
                "08002C4F00001E7B2142"
                + "28" // security control: network key (key id 1), extended nonce
                + "40E20100" + "04030201004B1200"
                + "00" // key sequence number, present with the network key
                + "0E9985EEB72DCA7C241ADC0FCE032867278DAD1DE1EF7AC757C053C357226257D284904EA77B15");
        assertRefused(frame, TransportKeyException.Reason.UNKNOWN_KEY_ID);
    }

    @Test
    void aCorrectlySealedCommandThatIsNotTransportKeyIsNamed() {
        // APS Request Key (0x08) for a TC link key, sealed exactly as a Transport Key would be.
        byte[] apsHeader = Hex.decode("2142");
        byte[] auxOnAir = Hex.decode("3040E2010004030201004B1200");
        byte[] auxLevel5 = Hex.decode("3540E2010004030201004B1200");
        byte[] nonce = CcmNonce.build(io.enrolgate.zigbee.IeeeAddress.parse("00124B0001020304"), 123456, 0x35);
        byte[] a = concat(apsHeader, auxLevel5);
        byte[] sealed = CcmStar.seal(KeyDerivation.keyTransportKey(LINK_KEY), nonce, a, Hex.decode("0804"), 4);
        byte[] frame = concat(Hex.decode("08002C4F00001E7B"), apsHeader, auxOnAir, sealed);
        assertRefused(frame, TransportKeyException.Reason.NOT_TRANSPORT_KEY);
    }

    @Test
    void aFrameWithoutRoomForTheMicIsTruncated() {
        byte[] frame = Hex.decode("08002C4F00001E7B2142" + "3040E2010004030201004B1200" + "0E9985");
        assertRefused(frame, TransportKeyException.Reason.TRUNCATED);
    }

    @Test
    void aBadFcsIsMalformedWhenChecked() {
        byte[] mpdu = Hex.decode("61885C621A2C4F0000" + EXAMPLE_NWK_FRAME + "0000");
        assertThatThrownBy(() -> TransportKeyDecoder.decodeMpdu(mpdu, FcsCheck.VERIFY, LINK_KEY))
                .isInstanceOf(TransportKeyException.class)
                .satisfies(e -> assertThat(((TransportKeyException) e).reason())
                        .isEqualTo(TransportKeyException.Reason.MALFORMED));
    }

    @Test
    void anEmptyFrameIsTruncated() {
        assertRefused(new byte[0], TransportKeyException.Reason.TRUNCATED);
    }

    private static void assertRefused(byte[] frame, TransportKeyException.Reason reason) {
        assertThatThrownBy(() -> TransportKeyDecoder.decodeNwkFrame(frame, LINK_KEY))
                .isInstanceOf(TransportKeyException.class)
                .satisfies(e -> assertThat(((TransportKeyException) e).reason()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("2B7E1516").doesNotContain("2b7e1516"));
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }
}
