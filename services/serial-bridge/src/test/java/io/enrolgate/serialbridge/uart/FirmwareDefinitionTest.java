package io.enrolgate.serialbridge.uart;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.serialbridge.core.GatewayIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The framing's constants are the firmware's: read from its headers, so that the two sides cannot drift apart
 * silently (issue 5: share the codec with the firmware's definition, not a second copy of the rules).
 */
class FirmwareDefinitionTest {
    private static final Path FIRMWARE = Path.of(System.getProperty("enrolgate.firmware.dir", "../../firmware"));

    @Test
    void hdlcConstantsMatchEgHdlcH() throws Exception {
        String header = Files.readString(FIRMWARE.resolve("core/include/eg_hdlc.h"));

        assertThat(define(header, "EG_HDLC_FLAG")).isEqualTo(HdlcLiteFramer.FLAG);
        assertThat(define(header, "EG_HDLC_ESCAPE")).isEqualTo(HdlcLiteFramer.ESCAPE);
        assertThat(define(header, "EG_HDLC_ESCAPE_XOR")).isEqualTo(HdlcLiteFramer.ESCAPE_XOR);
        assertThat(define(header, "EG_HDLC_FCS_LEN")).isEqualTo(HdlcLiteFramer.FCS_LENGTH);
        assertThat(define(header, "EG_HDLC_MAX_PAYLOAD")).isEqualTo(HdlcLiteFramer.MAX_PAYLOAD);
    }

    @Test
    void uartProtocolVersionMatchesEgUartH() throws Exception {
        String header = Files.readString(FIRMWARE.resolve("core/include/eg_uart.h"));

        assertThat(define(header, "EG_UART_PROTOCOL_VERSION")).isEqualTo(GatewayIdentity.PROTOCOL_VERSION);
    }

    private static int define(String header, String name) {
        Matcher m = Pattern.compile("#define\\s+" + name + "\\s+(0x[0-9A-Fa-f]+|[0-9]+)u?\\b").matcher(header);
        assertThat(m.find()).as("#define %s in the firmware header", name).isTrue();
        String value = m.group(1);
        return value.startsWith("0x") ? Integer.parseInt(value.substring(2), 16) : Integer.parseInt(value);
    }
}
