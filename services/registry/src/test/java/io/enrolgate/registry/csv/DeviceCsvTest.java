package io.enrolgate.registry.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.common.storage.DatabaseKind;
import io.enrolgate.registry.TestDatabases;
import io.enrolgate.registry.TestDevices;
import io.enrolgate.registry.device.Device;
import io.enrolgate.registry.device.NewDevice;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.zigbee.IeeeAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeviceCsvTest {
    private static final String CODE = TestDevices.KNOWN_CODE_HEX;
    private static final String BAD_CRC = CODE.substring(0, 34) + "B6";

    @TempDir
    Path directory;

    @Test
    void readsColumnsInAnyOrderWithQuotesLabelsAndTargets() {
        String csv = "# exported from the installer's tablet\r\n"
                + "labels,Install_Code,ieee,targets\r\n"
                + "\"room=kitchen;floor=1\",\"" + CODE + "\",000D6F000A0B0C0D,CAdmin;/in-cse/Capp\r\n"
                + "\r\n"
                + ",\"Z:000D6F000A0B0C0E$I:" + CODE + "\",,\n";
        List<NewDevice> devices = DeviceCsv.parse(csv);
        assertThat(devices).hasSize(2);
        assertThat(devices.get(0).ieee()).isEqualTo(TestDevices.KNOWN_IEEE);
        assertThat(devices.get(0).labels()).containsExactly(Map.entry("floor", "1"), Map.entry("room", "kitchen"));
        assertThat(devices.get(0).targets()).containsExactly("CAdmin", "/in-cse/Capp");
        assertThat(devices.get(1).ieee()).isEqualTo(IeeeAddress.parse("000D6F000A0B0C0E"));
        assertThat(devices.get(1).targets()).isEmpty();
    }

    @Test
    void reportsEveryBadLineWithItsNumberAndNoInstallCode() {
        String csv = "ieee,install_code,targets,labels\n"
                + "000D6F000A0B0C0D," + CODE + ",,\n"
                + "000D6F000A0B0C0E," + BAD_CRC + ",,\n"
                + "000D6F000A0B0C0D," + CODE + ",,\n"
                + "000D6F000A0B0C0F," + CODE + ",,room\n"
                + "000D6F000A0B0C10," + CODE + "\n";
        assertThatThrownBy(() -> DeviceCsv.parse(csv))
                .isInstanceOf(DeviceImportException.class)
                .satisfies(e -> assertThat(((DeviceImportException) e).problems()).satisfiesExactly(
                        p -> assertThat(p).startsWith("line 3: ").contains("CRC mismatch"),
                        p -> assertThat(p).isEqualTo("line 4: device 000D6F000A0B0C0D is also on line 2"),
                        p -> assertThat(p).startsWith("line 5: label 1 has no '='"),
                        p -> assertThat(p).isEqualTo("line 6: 2 fields: expected 4, one per header column")))
                .hasMessageStartingWith("4 problems in the CSV, nothing imported")
                .hasMessageNotContaining(CODE.substring(0, 12));
    }

    @Test
    void refusesABadHeaderOrNoDevices() {
        assertThatThrownBy(() -> DeviceCsv.parse("")).hasMessageContaining("the CSV is empty");
        assertThatThrownBy(() -> DeviceCsv.parse("ieee,code\n1,2\n"))
                .hasMessageContaining("line 1: unknown column 'code' in the header: expected some of ieee,"
                        + " install_code, targets, labels");
        assertThatThrownBy(() -> DeviceCsv.parse("ieee,targets\n1,2\n")).hasMessageContaining("no install_code column");
        assertThatThrownBy(() -> DeviceCsv.parse("ieee,ieee,install_code\n")).hasMessageContaining("named twice");
        assertThatThrownBy(() -> DeviceCsv.parse("ieee,install_code\n")).hasMessageContaining("no device lines");
    }

    @Test
    void refusesBrokenQuoting() {
        assertThatThrownBy(() -> DeviceCsv.parse("ieee,install_code\n000D6F000A0B0C0D,\"" + CODE + "\n"))
                .hasMessageContaining("line 2: a quoted field is not closed");
        assertThatThrownBy(() -> DeviceCsv.parse("ieee,install_code\n000D6F000A0B0C0D,\"" + CODE + "\"x\n"))
                .hasMessageContaining("line 2: text after a closing quote");
        assertThatThrownBy(() -> DeviceCsv.parse("ieee,install_code\n000D\"6F,x\n"))
                .hasMessageContaining("line 2: a double quote inside an unquoted field");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void importsAllOrNothing(DatabaseKind kind) {
        try (RegistryStore store = TestDatabases.newStore(TestDatabases.fresh(kind, directory),
                TestDatabases.randomKek())) {
            store.addDevice(TestDevices.known());
            String clash = "ieee,install_code\n"
                    + "000D6F00000000A1," + CODE + "\n"
                    + "000D6F000A0B0C0D," + CODE + "\n";
            assertThatThrownBy(() -> DeviceCsv.importInto(store, clash))
                    .isInstanceOf(DeviceImportException.class)
                    .hasMessageContaining("line 3: device 000D6F000A0B0C0D is already registered");
            assertThat(store.listDevices()).hasSize(1);

            String good = "ieee,install_code\n000D6F00000000A1," + CODE + "\n000D6F00000000A2," + CODE + "\n";
            assertThat(DeviceCsv.importInto(store, good)).extracting(Device::ieee)
                    .containsExactly(IeeeAddress.parse("000D6F00000000A1"), IeeeAddress.parse("000D6F00000000A2"));
            assertThat(store.listDevices()).hasSize(3);
        }
    }
}
