package io.enrolgate.zigbee.transportkey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SharedVectors;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.crypto.KeyDerivation;
import io.enrolgate.zigbee.frame.MacDataFrame.FcsCheck;
import io.enrolgate.zigbee.frame.TransportKeyCommand;
import io.enrolgate.zigbee.installcode.InstallCode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The forge and the decoder against the frames of the shared vectors: an install-code enrolment whose bytes
 * were produced independently, and a real EmberZNet Trust Center capture.
 */
class TransportKeyVectorsTest {
    private static JsonNode example() {
        return SharedVectors.section("transport_key_frames").stream()
                .filter(entry -> entry.has("install_code_with_crc")).findFirst().orElseThrow();
    }

    private static JsonNode realCapture() {
        return SharedVectors.section("transport_key_frames").stream()
                .filter(entry -> entry.has("mpdu_without_valid_fcs")).findFirst().orElseThrow();
    }

    private static TransportKeyParameters exampleParameters(NwkIeeeFields ieeeFields) {
        JsonNode v = example();
        return TransportKeyParameters.builder()
                .trustCenterIeee(IeeeAddress.parse(v.get("tc_ieee").asText()))
                .trustCenterShort(Integer.parseInt(v.get("tc_short").asText(), 16))
                .deviceIeee(IeeeAddress.parse(v.get("device_ieee").asText()))
                .deviceShort(Integer.parseInt(v.get("device_short").asText(), 16))
                .networkKey(SymmetricKey.fromHex(v.get("network_key").asText()))
                .keySequence(v.get("key_seq").asInt())
                .apsFrameCounter(v.get("aps_frame_counter").asLong())
                .apsCounter(v.get("aps_counter").asInt())
                .nwkSequence(v.get("nwk_seq").asInt())
                .radius(v.get("radius").asInt())
                .nwkIeeeFields(ieeeFields)
                .build();
    }

    private static SymmetricKey exampleLinkKey() {
        return InstallCode.parse(example().get("install_code_with_crc").asText()).linkKey();
    }

    @Test
    void forgesTheApsFrameOfTheExample() {
        byte[] aps = TransportKeyForge.apsFrame(exampleParameters(NwkIeeeFields.NONE),
                KeyDerivation.keyTransportKey(exampleLinkKey()));
        assertThat(Hex.encode(aps)).isEqualTo(example().get("aps_frame").asText());
    }

    @Test
    void forgesTheNwkFrameWithoutIeeeFields() {
        byte[] nwk = TransportKeyForge.forgeWithLinkKey(exampleParameters(NwkIeeeFields.NONE), exampleLinkKey());
        assertThat(Hex.encode(nwk)).isEqualTo(example().get("nwk_frame_fcf_0008").asText());
    }

    @Test
    void forgesTheNwkFrameWithBothIeeeFields() {
        byte[] nwk = TransportKeyForge.forgeWithLinkKey(exampleParameters(NwkIeeeFields.BOTH), exampleLinkKey());
        assertThat(Hex.encode(nwk)).isEqualTo(example().get("nwk_frame_fcf_1808").asText());
    }

    @Test
    void forgesTheMpduWithItsFcs() {
        JsonNode v = example();
        byte[] mpdu = TransportKeyForge.forgeMpdu(exampleParameters(NwkIeeeFields.NONE),
                KeyDerivation.keyTransportKey(exampleLinkKey()), Integer.parseInt(v.get("pan_id").asText(), 16),
                v.get("mac_seq").asInt());
        assertThat(Hex.encode(mpdu)).isEqualTo(v.get("mpdu_with_fcs").asText());
    }

    @Test
    void decodesTheExampleMpduToEveryField() throws TransportKeyException {
        JsonNode v = example();
        DecodedTransportKey decoded = TransportKeyDecoder.decodeMpdu(SharedVectors.hex(v, "mpdu_with_fcs"),
                FcsCheck.VERIFY, exampleLinkKey());
        assertThat(decoded.macHeader()).isPresent();
        assertThat(decoded.macHeader().get().sequenceNumber()).isEqualTo(v.get("mac_seq").asInt());
        assertThat(decoded.nwkHeader().destinationAddress()).isEqualTo(0x4F2C);
        assertThat(decoded.nwkHeader().sourceAddress()).isEqualTo(0x0000);
        assertThat(decoded.nwkHeader().radius()).isEqualTo(30);
        assertThat(decoded.nwkHeader().sequenceNumber()).isEqualTo(123);
        assertThat(decoded.apsHeader().apsCounter()).isEqualTo(66);
        assertThat(decoded.auxSecurityHeader().frameCounter()).isEqualTo(123456);
        assertThat(decoded.auxSecurityHeader().sourceAddress()).isEqualTo(IeeeAddress.parse("00124B0001020304"));
        TransportKeyCommand.NetworkKey command = (TransportKeyCommand.NetworkKey) decoded.command();
        assertThat(command.key()).isEqualTo(SymmetricKey.fromHex(v.get("network_key").asText()));
        assertThat(command.keySequenceNumber()).isZero();
        assertThat(command.destinationAddress()).isEqualTo(IeeeAddress.parse("000D6F000A0B0C0D"));
        assertThat(command.sourceAddress()).isEqualTo(IeeeAddress.parse("00124B0001020304"));
        assertThat(Hex.encode(decoded.mic())).isEqualTo("4EA77B15");
    }

    @Test
    void decodesTheRealTrustCenterCaptureAndReforgesItByteForByte() throws TransportKeyException {
        JsonNode v = realCapture();
        byte[] mpdu = SharedVectors.hex(v, "mpdu_without_valid_fcs");
        SymmetricKey linkKey = SymmetricKey.fromHex(v.get("link_key").asText());

        DecodedTransportKey decoded = TransportKeyDecoder.decodeMpdu(mpdu, FcsCheck.IGNORE, linkKey);

        assertThat(decoded.auxSecurityHeader().frameCounter()).isEqualTo(v.get("aps_frame_counter").asLong());
        assertThat(Hex.encode(decoded.command().encode())).isEqualTo(v.get("decrypted_payload").asText());

        TransportKeyCommand.NetworkKey command = (TransportKeyCommand.NetworkKey) decoded.command();
        TransportKeyParameters parameters = TransportKeyParameters.builder()
                .trustCenterIeee(decoded.auxSecurityHeader().sourceAddress())
                .trustCenterShort(decoded.nwkHeader().sourceAddress())
                .deviceIeee(command.destinationAddress())
                .deviceShort(decoded.nwkHeader().destinationAddress())
                .networkKey(command.key())
                .keySequence(command.keySequenceNumber())
                .apsFrameCounter(decoded.auxSecurityHeader().frameCounter())
                .apsCounter(decoded.apsHeader().apsCounter())
                .nwkSequence(decoded.nwkHeader().sequenceNumber())
                .radius(decoded.nwkHeader().radius())
                .build();
        byte[] reforged = TransportKeyForge.forgeWithLinkKey(parameters, linkKey);

        // The capture's NWK frame sits between the 9-byte MAC header and the 2-byte FCS.
        byte[] capturedNwkFrame = Arrays.copyOfRange(mpdu, 9, mpdu.length - 2);
        assertThat(Hex.encode(reforged)).isEqualTo(Hex.encode(capturedNwkFrame));
    }
}
