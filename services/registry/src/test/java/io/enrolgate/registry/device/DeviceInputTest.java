package io.enrolgate.registry.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.registry.TestDevices;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceInputTest {
    private static final String CODE = TestDevices.KNOWN_CODE_HEX;
    private static final SymmetricKey LINK_KEY = SymmetricKey.fromHex(TestDevices.KNOWN_LINK_KEY_HEX);

    @ParameterizedTest
    @ValueSource(strings = {
        CODE,
        "83:FE:D3:40:7A:93:97:23:A5:C6:39:B2:69:16:D5:05:C3:B5",
        "Z:000D6F000A0B0C0D$I:" + CODE,
        "000D6F000A0B0C0D|" + CODE,
        "HUE:Z:" + CODE + " M:000D6F000A0B0C0D",
    })
    void acceptsEveryLabelFormatTheLibraryReads(String text) {
        NewDevice device = new DeviceInput(Optional.of("000D6F000A0B0C0D"), text, List.of(), Map.of()).validate();
        assertThat(device.ieee()).isEqualTo(TestDevices.KNOWN_IEEE);
        assertThat(device.installCode().linkKey()).isEqualTo(LINK_KEY);
    }

    @Test
    void takesTheAddressFromTheLabelWhenNoneIsGiven() {
        NewDevice device = new DeviceInput(Optional.empty(), "Z:000D6F000A0B0C0D$I:" + CODE, List.of(), Map.of())
                .validate();
        assertThat(device.ieee()).isEqualTo(IeeeAddress.parse("000D6F000A0B0C0D"));
    }

    @Test
    void refusesABadCrcWithTheLibrarysMessageAndWithoutTheCode() {
        String typo = CODE.substring(0, 34) + "B6";
        assertThatThrownBy(() -> new DeviceInput(Optional.of("000D6F000A0B0C0D"), typo, List.of(), Map.of()).validate())
                .isInstanceOf(InvalidDeviceException.class)
                .hasMessageContaining("install code CRC mismatch")
                .hasMessageNotContaining(CODE.substring(0, 16));
    }

    @Test
    void refusesAnAddressThatContradictsTheLabel() {
        assertThatThrownBy(() -> new DeviceInput(Optional.of("000D6F000A0B0C0E"), "Z:000D6F000A0B0C0D$I:" + CODE,
                List.of(), Map.of()).validate())
                .isInstanceOf(InvalidDeviceException.class)
                .hasMessageContaining("differs from the one on the ZIGBEE_FIELDS label");
    }

    @Test
    void needsAnAddressForAPlainCode() {
        assertThatThrownBy(() -> new DeviceInput(Optional.empty(), CODE, List.of(), Map.of()).validate())
                .hasMessageContaining("IEEE address is missing");
    }

    @Test
    void neverQuotesAnInstallCodeTypedIntoTheAddressField() {
        assertThatThrownBy(() -> new DeviceInput(Optional.of(CODE), CODE, List.of(), Map.of()).validate())
                .isInstanceOf(InvalidDeviceException.class)
                .hasMessageContaining("IEEE address has 36 hex digits: expected 16")
                .hasMessageNotContaining(CODE);
        assertThatThrownBy(() -> new DeviceInput(Optional.of("xyz"), CODE, List.of(), Map.of()).validate())
                .hasMessageContaining("IEEE address: 'x' at position 1 is not a hex digit");
    }

    @Test
    void refusesMissingCodeBadTargetsAndBadLabels() {
        assertThatThrownBy(() -> new DeviceInput(Optional.of("000D6F000A0B0C0D"), " ", List.of(), Map.of()).validate())
                .hasMessageContaining("install code is missing");
        assertThatThrownBy(() -> valid(List.of("C Admin"), Map.of()))
                .hasMessageContaining("target 'C Admin' is not a oneM2M AE-ID");
        assertThatThrownBy(() -> valid(List.of("CAdmin", "CAdmin"), Map.of()))
                .hasMessageContaining("target 'CAdmin' is given twice");
        assertThatThrownBy(() -> valid(List.of(), Map.of("bad name", "x")))
                .hasMessageContaining("label name 'bad name'");
        assertThatThrownBy(() -> valid(List.of(), Map.of("ok", "line\nbreak")))
                .hasMessageContaining("label 'ok' value");
    }

    private static NewDevice valid(List<String> targets, Map<String, String> labels) {
        return new DeviceInput(Optional.of("000D6F000A0B0C0D"), CODE, targets, labels).validate();
    }
}
