package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameAssertions.assertRejected;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.BAD_FCS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SharedVectors;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.frame.ApsFrameControl.DeliveryMode;
import io.enrolgate.zigbee.frame.AuxSecurityHeader.KeyIdentifier;
import io.enrolgate.zigbee.frame.AuxSecurityHeader.SecurityLevel;
import io.enrolgate.zigbee.frame.MacFrameControl.AddressingMode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The frames of the shared vector section transport_key_frames, read layer by layer and compared
 * field by field with the values the vector entries state.
 */
class TransportKeyFramesVectorTest {
    /** CCM* with M = 4 (security level 5) and a 35-byte network key command. */
    private static final int ENCRYPTED_NETWORK_KEY_AND_MIC = 35 + 4;

    private static JsonNode entryWith(String field) {
        return SharedVectors.section("transport_key_frames").stream()
                .filter(entry -> entry.has(field))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no transport_key_frames entry has " + field));
    }

    private static int hexNumber(JsonNode entry, String field) {
        return Integer.parseInt(entry.get(field).asText(), 16);
    }

    private static IeeeAddress ieee(JsonNode entry, String field) {
        return IeeeAddress.parse(entry.get(field).asText());
    }

    @Test
    void theMpduOfTheEnrolmentExampleHasTheStatedMacHeaderAndFcs() {
        JsonNode entry = entryWith("mpdu_with_fcs");

        MacDataFrame frame = MacDataFrame.decode(SharedVectors.hex(entry, "mpdu_with_fcs"));

        MacHeader header = frame.header();
        assertThat(header.frameControl().frameType()).isEqualTo(MacFrameControl.FrameType.DATA);
        assertThat(header.frameControl().acknowledgmentRequest()).isTrue();
        assertThat(header.frameControl().panIdCompression()).isTrue();
        assertThat(header.frameControl().destinationAddressingMode()).isEqualTo(AddressingMode.SHORT);
        assertThat(header.frameControl().sourceAddressingMode()).isEqualTo(AddressingMode.SHORT);
        assertThat(header.sequenceNumber()).isEqualTo(entry.get("mac_seq").asInt());
        assertThat(header.destinationPanId()).isEqualTo(hexNumber(entry, "pan_id"));
        assertThat(header.destinationAddress()).isEqualTo(MacAddress.shortAddress(hexNumber(entry, "device_short")));
        assertThat(header.sourceAddress()).isEqualTo(MacAddress.shortAddress(hexNumber(entry, "tc_short")));
        assertThat(frame.payload()).isEqualTo(SharedVectors.hex(entry, "nwk_frame_fcf_0008"));
    }

    @Test
    void theMpduOfTheEnrolmentExampleIsReproducedFromItsFields() {
        JsonNode entry = entryWith("mpdu_with_fcs");
        MacHeader header = MacHeader.dataFrame(entry.get("mac_seq").asInt(), hexNumber(entry, "pan_id"),
                MacAddress.shortAddress(hexNumber(entry, "device_short")),
                MacAddress.shortAddress(hexNumber(entry, "tc_short")), true);

        byte[] mpdu = new MacDataFrame(header, SharedVectors.hex(entry, "nwk_frame_fcf_0008")).encode();

        assertThat(mpdu).isEqualTo(SharedVectors.hex(entry, "mpdu_with_fcs"));
    }

    @Test
    void theNwkFrameWithFrameControl0008HasTheStatedHeaders() {
        JsonNode entry = entryWith("mpdu_with_fcs");
        ByteReader reader = ByteReader.of(SharedVectors.hex(entry, "nwk_frame_fcf_0008"));

        NwkHeader nwk = NwkHeader.decode(reader);

        assertThat(nwk.frameControl().toBits()).isEqualTo(0x0008);
        assertThat(nwk.frameControl().frameType()).isEqualTo(NwkFrameControl.FrameType.DATA);
        assertThat(nwk.frameControl().protocolVersion()).isEqualTo(2);
        assertThat(nwk.frameControl().security()).isFalse();
        assertThat(nwk.destinationAddress()).isEqualTo(hexNumber(entry, "device_short"));
        assertThat(nwk.sourceAddress()).isEqualTo(hexNumber(entry, "tc_short"));
        assertThat(nwk.radius()).isEqualTo(entry.get("radius").asInt());
        assertThat(nwk.sequenceNumber()).isEqualTo(entry.get("nwk_seq").asInt());
        assertThat(nwk.destinationIeeeAddress()).isNull();
        assertThat(nwk.sourceIeeeAddress()).isNull();
        assertThat(reader.readRemaining()).isEqualTo(SharedVectors.hex(entry, "aps_frame"));
    }

    @Test
    void theNwkFrameWithFrameControl1808CarriesBothIeeeAddresses() {
        JsonNode entry = entryWith("mpdu_with_fcs");
        ByteReader reader = ByteReader.of(SharedVectors.hex(entry, "nwk_frame_fcf_1808"));

        NwkHeader nwk = NwkHeader.decode(reader);

        assertThat(nwk.frameControl().toBits()).isEqualTo(0x1808);
        assertThat(nwk.frameControl().destinationIeeeAddressPresent()).isTrue();
        assertThat(nwk.frameControl().sourceIeeeAddressPresent()).isTrue();
        assertThat(nwk.destinationAddress()).isEqualTo(hexNumber(entry, "device_short"));
        assertThat(nwk.sourceAddress()).isEqualTo(hexNumber(entry, "tc_short"));
        assertThat(nwk.radius()).isEqualTo(entry.get("radius").asInt());
        assertThat(nwk.sequenceNumber()).isEqualTo(entry.get("nwk_seq").asInt());
        assertThat(nwk.destinationIeeeAddress()).isEqualTo(ieee(entry, "device_ieee"));
        assertThat(nwk.sourceIeeeAddress()).isEqualTo(ieee(entry, "tc_ieee"));
        assertThat(reader.readRemaining()).isEqualTo(SharedVectors.hex(entry, "aps_frame"));
    }

    @Test
    void bothNwkHeadersAreReproducedFromTheirFields() {
        JsonNode entry = entryWith("mpdu_with_fcs");
        NwkHeader.Builder builder = NwkHeader.builder()
                .destinationAddress(hexNumber(entry, "device_short"))
                .sourceAddress(hexNumber(entry, "tc_short"))
                .radius(entry.get("radius").asInt())
                .sequenceNumber(entry.get("nwk_seq").asInt());
        byte[] apsFrame = SharedVectors.hex(entry, "aps_frame");

        byte[] plain = Bytes.concat(builder.build().encode(), apsFrame);
        byte[] withIeee = Bytes.concat(builder.destinationIeeeAddress(ieee(entry, "device_ieee"))
                .sourceIeeeAddress(ieee(entry, "tc_ieee")).build().encode(), apsFrame);

        assertThat(plain).isEqualTo(SharedVectors.hex(entry, "nwk_frame_fcf_0008"));
        assertThat(withIeee).isEqualTo(SharedVectors.hex(entry, "nwk_frame_fcf_1808"));
    }

    @Test
    void theApsFrameOfTheEnrolmentExampleHasTheStatedHeaders() {
        JsonNode entry = entryWith("mpdu_with_fcs");
        ByteReader reader = ByteReader.of(SharedVectors.hex(entry, "aps_frame"));

        ApsHeader aps = ApsHeader.decode(reader);
        AuxSecurityHeader aux = AuxSecurityHeader.decode(reader);

        assertThat(aps.frameControl()).isEqualTo(new ApsFrameControl(ApsFrameControl.FrameType.COMMAND,
                DeliveryMode.UNICAST, false, true, false, false));
        assertThat(aps.apsCounter()).isEqualTo(entry.get("aps_counter").asInt());
        assertThat(aux.securityControl()).isEqualTo(0x30);
        assertThat(aux.securityLevel()).isEqualTo(SecurityLevel.NONE);
        assertThat(aux.keyIdentifier()).isEqualTo(KeyIdentifier.KEY_TRANSPORT_KEY);
        assertThat(aux.extendedNonce()).isTrue();
        assertThat(aux.frameCounter()).isEqualTo(entry.get("aps_frame_counter").asLong());
        assertThat(aux.sourceAddress()).isEqualTo(ieee(entry, "tc_ieee"));
        assertThat(aux.keySequenceNumber()).isNull();
        assertThat(reader.remaining()).isEqualTo(ENCRYPTED_NETWORK_KEY_AND_MIC);
    }

    @Test
    void theApsAndAuxiliaryHeadersOfTheEnrolmentExampleAreReproducedFromTheirFields() {
        JsonNode entry = entryWith("mpdu_with_fcs");
        byte[] apsFrame = SharedVectors.hex(entry, "aps_frame");

        byte[] headers = Bytes.concat(
                ApsHeader.command(entry.get("aps_counter").asInt(), true, false).encode(),
                AuxSecurityHeader.forTransportKey(entry.get("aps_frame_counter").asLong(), ieee(entry, "tc_ieee"))
                        .encode());

        assertThat(headers).isEqualTo(Arrays.copyOf(apsFrame, apsFrame.length - ENCRYPTED_NETWORK_KEY_AND_MIC));
    }

    @Test
    void theRealCaptureHasAMeaninglessFcs() {
        JsonNode entry = entryWith("mpdu_without_valid_fcs");
        byte[] mpdu = SharedVectors.hex(entry, "mpdu_without_valid_fcs");

        assertRejected(() -> MacDataFrame.decode(mpdu), BAD_FCS, "MAC frame check sequence", mpdu.length - 2);
    }

    @Test
    void theRealCaptureDecodesLayerByLayerWhenTheFcsIsIgnored() {
        JsonNode entry = entryWith("mpdu_without_valid_fcs");
        MacDataFrame frame = MacDataFrame.decode(SharedVectors.hex(entry, "mpdu_without_valid_fcs"),
                MacDataFrame.FcsCheck.IGNORE);

        // Values the capture's bytes hold (6188 BD 641A 8FA1 0000 | 0800 8FA1 0000 1E A1 | 21 6A | 30 ...).
        assertThat(frame.header()).isEqualTo(MacHeader.dataFrame(0xBD, 0x1A64, MacAddress.shortAddress(0xA18F),
                MacAddress.shortAddress(0x0000), true));
        ByteReader reader = ByteReader.of(frame.payload());
        NwkHeader nwk = NwkHeader.decode(reader);
        assertThat(nwk).isEqualTo(NwkHeader.builder().destinationAddress(0xA18F).sourceAddress(0x0000).radius(30)
                .sequenceNumber(0xA1).build());
        ApsHeader aps = ApsHeader.decode(reader);
        assertThat(aps).isEqualTo(ApsHeader.command(0x6A, true, false));
        AuxSecurityHeader aux = AuxSecurityHeader.decode(reader);
        assertThat(aux).isEqualTo(AuxSecurityHeader.forTransportKey(entry.get("aps_frame_counter").asLong(),
                IeeeAddress.parse("804B50FFFE0599F9")));
        assertThat(reader.remaining()).isEqualTo(ENCRYPTED_NETWORK_KEY_AND_MIC);
    }

    @Test
    void theRealCapturesDecryptedPayloadIsANetworkKeyCommand() {
        JsonNode entry = entryWith("mpdu_without_valid_fcs");

        TransportKeyCommand command = TransportKeyCommand.decode(SharedVectors.hex(entry, "decrypted_payload"));

        // Values the decrypted payload's bytes hold: 05 01 key(16) 00 dst(LE) src(LE).
        assertThat(command).isEqualTo(new TransportKeyCommand.NetworkKey(
                SymmetricKey.fromHex("01030507090B0D0F00020406080A0C0D"), 0,
                IeeeAddress.parse("A4C1386D9B280FDF"), IeeeAddress.parse("804B50FFFE0599F9")));
    }
}
