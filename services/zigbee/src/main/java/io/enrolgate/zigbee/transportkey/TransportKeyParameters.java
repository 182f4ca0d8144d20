package io.enrolgate.zigbee.transportkey;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import java.util.Objects;

/**
 * Everything that goes into one APS Transport Key frame carrying a network key to a joining device,
 * except the secret that seals it (the key-transport key, given separately so that it can be computed
 * once per device). Ranges are those of the wire fields; a value out of range is refused here, not
 * truncated on the wire.
 *
 * @param trustCenterIeee source of the frame: the EG acting as Trust Center; goes into the nonce
 * @param trustCenterShort NWK source address (the coordinator, 0x0000, unless relayed)
 * @param deviceIeee the joining device
 * @param deviceShort the NWK destination address the gateway allocated
 * @param networkKey the key being transported
 * @param keySequence the network key sequence number, 0..255
 * @param apsFrameCounter the auxiliary header's frame counter, 0..2^32-1; never reused under one key
 * @param apsCounter the APS counter, 0..255
 * @param nwkSequence the NWK sequence number, 0..255
 * @param radius the NWK radius, 1..255 (real Trust Centers use 30)
 * @param nwkIeeeFields which optional IEEE addresses the NWK header carries
 */
public record TransportKeyParameters(
        IeeeAddress trustCenterIeee,
        int trustCenterShort,
        IeeeAddress deviceIeee,
        int deviceShort,
        SymmetricKey networkKey,
        int keySequence,
        long apsFrameCounter,
        int apsCounter,
        int nwkSequence,
        int radius,
        NwkIeeeFields nwkIeeeFields) {

    public static final int DEFAULT_RADIUS = 30;
    public static final int COORDINATOR_SHORT = 0x0000;

    public TransportKeyParameters {
        Objects.requireNonNull(trustCenterIeee, "trustCenterIeee");
        Objects.requireNonNull(deviceIeee, "deviceIeee");
        Objects.requireNonNull(networkKey, "networkKey");
        Objects.requireNonNull(nwkIeeeFields, "nwkIeeeFields");
        requireRange("trust center short address", trustCenterShort, 0, 0xFFFF);
        // 0xFFF8..0xFFFF are broadcast and reserved addresses: a Transport Key to a joiner is unicast.
        requireRange("device short address", deviceShort, 0, 0xFFF7);
        requireRange("key sequence number", keySequence, 0, 0xFF);
        if (apsFrameCounter < 0 || apsFrameCounter > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(
                    "APS frame counter " + apsFrameCounter + " is out of range: expected 0..4294967295");
        }
        requireRange("APS counter", apsCounter, 0, 0xFF);
        requireRange("NWK sequence number", nwkSequence, 0, 0xFF);
        requireRange("NWK radius", radius, 1, 0xFF);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(String.format(
                    "%s %d (0x%X) is out of range: expected %d..%d (0x%X..0x%X)", name, value, value, min, max,
                    min, max));
        }
    }

    /** Builds parameters with the defaults of a real Trust Center (radius 30, source 0x0000, no IEEE fields). */
    public static final class Builder {
        private IeeeAddress trustCenterIeee;
        private int trustCenterShort = COORDINATOR_SHORT;
        private IeeeAddress deviceIeee;
        private int deviceShort = -1;
        private SymmetricKey networkKey;
        private int keySequence;
        private long apsFrameCounter = -1;
        private int apsCounter;
        private int nwkSequence;
        private int radius = DEFAULT_RADIUS;
        private NwkIeeeFields nwkIeeeFields = NwkIeeeFields.NONE;

        public Builder trustCenterIeee(IeeeAddress value) {
            trustCenterIeee = value;
            return this;
        }

        public Builder trustCenterShort(int value) {
            trustCenterShort = value;
            return this;
        }

        public Builder deviceIeee(IeeeAddress value) {
            deviceIeee = value;
            return this;
        }

        public Builder deviceShort(int value) {
            deviceShort = value;
            return this;
        }

        public Builder networkKey(SymmetricKey value) {
            networkKey = value;
            return this;
        }

        public Builder keySequence(int value) {
            keySequence = value;
            return this;
        }

        public Builder apsFrameCounter(long value) {
            apsFrameCounter = value;
            return this;
        }

        public Builder apsCounter(int value) {
            apsCounter = value;
            return this;
        }

        public Builder nwkSequence(int value) {
            nwkSequence = value;
            return this;
        }

        public Builder radius(int value) {
            radius = value;
            return this;
        }

        public Builder nwkIeeeFields(NwkIeeeFields value) {
            nwkIeeeFields = value;
            return this;
        }

        public TransportKeyParameters build() {
            // The frame counter has no safe default: it must come from the durable allocator.
            if (apsFrameCounter < 0) {
                throw new IllegalArgumentException("the APS frame counter is required (it must never repeat "
                        + "under one key-transport key, so it has no default)");
            }
            if (deviceShort < 0) {
                throw new IllegalArgumentException("the device short address is required");
            }
            return new TransportKeyParameters(trustCenterIeee, trustCenterShort, deviceIeee, deviceShort,
                    networkKey, keySequence, apsFrameCounter, apsCounter, nwkSequence, radius, nwkIeeeFields);
        }
    }
}
