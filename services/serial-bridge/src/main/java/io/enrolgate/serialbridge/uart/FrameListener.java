package io.enrolgate.serialbridge.uart;

/** What the {@link HdlcLiteDecoder} found on the line, in order. Called on the thread that pushes the bytes. */
public interface FrameListener {
    /** A frame whose CRC matched: its payload (type byte + protobuf), a fresh array the listener may keep. */
    void onFrame(byte[] payload);

    /** A frame that was dropped, and why. */
    void onFrameError(FrameError error);
}
