package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.INVALID_VALUE;

import io.enrolgate.zigbee.IeeeAddress;

/**
 * The auxiliary security header that precedes a secured NWK or APS payload (Zigbee specification
 * 05-3474, 4.5.1): security control, frame counter, then the source IEEE address when the extended
 * nonce flag is set, and the key sequence number when the key is a network key.
 *
 * <p>On air the security level bits are 000: the receiver takes the level from its own configuration
 * (level 5, ENC-MIC-32, in every Zigbee network), and uses that level in the nonce and in the
 * authenticated data. {@link #withSecurityLevel} gives the header to use there (DESIGN.md §4).
 *
 * @param requireVerifiedFrameCounter bit 6 of the security control (Zigbee R22 onwards); clear on
 *     frames from older stacks
 * @param frameCounter unsigned 32-bit, little-endian on air
 * @param sourceAddress the sender's IEEE address; present exactly when the extended nonce flag is set
 * @param keySequenceNumber present exactly when the key identifier is {@link KeyIdentifier#NETWORK_KEY}
 */
public record AuxSecurityHeader(
        SecurityLevel securityLevel,
        KeyIdentifier keyIdentifier,
        boolean requireVerifiedFrameCounter,
        long frameCounter,
        IeeeAddress sourceAddress,
        Integer keySequenceNumber) {

    public static final String STRUCTURE = "auxiliary security header";
    public static final String SECURITY_CONTROL_FIELD = "security control";
    public static final String FRAME_COUNTER_FIELD = "frame counter";
    public static final String SOURCE_ADDRESS_FIELD = "source address";
    public static final String KEY_SEQUENCE_NUMBER_FIELD = "key sequence number";
    public static final long MAX_FRAME_COUNTER = 0xFFFF_FFFFL;

    private static final int SECURITY_LEVEL_MASK = 0x07;
    private static final int KEY_IDENTIFIER_SHIFT = 3;
    private static final int KEY_IDENTIFIER_MASK = 0x18;
    private static final int EXTENDED_NONCE_FLAG = 0x20;
    private static final int REQUIRE_VERIFIED_FRAME_COUNTER_FLAG = 0x40;
    private static final int RESERVED_MASK = 0x80;

    /** The security levels of Zigbee specification table 4.38: whether the payload is encrypted, MIC length. */
    public enum SecurityLevel {
        NONE(0, false, 0),
        MIC_32(1, false, 4),
        MIC_64(2, false, 8),
        MIC_128(3, false, 16),
        ENC(4, true, 0),
        ENC_MIC_32(5, true, 4),
        ENC_MIC_64(6, true, 8),
        ENC_MIC_128(7, true, 16);

        private final int value;
        private final boolean encrypted;
        private final int micLength;

        SecurityLevel(int value, boolean encrypted, int micLength) {
            this.value = value;
            this.encrypted = encrypted;
            this.micLength = micLength;
        }

        public int value() {
            return value;
        }

        public boolean encrypted() {
            return encrypted;
        }

        /** The length in bytes of the message integrity code, 0 when none. */
        public int micLength() {
            return micLength;
        }
    }

    /** Which key secures the frame (Zigbee specification table 4.39). */
    public enum KeyIdentifier {
        /** A link key. */
        DATA_KEY(0),
        NETWORK_KEY(1),
        /** HMAC-MMO(link key, 0x00): seals Transport Key commands. */
        KEY_TRANSPORT_KEY(2),
        /** HMAC-MMO(link key, 0x02): seals Transport Key commands that carry a link key. */
        KEY_LOAD_KEY(3);

        private final int value;

        KeyIdentifier(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }
    }

    public AuxSecurityHeader {
        if (securityLevel == null || keyIdentifier == null) {
            throw new IllegalArgumentException(STRUCTURE + " needs a security level and a key identifier");
        }
        if (frameCounter < 0 || frameCounter > MAX_FRAME_COUNTER) {
            throw new IllegalArgumentException(FRAME_COUNTER_FIELD + " is " + frameCounter
                    + ", expected 0.." + MAX_FRAME_COUNTER + " (unsigned 32 bits)");
        }
        FieldRules.requirePresence(keySequenceNumber, keyIdentifier == KeyIdentifier.NETWORK_KEY,
                KEY_SEQUENCE_NUMBER_FIELD, "the key identifier is the network key");
        FieldRules.requireU8(keySequenceNumber, KEY_SEQUENCE_NUMBER_FIELD);
    }

    /**
     * The header of an APS Transport Key command as a Trust Center puts it on air: security control
     * 0x30 (level bits 000, key-transport key, extended nonce), the frame counter and its own IEEE address.
     */
    public static AuxSecurityHeader forTransportKey(long frameCounter, IeeeAddress trustCenterAddress) {
        if (trustCenterAddress == null) {
            throw new IllegalArgumentException("a Transport Key's auxiliary header carries the Trust Center's "
                    + "IEEE address (extended nonce), got none");
        }
        return new AuxSecurityHeader(SecurityLevel.NONE, KeyIdentifier.KEY_TRANSPORT_KEY, false, frameCounter,
                trustCenterAddress, null);
    }

    /** Whether the source address is carried (the extended nonce flag). */
    public boolean extendedNonce() {
        return sourceAddress != null;
    }

    /** This header with another security level: the form used in the CCM* nonce and authenticated data. */
    public AuxSecurityHeader withSecurityLevel(SecurityLevel level) {
        return new AuxSecurityHeader(level, keyIdentifier, requireVerifiedFrameCounter, frameCounter, sourceAddress,
                keySequenceNumber);
    }

    /** The encoding of this header with another security level; see {@link #withSecurityLevel}. */
    public byte[] encodeWithSecurityLevel(SecurityLevel level) {
        return withSecurityLevel(level).encode();
    }

    /** The security control byte, also the last byte of the CCM* nonce. */
    public int securityControl() {
        return securityLevel.value()
                | keyIdentifier.value() << KEY_IDENTIFIER_SHIFT
                | (extendedNonce() ? EXTENDED_NONCE_FLAG : 0)
                | (requireVerifiedFrameCounter ? REQUIRE_VERIFIED_FRAME_COUNTER_FLAG : 0);
    }

    public int length() {
        return 1 + 4 + (sourceAddress != null ? IeeeAddress.LENGTH : 0) + (keySequenceNumber != null ? 1 : 0);
    }

    public byte[] encode() {
        return ByteWriter.encode(length(), this::encode);
    }

    public void encode(ByteWriter writer) {
        writer.writeU8(securityControl());
        writer.writeU32(frameCounter);
        if (sourceAddress != null) {
            writer.writeIeeeAddress(sourceAddress);
        }
        if (keySequenceNumber != null) {
            writer.writeU8(keySequenceNumber);
        }
    }

    /** Decodes an auxiliary security header that makes up all of {@code bytes}. */
    public static AuxSecurityHeader decode(byte[] bytes) {
        return ByteReader.decodeWhole(bytes, STRUCTURE, AuxSecurityHeader::decode);
    }

    /** Decodes the header at the reader's position and leaves the reader on the secured payload. */
    public static AuxSecurityHeader decode(ByteReader reader) {
        int offset = reader.position();
        int control = reader.readU8(SECURITY_CONTROL_FIELD);
        if ((control & RESERVED_MASK) != 0) {
            throw new FrameFormatException(INVALID_VALUE, SECURITY_CONTROL_FIELD, offset, "reserved bit 7 is set in "
                    + FieldRules.hex2(control) + ", expected it clear");
        }
        // Three bits for eight levels and two bits for four key identifiers: every value is defined.
        SecurityLevel level = FieldRules.byWireValue(SecurityLevel.values(), SecurityLevel::value,
                control & SECURITY_LEVEL_MASK);
        KeyIdentifier keyIdentifier = FieldRules.byWireValue(KeyIdentifier.values(), KeyIdentifier::value,
                (control & KEY_IDENTIFIER_MASK) >> KEY_IDENTIFIER_SHIFT);
        long frameCounter = reader.readU32(FRAME_COUNTER_FIELD);
        IeeeAddress sourceAddress = (control & EXTENDED_NONCE_FLAG) != 0
                ? reader.readIeeeAddress(SOURCE_ADDRESS_FIELD) : null;
        Integer keySequenceNumber = keyIdentifier == KeyIdentifier.NETWORK_KEY
                ? reader.readU8(KEY_SEQUENCE_NUMBER_FIELD) : null;
        return new AuxSecurityHeader(level, keyIdentifier, (control & REQUIRE_VERIFIED_FRAME_COUNTER_FLAG) != 0,
                frameCounter, sourceAddress, keySequenceNumber);
    }
}
