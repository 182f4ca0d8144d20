package io.enrolgate.zigbee.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.zigbee.SymmetricKey;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class CcmStarPropertiesTest {

    @Provide
    Arbitrary<Integer> authenticatingMicLengths() {
        return Arbitraries.of(4, 8, 16);
    }

    @Provide
    Arbitrary<Integer> everyMicLength() {
        return Arbitraries.of(0, 4, 8, 16);
    }

    @Property
    void openReturnsWhatSealSealed(@ForAll @Size(16) byte[] key, @ForAll @Size(13) byte[] nonce,
            @ForAll @Size(max = 40) byte[] associatedData, @ForAll @Size(max = 100) byte[] plaintext,
            @ForAll("everyMicLength") int micLength) throws MicMismatchException {
        SymmetricKey symmetricKey = SymmetricKey.of(key);

        byte[] sealed = CcmStar.seal(symmetricKey, nonce, associatedData, plaintext, micLength);

        assertThat(sealed).hasSize(plaintext.length + micLength);
        assertThat(CcmStar.open(symmetricKey, nonce, associatedData, sealed, micLength)).isEqualTo(plaintext);
    }

    @Property
    void encryptionOnlyIsTheCiphertextOfTheAuthenticatedModes(@ForAll @Size(16) byte[] key,
            @ForAll @Size(13) byte[] nonce, @ForAll @Size(max = 100) byte[] plaintext,
            @ForAll("authenticatingMicLengths") int micLength) {
        // Annex A: the message is encrypted with S1, S2, ... whatever M is; M only adds the MIC.
        SymmetricKey symmetricKey = SymmetricKey.of(key);
        byte[] authenticated = CcmStar.seal(symmetricKey, nonce, new byte[0], plaintext, micLength);

        byte[] encryptedOnly = CcmStar.seal(symmetricKey, nonce, new byte[0], plaintext, 0);

        assertThat(Arrays.copyOf(authenticated, plaintext.length)).isEqualTo(encryptedOnly);
    }

    @Property
    void anySingleFlippedBitFailsTheMic(@ForAll @Size(16) byte[] key, @ForAll @Size(13) byte[] nonce,
            @ForAll @Size(max = 40) byte[] associatedData, @ForAll @Size(max = 60) byte[] plaintext,
            @ForAll("authenticatingMicLengths") int micLength,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int bitChoice) {
        SymmetricKey symmetricKey = SymmetricKey.of(key);
        byte[] sealed = CcmStar.seal(symmetricKey, nonce, associatedData, plaintext, micLength);
        // One bit anywhere in key || nonce || associated data || ciphertext || MIC.
        byte[][] parts = {key.clone(), nonce.clone(), associatedData.clone(), sealed.clone()};
        int totalBits = 8 * (key.length + nonce.length + associatedData.length + sealed.length);
        int bit = bitChoice % totalBits;
        for (byte[] part : parts) {
            if (bit < 8 * part.length) {
                part[bit / 8] ^= (byte) (1 << (bit % 8));
                break;
            }
            bit -= 8 * part.length;
        }

        assertThatThrownBy(() -> CcmStar.open(SymmetricKey.of(parts[0]), parts[1], parts[2], parts[3], micLength))
                .isInstanceOf(MicMismatchException.class);
    }
}
