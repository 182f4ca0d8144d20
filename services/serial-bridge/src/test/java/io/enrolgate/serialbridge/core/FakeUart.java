package io.enrolgate.serialbridge.core;

import java.util.ArrayList;
import java.util.List;

/** The gateway's UART in memory: frames "written" at once, or refused when closed. */
final class FakeUart implements UartPort {
    final List<byte[]> written = new ArrayList<>();
    boolean accepting = true;

    @Override
    public boolean send(byte[] frame, Runnable afterWrite) {
        if (!accepting) {
            return false;
        }
        written.add(frame);
        afterWrite.run();
        return true;
    }
}
