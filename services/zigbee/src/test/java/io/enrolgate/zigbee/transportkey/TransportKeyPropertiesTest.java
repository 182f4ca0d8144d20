package io.enrolgate.zigbee.transportkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.crypto.KeyDerivation;
import io.enrolgate.zigbee.frame.MacDataFrame.FcsCheck;
import io.enrolgate.zigbee.frame.TransportKeyCommand;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Forge and decoder together, over random parameters. */
class TransportKeyPropertiesTest {
    /** NWK header length without IEEE fields; the APS frame control follows. */
    private static final int APS_START = 8;
    /** APS header (2) then the auxiliary header: security control at APS_START + 2. */
    private static final int SECURITY_CONTROL = APS_START + 2;

    @Property(tries = 300)
    void forgeThenDecodeGivesBackEveryParameter(@ForAll("parameters") TransportKeyParameters parameters,
            @ForAll("keys") SymmetricKey linkKey) throws TransportKeyException {
        byte[] frame = TransportKeyForge.forgeWithLinkKey(parameters, linkKey);
        DecodedTransportKey decoded = TransportKeyDecoder.decodeNwkFrame(frame, linkKey);

        TransportKeyCommand.NetworkKey command = (TransportKeyCommand.NetworkKey) decoded.command();
        assertThat(command.key()).isEqualTo(parameters.networkKey());
        assertThat(command.keySequenceNumber()).isEqualTo(parameters.keySequence());
        assertThat(command.destinationAddress()).isEqualTo(parameters.deviceIeee());
        assertThat(command.sourceAddress()).isEqualTo(parameters.trustCenterIeee());
        assertThat(decoded.auxSecurityHeader().frameCounter()).isEqualTo(parameters.apsFrameCounter());
        assertThat(decoded.auxSecurityHeader().sourceAddress()).isEqualTo(parameters.trustCenterIeee());
        assertThat(decoded.apsHeader().apsCounter()).isEqualTo(parameters.apsCounter());
        assertThat(decoded.nwkHeader().destinationAddress()).isEqualTo(parameters.deviceShort());
        assertThat(decoded.nwkHeader().sourceAddress()).isEqualTo(parameters.trustCenterShort());
        assertThat(decoded.nwkHeader().radius()).isEqualTo(parameters.radius());
        assertThat(decoded.nwkHeader().sequenceNumber()).isEqualTo(parameters.nwkSequence());
        assertThat(decoded.nwkHeader().destinationIeeeAddress() != null)
                .isEqualTo(parameters.nwkIeeeFields().destination());
        assertThat(decoded.nwkHeader().sourceIeeeAddress() != null).isEqualTo(parameters.nwkIeeeFields().source());
    }

    @Property(tries = 200)
    void theMpduRoundTripsWithAValidFcs(@ForAll("parameters") TransportKeyParameters parameters,
            @ForAll("keys") SymmetricKey linkKey, @ForAll @IntRange(max = 0xFFFE) int panId,
            @ForAll @IntRange(max = 255) int macSequence) throws TransportKeyException {
        byte[] mpdu = TransportKeyForge.forgeMpdu(parameters, KeyDerivation.keyTransportKey(linkKey), panId,
                macSequence);
        DecodedTransportKey decoded = TransportKeyDecoder.decodeMpdu(mpdu, FcsCheck.VERIFY, linkKey);
        assertThat(decoded.command().key()).isEqualTo(parameters.networkKey());
        assertThat(decoded.macHeader().orElseThrow().sequenceNumber()).isEqualTo(macSequence);
    }

    /**
     * Every authenticated bit after the security control byte (frame counter, source IEEE, ciphertext, MIC)
     * and the APS counter: a flip is a MIC failure, never a wrong key.
     */
    @Property(tries = 400)
    void aFlippedBitInTheAuthenticatedPartIsAMicFailure(@ForAll("parameters") TransportKeyParameters parameters,
            @ForAll("keys") SymmetricKey linkKey, @ForAll @IntRange(max = 10_000) int position) {
        TransportKeyParameters plain = withoutIeeeFields(parameters);
        byte[] frame = TransportKeyForge.forgeWithLinkKey(plain, linkKey);
        int[] authenticatedBits = authenticatedBitPositions(frame.length);
        int bit = authenticatedBits[position % authenticatedBits.length];
        frame[bit / 8] ^= (byte) (1 << (bit % 8));

        assertThatThrownBy(() -> TransportKeyDecoder.decodeNwkFrame(frame, linkKey))
                .isInstanceOf(TransportKeyException.class)
                .satisfies(e -> assertThat(((TransportKeyException) e).reason())
                        .isEqualTo(TransportKeyException.Reason.MIC_FAILURE));
    }

    /**
     * The structural bits of the APS frame control and of the security control byte: a flip changes how
     * the frame parses, so it may be refused for another reason than the MIC, but it is always refused.
     * The three security level bits are the exception the specification makes: on air they read 000 and a
     * receiver substitutes its nwkSecurityLevel (5), so they are not protected (spec 4.4.1.2).
     */
    @Property(tries = 200)
    void aFlippedStructuralBitIsRefused(@ForAll("parameters") TransportKeyParameters parameters,
            @ForAll("keys") SymmetricKey linkKey, @ForAll @IntRange(min = 0, max = 12) int index) {
        TransportKeyParameters plain = withoutIeeeFields(parameters);
        byte[] frame = TransportKeyForge.forgeWithLinkKey(plain, linkKey);
        // Bits 0..7 of the APS frame control, then bits 3..7 of the security control.
        int bit = index < 8 ? APS_START * 8 + index : SECURITY_CONTROL * 8 + (index - 8 + 3);
        frame[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThatThrownBy(() -> TransportKeyDecoder.decodeNwkFrame(frame, linkKey))
                .isInstanceOf(TransportKeyException.class);
    }

    @Property(tries = 100)
    void everyTruncationIsRefusedAsTruncatedOrMalformed(@ForAll("parameters") TransportKeyParameters parameters,
            @ForAll("keys") SymmetricKey linkKey) {
        byte[] frame = TransportKeyForge.forgeWithLinkKey(parameters, linkKey);
        for (int length = 0; length < frame.length; length++) {
            byte[] prefix = java.util.Arrays.copyOf(frame, length);
            assertThatThrownBy(() -> TransportKeyDecoder.decodeNwkFrame(prefix, linkKey))
                    .as("prefix of %d bytes", length)
                    .isInstanceOf(TransportKeyException.class)
                    .satisfies(e -> assertThat(((TransportKeyException) e).reason())
                            .isIn(TransportKeyException.Reason.TRUNCATED, TransportKeyException.Reason.MIC_FAILURE));
        }
    }

    private static int[] authenticatedBitPositions(int frameLength) {
        int apsCounterStart = (APS_START + 1) * 8;
        int afterSecurityControl = (SECURITY_CONTROL + 1) * 8;
        int count = 8 + (frameLength * 8 - afterSecurityControl);
        int[] positions = new int[count];
        for (int i = 0; i < 8; i++) {
            positions[i] = apsCounterStart + i;
        }
        for (int i = 8; i < count; i++) {
            positions[i] = afterSecurityControl + (i - 8);
        }
        return positions;
    }

    private static TransportKeyParameters withoutIeeeFields(TransportKeyParameters p) {
        return new TransportKeyParameters(p.trustCenterIeee(), p.trustCenterShort(), p.deviceIeee(), p.deviceShort(),
                p.networkKey(), p.keySequence(), p.apsFrameCounter(), p.apsCounter(), p.nwkSequence(), p.radius(),
                NwkIeeeFields.NONE);
    }

    @Provide
    Arbitrary<SymmetricKey> keys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(SymmetricKey.LENGTH).map(SymmetricKey::of);
    }

    @Provide
    Arbitrary<TransportKeyParameters> parameters() {
        Arbitrary<IeeeAddress> ieee = Arbitraries.longs().map(IeeeAddress::new);
        Arbitrary<Integer> u8 = Arbitraries.integers().between(0, 255);
        return Combinators.combine(
                        Combinators.combine(ieee, Arbitraries.integers().between(0, 0xFFFF), ieee,
                                Arbitraries.integers().between(0, 0xFFF7), keys())
                                .as((a1, a2, a3, a4, a5) -> new Object[] {a1, a2, a3, a4, a5}),
                        Combinators.combine(u8, Arbitraries.longs().between(0, 0xFFFF_FFFFL), u8, u8,
                                Arbitraries.integers().between(1, 255),
                                Arbitraries.of(NwkIeeeFields.class))
                                .as((b1, b2, b3, b4, b5, b6) -> new Object[] {b1, b2, b3, b4, b5, b6}))
                .as((a, b) -> new TransportKeyParameters((IeeeAddress) a[0], (Integer) a[1], (IeeeAddress) a[2],
                        (Integer) a[3], (SymmetricKey) a[4], (Integer) b[0], (Long) b[1], (Integer) b[2],
                        (Integer) b[3], (Integer) b[4], (NwkIeeeFields) b[5]));
    }
}
