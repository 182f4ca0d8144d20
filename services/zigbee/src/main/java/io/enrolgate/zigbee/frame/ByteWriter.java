package io.enrolgate.zigbee.frame;

import io.enrolgate.zigbee.IeeeAddress;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A growable buffer for encoding frames, writing little-endian integers as IEEE 802.15.4 and Zigbee
 * put them on air. Values out of range are programming errors (records validate their fields
 * before encoding), reported with {@link IllegalArgumentException}.
 */
public final class ByteWriter {
    private byte[] buffer;
    private int size;

    public ByteWriter() {
        this(64);
    }

    public ByteWriter(int initialCapacity) {
        buffer = new byte[Math.max(initialCapacity, 1)];
    }

    /** The bytes {@code encoder} writes, into a buffer sized to the {@code length} it announces. */
    public static byte[] encode(int length, Consumer<ByteWriter> encoder) {
        ByteWriter writer = new ByteWriter(length);
        encoder.accept(writer);
        return writer.toByteArray();
    }

    public ByteWriter writeU8(int value) {
        checkRange(value, 0xFF, "u8");
        ensureCapacity(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public ByteWriter writeU16(int value) {
        checkRange(value, 0xFFFF, "u16");
        return writeLittleEndian(value, 2);
    }

    public ByteWriter writeU32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("u32 value " + value + " is outside 0..4294967295");
        }
        return writeLittleEndian(value, 4);
    }

    /** All 64 bits of {@code value}, read as unsigned. */
    public ByteWriter writeU64(long value) {
        return writeLittleEndian(value, 8);
    }

    public ByteWriter writeIeeeAddress(IeeeAddress address) {
        return writeU64(address.value());
    }

    public ByteWriter writeBytes(byte[] bytes) {
        ensureCapacity(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private ByteWriter writeLittleEndian(long value, int length) {
        ensureCapacity(length);
        for (int i = 0; i < length; i++) {
            buffer[size++] = (byte) value;
            value >>>= 8;
        }
        return this;
    }

    private static void checkRange(int value, int max, String type) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(type + " value " + value + " is outside 0.." + max);
        }
    }

    private void ensureCapacity(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
