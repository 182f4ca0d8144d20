package io.enrolgate.keyforge.core;

import io.enrolgate.common.hpke.KeySealer;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.crypto.KeyDerivation;
import io.enrolgate.zigbee.frame.TransportKeyCommand;
import io.enrolgate.zigbee.transportkey.DecodedTransportKey;
import io.enrolgate.zigbee.transportkey.TransportKeyDecoder;
import io.enrolgate.zigbee.transportkey.TransportKeyException;
import io.enrolgate.zigbee.transportkey.TransportKeyForge;
import io.enrolgate.zigbee.transportkey.TransportKeyParameters;
import java.time.Duration;

/**
 * What a replica does once before it joins the shared subscription: forges a Transport Key under a throw-away link
 * key, decodes it back, and seals a throw-away key for provisioning.
 *
 * <p>Why: a joining device waits about 1.7 s for its key. A fresh JVM loads and links the AES, CCM*, X25519 and
 * protobuf code on its first request, which on a small node took longer than that, so the first devices after a
 * deploy or a scale-out timed out. It also refuses to serve with a crypto stack that does not round-trip. Nothing
 * it makes leaves the process, and it uses no frame counter of the registry (the key is never used again).
 */
public final class ForgeSelfTest {
    private static final IeeeAddress TRUST_CENTER = IeeeAddress.parse("0000000000000001");
    private static final IeeeAddress DEVICE = IeeeAddress.parse("0000000000000002");
    private static final byte[] NO_ASSOCIATED_DATA = new byte[0];

    private ForgeSelfTest() {
    }

    /**
     * @return how long it took
     * @throws IllegalStateException if the forged frame does not decode to the key it carries
     */
    public static Duration run(NetworkKeySource keys, KeySealer sealer) {
        long started = System.nanoTime();
        SymmetricKey linkKey = keys.nextKey();
        SymmetricKey networkKey = keys.nextKey();
        byte[] frame = TransportKeyForge.forge(TransportKeyParameters.builder()
                .trustCenterIeee(TRUST_CENTER)
                .trustCenterShort(TransportKeyParameters.COORDINATOR_SHORT)
                .deviceIeee(DEVICE)
                .deviceShort(0x0001)
                .networkKey(networkKey)
                .keySequence(0)
                .apsFrameCounter(0)
                .build(), KeyDerivation.keyTransportKey(linkKey));
        DecodedTransportKey decoded;
        try {
            decoded = TransportKeyDecoder.decodeNwkFrame(frame, linkKey);
        } catch (TransportKeyException e) {
            throw new IllegalStateException("self-test: a forged Transport Key does not decode (" + e.getMessage()
                    + "); this replica's crypto provider is broken and it will not serve", e);
        }
        if (!(decoded.command() instanceof TransportKeyCommand.NetworkKey carried) || !carried.key().equals(networkKey)) {
            throw new IllegalStateException("self-test: a forged Transport Key did not decode to the network key it"
                    + " carries; this replica's crypto provider is broken and it will not serve");
        }
        byte[] throwAway = keys.nextKey().toBytes();
        sealer.seal(throwAway, NO_ASSOCIATED_DATA);
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
