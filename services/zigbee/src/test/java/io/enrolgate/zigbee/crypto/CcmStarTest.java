package io.enrolgate.zigbee.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.SharedVectors;
import io.enrolgate.zigbee.SymmetricKey;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CcmStarTest {
    /** Spec C.3/C.4 inputs, used below with other MIC lengths. */
    private static final SymmetricKey SPEC_KEY = SymmetricKey.fromHex("C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF");
    private static final byte[] SPEC_NONCE = Hex.decode("A0A1A2A3A4A5A6A7 03020100 06");
    private static final byte[] SPEC_A = Hex.decode("0001020304050607");
    private static final byte[] SPEC_M = Hex.decode("08090A0B0C0D0E0F101112131415161718191A1B1C1D1E");

    static List<JsonNode> ccmVectors() {
        return SharedVectors.section("ccm_star");
    }

    @ParameterizedTest(name = "{index}: spec {0}")
    @MethodSource("ccmVectors")
    void sealsAndOpensTheSpecificationVector(JsonNode vector) throws MicMismatchException {
        SymmetricKey key = SymmetricKey.of(SharedVectors.hex(vector, "key"));
        byte[] nonce = SharedVectors.hex(vector, "nonce");
        byte[] a = SharedVectors.hex(vector, "a");
        byte[] m = SharedVectors.hex(vector, "m");
        int micLength = vector.get("mic_length").asInt();
        byte[] expected = SharedVectors.hex(vector, "ciphertext_and_mic");

        assertThat(CcmStar.seal(key, nonce, a, m, micLength)).isEqualTo(expected);
        assertThat(CcmStar.open(key, nonce, a, expected, micLength)).isEqualTo(m);
    }

    @Test
    void otherMicLengthsMatchAnIndependentCcm() throws MicMismatchException {
        // Expected values from Python's cryptography package (AESCCM, OpenSSL) on the C.3/C.4 inputs:
        // the ciphertext is the same for every MIC length, only the MIC differs.
        byte[] mic4 = Hex.decode("1A55A36ABB6C610D066B3375649CEF10D4664ECAD854A8 23C08BFC");
        byte[] mic16 = Hex.decode("1A55A36ABB6C610D066B3375649CEF10D4664ECAD854A8 C8CBE10D25109EF4846F8D508CB59AFA");

        assertThat(CcmStar.seal(SPEC_KEY, SPEC_NONCE, SPEC_A, SPEC_M, 4)).isEqualTo(mic4);
        assertThat(CcmStar.seal(SPEC_KEY, SPEC_NONCE, SPEC_A, SPEC_M, 16)).isEqualTo(mic16);
        assertThat(CcmStar.open(SPEC_KEY, SPEC_NONCE, SPEC_A, mic4, 4)).isEqualTo(SPEC_M);
        assertThat(CcmStar.open(SPEC_KEY, SPEC_NONCE, SPEC_A, mic16, 16)).isEqualTo(SPEC_M);
    }

    @Test
    void encryptionOnlyUsesTheKeyStreamOfTheAuthenticatedModes() throws MicMismatchException {
        // CCM* level 4 (M = 0): the ciphertext part of vector C.3/C.4, without any MIC.
        byte[] expected = Hex.decode("1A55A36ABB6C610D066B3375649CEF10D4664ECAD854A8");

        assertThat(CcmStar.seal(SPEC_KEY, SPEC_NONCE, SPEC_A, SPEC_M, 0)).isEqualTo(expected);
        assertThat(CcmStar.open(SPEC_KEY, SPEC_NONCE, SPEC_A, expected, 0)).isEqualTo(SPEC_M);
    }

    @Test
    void encryptionOnlyCountsThroughSeveralBlocks() {
        // 40 bytes 00..27 (three counter blocks A1..A3); expected from AES-CTR in Python's cryptography
        // package started at counter block 01 || nonce || 0001.
        byte[] plaintext = new byte[40];
        for (int i = 0; i < plaintext.length; i++) {
            plaintext[i] = (byte) i;
        }
        byte[] expected = Hex.decode("125DAB62B36469051E732B6D7C84F708DC6E46C2D05CA0225E385C18B6DB3408"
                + "34270D51B6BB6A19");

        assertThat(CcmStar.seal(SPEC_KEY, SPEC_NONCE, new byte[0], plaintext, 0)).isEqualTo(expected);
    }

    @Test
    void opensTheTransportKeyOfTheInstallCodeExample() throws MicMismatchException {
        // transport_key_frames[0]: APS frame 21 42 | 30 40E20100 04030201004B1200 | ciphertext(35) MIC(4)
        // under the key-transport key of install code 83FE..C3B5 (link key 66B6..02BB).
        byte[] apsFrame = SharedVectors.hex(SharedVectors.section("transport_key_frames").get(0), "aps_frame");
        SymmetricKey keyTransportKey = SymmetricKey.fromHex("3C6CCA8977EB189EFD1614C3E7F75989");
        // The aux header's security control with the level (5) filled in: 0x30 | 0x05.
        byte[] associatedData = Hex.decode("2142 35 40E20100 04030201004B1200");
        byte[] nonce = Hex.decode("04030201004B1200 40E20100 35");
        byte[] sealed = Arrays.copyOfRange(apsFrame, 15, apsFrame.length);

        byte[] payload = CcmStar.open(keyTransportKey, nonce, associatedData, sealed, 4);

        // 05 Transport Key, 01 network key, the key, sequence 00, destination and source IEEE (LE).
        assertThat(payload).isEqualTo(Hex.decode(
                "05 01 2B7E151628AED2A6ABF7158809CF4F3C 00 0D0C0B0A006F0D00 04030201004B1200"));
        assertThat(CcmStar.seal(keyTransportKey, nonce, associatedData, payload, 4)).isEqualTo(sealed);
    }

    @Test
    void opensTheRealTrustCenterCapture() throws MicMismatchException {
        // transport_key_frames[1]: MAC header (9 bytes) | NWK header (8) | APS 21 6A |
        // aux 30 06500100 F99905FEFF504B80 | ciphertext(35) MIC(4) | FCS (2, not valid).
        JsonNode capture = SharedVectors.section("transport_key_frames").get(1);
        byte[] mpdu = SharedVectors.hex(capture, "mpdu_without_valid_fcs");
        SymmetricKey keyTransportKey = KeyDerivation.keyTransportKey(SymmetricKey.of(SharedVectors.hex(capture,
                "link_key")));
        byte[] associatedData = Hex.decode("216A 35 06500100 F99905FEFF504B80");
        byte[] nonce = Hex.decode("F99905FEFF504B80 06500100 35");
        byte[] sealed = Arrays.copyOfRange(mpdu, 9 + 8 + 2 + 13, mpdu.length - 2);

        assertThat(CcmStar.open(keyTransportKey, nonce, associatedData, sealed, 4))
                .isEqualTo(SharedVectors.hex(capture, "decrypted_payload"));
    }

    @Test
    void aWrongKeyIsAMicMismatch() {
        byte[] sealed = CcmStar.seal(SPEC_KEY, SPEC_NONCE, SPEC_A, SPEC_M, 8);
        SymmetricKey otherKey = SymmetricKey.fromHex("C0C1C2C3C4C5C6C7C8C9CACBCCCDCECE");

        assertThatThrownBy(() -> CcmStar.open(otherKey, SPEC_NONCE, SPEC_A, sealed, 8))
                .isInstanceOf(MicMismatchException.class)
                .hasMessageContaining("8-byte MIC does not verify")
                .satisfies(e -> assertThat(((MicMismatchException) e).micLength()).isEqualTo(8));
    }

    @Test
    void authenticatesTheAssociatedDataAloneForTheMicOnlyLevels() throws MicMismatchException {
        // Levels 1-3: header and payload go in as associated data, the plaintext is empty.
        byte[] mic = CcmStar.seal(SPEC_KEY, SPEC_NONCE, SPEC_M, new byte[0], 4);

        assertThat(mic).hasSize(4);
        assertThat(CcmStar.open(SPEC_KEY, SPEC_NONCE, SPEC_M, mic, 4)).isEmpty();
        byte[] alteredPayload = SPEC_M.clone();
        alteredPayload[0] ^= 1;
        assertThatThrownBy(() -> CcmStar.open(SPEC_KEY, SPEC_NONCE, alteredPayload, mic, 4))
                .isInstanceOf(MicMismatchException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 14, 0, 7})
    void rejectsANonceThatIsNot13Bytes(int length) {
        assertThatThrownBy(() -> CcmStar.seal(SPEC_KEY, new byte[length], SPEC_A, SPEC_M, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nonce is " + length + " bytes: expected 13");
    }

    @ParameterizedTest
    @ValueSource(ints = {-4, 1, 2, 6, 10, 12, 14, 32})
    void rejectsAMicLengthZigbeeDoesNotUse(int micLength) {
        assertThatThrownBy(() -> CcmStar.seal(SPEC_KEY, SPEC_NONCE, SPEC_A, SPEC_M, micLength))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MIC length " + micLength)
                .hasMessageContaining("expected 0, 4, 8 or 16");
        assertThatThrownBy(() -> CcmStar.open(SPEC_KEY, SPEC_NONCE, SPEC_A, SPEC_M, micLength))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MIC length " + micLength);
    }

    @Test
    void rejectsInputShorterThanItsMic() {
        assertThatThrownBy(() -> CcmStar.open(SPEC_KEY, SPEC_NONCE, SPEC_A, new byte[7], 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7 bytes: expected at least the 8-byte MIC");
    }

    @Test
    void rejectsMissingAssociatedDataAndOversizedMessages() {
        assertThatThrownBy(() -> CcmStar.seal(SPEC_KEY, SPEC_NONCE, null, SPEC_M, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("associated data is missing: pass an empty array");
        assertThatThrownBy(() -> CcmStar.seal(SPEC_KEY, SPEC_NONCE, SPEC_A, new byte[65_536], 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plaintext is 65536 bytes")
                .hasMessageContaining("at most 65535");
    }
}
