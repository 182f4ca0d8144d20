package io.enrolgate.zigbee.frame;

import io.enrolgate.zigbee.IeeeAddress;

/** A MAC destination or source address: 16-bit short or 64-bit extended (IEEE 802.15.4-2006, 7.2.1). */
public sealed interface MacAddress {
    /** The short address every device in the PAN accepts. */
    int BROADCAST_SHORT_ADDRESS = 0xFFFF;

    MacFrameControl.AddressingMode addressingMode();

    void encode(ByteWriter writer);

    static MacAddress shortAddress(int value) {
        return new ShortAddress(value);
    }

    static MacAddress extendedAddress(IeeeAddress value) {
        return new ExtendedAddress(value);
    }

    /** Reads an address of the given mode; null for mode none. */
    static MacAddress decode(ByteReader reader, MacFrameControl.AddressingMode mode, String field) {
        switch (mode) {
            case SHORT:
                return new ShortAddress(reader.readU16(field));
            case EXTENDED:
                return new ExtendedAddress(reader.readIeeeAddress(field));
            default:
                return null;
        }
    }

    record ShortAddress(int value) implements MacAddress {
        public ShortAddress {
            FieldRules.requireU16(value, "short address");
        }

        @Override
        public MacFrameControl.AddressingMode addressingMode() {
            return MacFrameControl.AddressingMode.SHORT;
        }

        @Override
        public void encode(ByteWriter writer) {
            writer.writeU16(value);
        }

        @Override
        public String toString() {
            return FieldRules.hex4(value);
        }
    }

    record ExtendedAddress(IeeeAddress value) implements MacAddress {
        public ExtendedAddress {
            if (value == null) {
                throw new IllegalArgumentException("an extended address needs an IEEE address");
            }
        }

        @Override
        public MacFrameControl.AddressingMode addressingMode() {
            return MacFrameControl.AddressingMode.EXTENDED;
        }

        @Override
        public void encode(ByteWriter writer) {
            writer.writeIeeeAddress(value);
        }

        @Override
        public String toString() {
            return value.toDisplayHex();
        }
    }
}
