package io.enrolgate.zigbee.frame;

import io.enrolgate.zigbee.IeeeAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * A cursor over a slice of a byte array, reading the little-endian integers of IEEE 802.15.4 and
 * Zigbee. Each read names the field it reads, so running out of bytes produces a
 * {@link FrameFormatException} with reason {@code TRUNCATED} that says which field was cut short.
 * Offsets in errors count from the start of the slice. Not thread-safe; the array is not copied.
 */
public final class ByteReader {
    private final byte[] bytes;
    private final int start;
    private final int end;
    private int position;

    private ByteReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.start = start;
        this.end = end;
        this.position = start;
    }

    public static ByteReader of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new ByteReader(bytes, 0, bytes.length);
    }

    /**
     * Decodes a structure that must make up all of {@code bytes}: what the decoder leaves unread is
     * refused as trailing bytes.
     */
    public static <T> T decodeWhole(byte[] bytes, String structure, Function<ByteReader, T> decoder) {
        ByteReader reader = of(bytes);
        T value = decoder.apply(reader);
        reader.requireEnd(structure);
        return value;
    }

    /** A reader over {@code length} bytes of {@code bytes} from {@code offset}. */
    public static ByteReader of(byte[] bytes, int offset, int length) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return new ByteReader(bytes, offset, offset + length);
    }

    /** Bytes read so far: the offset of the next byte, relative to the start of the slice. */
    public int position() {
        return position - start;
    }

    public int remaining() {
        return end - position;
    }

    public boolean hasRemaining() {
        return position < end;
    }

    public int readU8(String field) {
        require(1, field);
        return bytes[position++] & 0xFF;
    }

    public int readU16(String field) {
        return (int) readLittleEndian(2, field);
    }

    public long readU32(String field) {
        return readLittleEndian(4, field);
    }

    /** An unsigned 64-bit value in the bits of a long (compare with {@link Long#compareUnsigned}). */
    public long readU64(String field) {
        return readLittleEndian(8, field);
    }

    public IeeeAddress readIeeeAddress(String field) {
        return new IeeeAddress(readU64(field));
    }

    /** A copy of the next {@code length} bytes. */
    public byte[] readBytes(int length, String field) {
        if (length < 0) {
            throw new IllegalArgumentException("cannot read a negative number of bytes: " + length);
        }
        require(length, field);
        byte[] out = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return out;
    }

    /** A copy of everything not read yet (possibly empty). */
    public byte[] readRemaining() {
        byte[] out = Arrays.copyOfRange(bytes, position, end);
        position = end;
        return out;
    }

    /**
     * Asserts that the whole slice was consumed, for structures whose length their fields determine.
     *
     * @param structure what was decoded, for the message
     */
    public void requireEnd(String structure) {
        if (hasRemaining()) {
            throw new FrameFormatException(FrameFormatException.Reason.TRAILING_BYTES, structure, position(),
                    remaining() + " byte(s) follow the end of the " + structure
                            + ", expected the input to end here");
        }
    }

    private long readLittleEndian(int length, String field) {
        require(length, field);
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[position + i] & 0xFF);
        }
        position += length;
        return value;
    }

    private void require(int length, String field) {
        if (remaining() < length) {
            throw new FrameFormatException(FrameFormatException.Reason.TRUNCATED, field, position(),
                    "expected " + length + " byte(s) but the input ends after " + remaining());
        }
    }
}
