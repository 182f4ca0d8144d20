package io.enrolgate.zigbee.installcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.crypto.Crc16X25;
import io.enrolgate.zigbee.installcode.InstallCodeException.Reason;
import java.util.Arrays;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class InstallCodePropertiesTest {

    /** A code of each allowed length (6, 8, 12, 16 bytes), without CRC. */
    @Provide
    Arbitrary<byte[]> codes() {
        return Arbitraries.of(6, 8, 12, 16)
                .flatMap(length -> Arbitraries.bytes().array(byte[].class).ofSize(length));
    }

    @Property
    void aCodeWithItsCrcAppendedLittleEndianRoundTrips(@ForAll("codes") byte[] code) {
        int crc = Crc16X25.compute(code);
        byte[] withCrc = Arrays.copyOf(code, code.length + 2);
        withCrc[code.length] = (byte) crc;
        withCrc[code.length + 1] = (byte) (crc >>> 8);

        InstallCode parsed = InstallCode.parse(Hex.encode(withCrc));

        assertThat(parsed.toBytesWithCrc()).isEqualTo(withCrc);
        assertThat(parsed.crc()).isEqualTo(crc);
        assertThat(parsed.codeLength()).isEqualTo(code.length);
        assertThat(InstallCode.withComputedCrc(code)).isEqualTo(parsed);
    }

    @Property
    void anySingleFlippedBitIsACrcMismatch(@ForAll("codes") byte[] code,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int bitChoice) {
        // CRC-16/X.25 detects every single-bit error, in the code and in the CRC alike.
        byte[] corrupted = InstallCode.withComputedCrc(code).toBytesWithCrc();
        int bit = bitChoice % (8 * corrupted.length);
        corrupted[bit / 8] ^= (byte) (1 << (bit % 8));

        assertThatThrownBy(() -> InstallCode.fromBytes(corrupted))
                .isInstanceOf(InstallCodeException.class)
                .satisfies(e -> assertThat(((InstallCodeException) e).reason()).isEqualTo(Reason.CRC_MISMATCH));
    }

    @Property
    void aCodeWithoutCrcIsAcceptedOnlyOnRequest(@ForAll("codes") byte[] code) {
        // Eight bytes ending in their first six's valid CRC are a 6-byte code (1 case in 65536).
        Assume.that(code.length != 8 || Crc16X25.compute(code, 0, 6) != ((code[6] & 0xFF) | (code[7] & 0xFF) << 8));

        assertThat(InstallCode.fromBytes(code, CrcPolicy.COMPUTE_IF_MISSING))
                .isEqualTo(InstallCode.withComputedCrc(code));
        assertThatThrownBy(() -> InstallCode.fromBytes(code))
                .isInstanceOf(InstallCodeException.class)
                .satisfies(e -> assertThat(((InstallCodeException) e).reason())
                        .isIn(Reason.CRC_MISSING, Reason.CRC_MISMATCH));
    }

    @Property
    void toStringNeverShowsTheCode(@ForAll("codes") byte[] code) {
        InstallCode installCode = InstallCode.withComputedCrc(code);

        assertNoHexOf(installCode.toBytesWithCrc(), installCode.toString());
        assertNoHexOf(code, installCode.toString());
        assertNoHexOf(code, InstallCodeLabel.parse("0102030405060708|" + installCode.toHexUnsafe()).toString());
    }

    @Property
    void aSymmetricKeysToStringNeverShowsTheKey(@ForAll @Size(16) byte[] key) {
        assertNoHexOf(key, SymmetricKey.of(key).toString());
    }

    @Property
    void aCrcMismatchMessageNeverShowsTheCode(@ForAll("codes") byte[] code) {
        byte[] corrupted = InstallCode.withComputedCrc(code).toBytesWithCrc();
        corrupted[corrupted.length - 1] ^= 0x01;

        assertThatThrownBy(() -> InstallCode.parse(Hex.encode(corrupted)))
                .isInstanceOf(InstallCodeException.class)
                .satisfies(e -> assertNoHexOf(code, e.getMessage()));
    }

    private static void assertNoHexOf(byte[] secret, String text) {
        String upper = Hex.encode(secret);
        assertThat(text).doesNotContain(upper).doesNotContain(upper.toLowerCase(Locale.ROOT));
    }
}
