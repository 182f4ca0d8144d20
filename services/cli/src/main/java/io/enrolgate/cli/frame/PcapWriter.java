package io.enrolgate.cli.frame;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

/**
 * Writes a classic libpcap file of IEEE 802.15.4 frames, link type 195 (LINKTYPE_IEEE802_15_4_WITHFCS):
 * every record is an MPDU ending with its FCS, which is how Wireshark and tshark expect it.
 */
public final class PcapWriter implements AutoCloseable {
    public static final int LINKTYPE_IEEE802_15_4_WITHFCS = 195;
    private static final int MAGIC_MICROSECONDS = 0xA1B2C3D4;
    private static final int SNAPLEN = 65535;

    private final OutputStream out;

    public PcapWriter(OutputStream out) throws IOException {
        this.out = out;
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC_MICROSECONDS).putShort((short) 2).putShort((short) 4) // version 2.4
                .putInt(0).putInt(0) // GMT offset, timestamp accuracy: both unused by readers
                .putInt(SNAPLEN).putInt(LINKTYPE_IEEE802_15_4_WITHFCS);
        out.write(header.array());
    }

    public void write(Instant timestamp, byte[] mpduWithFcs) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt((int) timestamp.getEpochSecond()).putInt(timestamp.getNano() / 1000)
                .putInt(mpduWithFcs.length).putInt(mpduWithFcs.length);
        out.write(record.array());
        out.write(mpduWithFcs);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
