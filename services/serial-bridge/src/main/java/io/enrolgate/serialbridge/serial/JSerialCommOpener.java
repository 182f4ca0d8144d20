package io.enrolgate.serialbridge.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;

/**
 * Opens the port with jSerialComm: 8N1, no flow control, reads that return after at most
 * {@link #READ_TIMEOUT_MILLIS} so that the reader notices a close. The path is looked up again on every open,
 * so a {@code /dev/serial/by-id} link (or a test's link to a new pseudo-terminal) that now points elsewhere is
 * followed. Modem lines are left alone: pseudo-terminals have none.
 */
public final class JSerialCommOpener implements SerialPortOpener {
    static final int READ_TIMEOUT_MILLIS = 200;
    static final int WRITE_TIMEOUT_MILLIS = 2_000;

    private final SerialSettings settings;

    public JSerialCommOpener(SerialSettings settings) {
        this.settings = settings;
    }

    @Override
    public SerialConnection open() throws IOException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(settings.path());
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("serial port " + settings.path() + ": " + e.getMessage(), e);
        }
        port.setComPortParameters(settings.baudRate(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_TIMEOUT_MILLIS, WRITE_TIMEOUT_MILLIS);
        if (!port.openPort()) {
            throw new IOException("cannot open serial port " + settings.path() + " (" + port.getSystemPortPath()
                    + "): error " + port.getLastErrorCode());
        }
        return new Connection(port, settings.path());
    }

    private static final class Connection implements SerialConnection {
        private final SerialPort port;
        private final String path;

        Connection(SerialPort port, String path) {
            this.port = port;
            this.path = path;
        }

        @Override
        public int read(byte[] buffer) throws IOException {
            int n = port.readBytes(buffer, buffer.length);
            if (n < 0) {
                throw new IOException("serial port " + path + " lost (error " + port.getLastErrorCode() + ")");
            }
            return n;
        }

        @Override
        public void write(byte[] data) throws IOException {
            int done = 0;
            while (done < data.length) {
                int n = port.writeBytes(data, data.length - done, done);
                if (n <= 0) {
                    throw new IOException("serial port " + path + ": write failed (error " + port.getLastErrorCode() + ")");
                }
                done += n;
            }
        }

        @Override
        public void close() {
            port.closePort();
        }

        @Override
        public String toString() {
            return path + " (" + port.getSystemPortPath() + ", " + port.getBaudRate() + " baud)";
        }
    }
}
