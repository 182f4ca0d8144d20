package io.enrolgate.zigbee.frame;

import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.INVALID_VALUE;
import static io.enrolgate.zigbee.frame.FrameFormatException.Reason.UNSUPPORTED;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import java.util.Arrays;

/**
 * The APS Transport Key command (Zigbee specification 05-3474, 4.4.10.1) in clear: the APS command
 * identifier 0x05, the key type, the key and the fields of that key type. On air it is the encrypted
 * payload of a secured APS command frame. The key is a {@link SymmetricKey}, so the records' {@code
 * toString} and every error message keep it hidden.
 */
public sealed interface TransportKeyCommand {
    String STRUCTURE = "Transport Key command";
    String COMMAND_ID_FIELD = "APS command identifier";
    String KEY_TYPE_FIELD = "key type";

    int APS_COMMAND_TRANSPORT_KEY = 0x05;
    int KEY_TYPE_STANDARD_NETWORK_KEY = 0x01;
    int KEY_TYPE_APPLICATION_LINK_KEY = 0x03;
    int KEY_TYPE_TRUST_CENTER_LINK_KEY = 0x04;

    int INITIATOR_FLAG_FALSE = 0x00;
    int INITIATOR_FLAG_TRUE = 0x01;

    /** The key type byte that follows the command identifier. */
    int keyType();

    SymmetricKey key();

    /** The number of bytes {@link #encode()} produces. */
    int length();

    void encode(ByteWriter writer);

    default byte[] encode() {
        return ByteWriter.encode(length(), this::encode);
    }

    /** Decodes a command that makes up all of {@code bytes} (35 bytes for a network key). */
    static TransportKeyCommand decode(byte[] bytes) {
        return ByteReader.decodeWhole(bytes, STRUCTURE, TransportKeyCommand::decode);
    }

    /** Decodes the command at the reader's position, starting with the APS command identifier. */
    static TransportKeyCommand decode(ByteReader reader) {
        int commandIdOffset = reader.position();
        int commandId = reader.readU8(COMMAND_ID_FIELD);
        if (commandId != APS_COMMAND_TRANSPORT_KEY) {
            throw new FrameFormatException(INVALID_VALUE, COMMAND_ID_FIELD, commandIdOffset, "command "
                    + FieldRules.hex2(commandId) + " is not Transport Key, expected "
                    + FieldRules.hex2(APS_COMMAND_TRANSPORT_KEY));
        }
        int keyTypeOffset = reader.position();
        int keyType = reader.readU8(KEY_TYPE_FIELD);
        switch (keyType) {
            case KEY_TYPE_STANDARD_NETWORK_KEY:
                return new NetworkKey(readKey(reader), reader.readU8(NetworkKey.KEY_SEQUENCE_NUMBER_FIELD),
                        reader.readIeeeAddress(NetworkKey.DESTINATION_ADDRESS_FIELD),
                        reader.readIeeeAddress(NetworkKey.SOURCE_ADDRESS_FIELD));
            case KEY_TYPE_APPLICATION_LINK_KEY:
                SymmetricKey key = readKey(reader);
                IeeeAddress partner = reader.readIeeeAddress(ApplicationLinkKey.PARTNER_ADDRESS_FIELD);
                return new ApplicationLinkKey(key, partner, readInitiatorFlag(reader));
            case KEY_TYPE_TRUST_CENTER_LINK_KEY:
                return new TrustCenterLinkKey(readKey(reader),
                        reader.readIeeeAddress(TrustCenterLinkKey.DESTINATION_ADDRESS_FIELD),
                        reader.readIeeeAddress(TrustCenterLinkKey.SOURCE_ADDRESS_FIELD));
            default:
                throw new FrameFormatException(UNSUPPORTED, KEY_TYPE_FIELD, keyTypeOffset, "key type "
                        + FieldRules.hex2(keyType) + ", expected standard network key (0x01), application link key"
                        + " (0x03) or Trust Center link key (0x04)");
        }
    }

    private static SymmetricKey readKey(ByteReader reader) {
        byte[] bytes = reader.readBytes(SymmetricKey.LENGTH, "key");
        try {
            return SymmetricKey.of(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static boolean readInitiatorFlag(ByteReader reader) {
        int offset = reader.position();
        int flag = reader.readU8(ApplicationLinkKey.INITIATOR_FLAG_FIELD);
        if (flag != INITIATOR_FLAG_FALSE && flag != INITIATOR_FLAG_TRUE) {
            throw new FrameFormatException(INVALID_VALUE, ApplicationLinkKey.INITIATOR_FLAG_FIELD, offset,
                    "value " + FieldRules.hex2(flag) + ", expected 0x00 or 0x01");
        }
        return flag == INITIATOR_FLAG_TRUE;
    }

    private static void writeHeaderAndKey(ByteWriter writer, int keyType, SymmetricKey key) {
        writer.writeU8(APS_COMMAND_TRANSPORT_KEY);
        writer.writeU8(keyType);
        byte[] bytes = key.toBytes();
        try {
            writer.writeBytes(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void requireKey(SymmetricKey key) {
        if (key == null) {
            throw new IllegalArgumentException(STRUCTURE + " needs a key");
        }
    }

    private static void requireAddress(IeeeAddress address, String field) {
        if (address == null) {
            throw new IllegalArgumentException(STRUCTURE + " needs the " + field);
        }
    }

    /**
     * Key type 0x01, the standard network key: key, key sequence number, the IEEE address of the
     * device that receives it and of the Trust Center that sends it.
     */
    record NetworkKey(SymmetricKey key, int keySequenceNumber, IeeeAddress destinationAddress,
            IeeeAddress sourceAddress) implements TransportKeyCommand {
        public static final String KEY_SEQUENCE_NUMBER_FIELD = "key sequence number";
        public static final String DESTINATION_ADDRESS_FIELD = "destination address";
        public static final String SOURCE_ADDRESS_FIELD = "source address";
        /** Command identifier, key type, key, key sequence number and two IEEE addresses. */
        public static final int LENGTH = 2 + SymmetricKey.LENGTH + 1 + 2 * IeeeAddress.LENGTH;

        public NetworkKey {
            requireKey(key);
            FieldRules.requireU8(keySequenceNumber, KEY_SEQUENCE_NUMBER_FIELD);
            requireAddress(destinationAddress, DESTINATION_ADDRESS_FIELD);
            requireAddress(sourceAddress, SOURCE_ADDRESS_FIELD);
        }

        @Override
        public int keyType() {
            return KEY_TYPE_STANDARD_NETWORK_KEY;
        }

        @Override
        public int length() {
            return LENGTH;
        }

        @Override
        public void encode(ByteWriter writer) {
            writeHeaderAndKey(writer, KEY_TYPE_STANDARD_NETWORK_KEY, key);
            writer.writeU8(keySequenceNumber);
            writer.writeIeeeAddress(destinationAddress);
            writer.writeIeeeAddress(sourceAddress);
        }
    }

    /**
     * Key type 0x03, an application link key shared with a partner device; the initiator flag tells
     * which of the two asked for it.
     */
    record ApplicationLinkKey(SymmetricKey key, IeeeAddress partnerAddress, boolean initiator)
            implements TransportKeyCommand {
        public static final String PARTNER_ADDRESS_FIELD = "partner address";
        public static final String INITIATOR_FLAG_FIELD = "initiator flag";
        /** Command identifier, key type, key, partner IEEE address and initiator flag. */
        public static final int LENGTH = 2 + SymmetricKey.LENGTH + IeeeAddress.LENGTH + 1;

        public ApplicationLinkKey {
            requireKey(key);
            requireAddress(partnerAddress, PARTNER_ADDRESS_FIELD);
        }

        @Override
        public int keyType() {
            return KEY_TYPE_APPLICATION_LINK_KEY;
        }

        @Override
        public int length() {
            return LENGTH;
        }

        @Override
        public void encode(ByteWriter writer) {
            writeHeaderAndKey(writer, KEY_TYPE_APPLICATION_LINK_KEY, key);
            writer.writeIeeeAddress(partnerAddress);
            writer.writeU8(initiator ? INITIATOR_FLAG_TRUE : INITIATOR_FLAG_FALSE);
        }
    }

    /**
     * Key type 0x04, a Trust Center link key (the key a Zigbee 3.0 device receives in the link key
     * update after joining): key, the IEEE address of the device and of the Trust Center.
     */
    record TrustCenterLinkKey(SymmetricKey key, IeeeAddress destinationAddress, IeeeAddress sourceAddress)
            implements TransportKeyCommand {
        public static final String DESTINATION_ADDRESS_FIELD = "destination address";
        public static final String SOURCE_ADDRESS_FIELD = "source address";
        /** Command identifier, key type, key and two IEEE addresses. */
        public static final int LENGTH = 2 + SymmetricKey.LENGTH + 2 * IeeeAddress.LENGTH;

        public TrustCenterLinkKey {
            requireKey(key);
            requireAddress(destinationAddress, DESTINATION_ADDRESS_FIELD);
            requireAddress(sourceAddress, SOURCE_ADDRESS_FIELD);
        }

        @Override
        public int keyType() {
            return KEY_TYPE_TRUST_CENTER_LINK_KEY;
        }

        @Override
        public int length() {
            return LENGTH;
        }

        @Override
        public void encode(ByteWriter writer) {
            writeHeaderAndKey(writer, KEY_TYPE_TRUST_CENTER_LINK_KEY, key);
            writer.writeIeeeAddress(destinationAddress);
            writer.writeIeeeAddress(sourceAddress);
        }
    }
}
