package io.enrolgate.cli.installcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.cli.CommandRun;
import org.junit.jupiter.api.Test;

class InstallCodeParseCommandTest {
    @Test
    void aLabelGivesItsAddressCodeAndLinkKey() {
        CommandRun run = CommandRun.of("install-code", "parse",
                "Z:000D6F000A0B0C0D$I:83FED3407A939723A5C639B26916D505C3B5");
        assertThat(run.exitStatus()).isZero();
        assertThat(run.out()).contains("000D6F000A0B0C0D")
                .contains("B5C3")
                // shared/vectors/zigbee.json install_code_to_link_key[0]
                .contains("66B6900981E1EE3CA4206B6B861C02BB");
    }

    @Test
    void aWrongCrcExitsWithTwoAndNamesTheExpectedCrc() {
        CommandRun run = CommandRun.of("install-code", "parse", "83FED3407A939723A5C639B26916D505C3B6");
        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.err()).contains("C3B5");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingCrcIsRefusedUnlessAskedToComputeIt() {
        CommandRun refused = CommandRun.of("install-code", "parse", "83FED3407A939723A5C639B26916D505");
        assertThat(refused.exitStatus()).isEqualTo(2);
        assertThat(refused.err()).contains("C3B5");

        CommandRun computed = CommandRun.of("install-code", "parse", "--compute-crc", "83FED3407A939723A5C639B26916D505");
        assertThat(computed.exitStatus()).isZero();
        assertThat(computed.out()).contains("computed").contains("66B6900981E1EE3CA4206B6B861C02BB");
    }
}
