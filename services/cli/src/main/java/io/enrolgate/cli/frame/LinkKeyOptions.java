package io.enrolgate.cli.frame;

import io.enrolgate.cli.UserInputException;
import io.enrolgate.cli.convert.SymmetricKeyConverter;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.installcode.InstallCodeException;
import io.enrolgate.zigbee.installcode.InstallCodeLabel;
import picocli.CommandLine.Option;

/** Where the device's link key comes from: its install code (any label format), or the key itself. */
final class LinkKeyOptions {
    @Option(names = "--install-code", paramLabel = "TEXT",
            description = "The device's install code with its CRC (hex, or any label format `install-code parse` takes).")
    String installCode;

    @Option(names = "--link-key", paramLabel = "HEX", converter = SymmetricKeyConverter.class,
            description = "The link key itself (32 hex digits), e.g. 5A6967426565416C6C69616E63653039 (ZigBeeAlliance09).")
    SymmetricKey linkKey;

    SymmetricKey resolve() {
        if (linkKey != null) {
            return linkKey;
        }
        try {
            return InstallCodeLabel.parse(installCode).installCode().linkKey();
        } catch (InstallCodeException e) {
            throw new UserInputException("--install-code: " + e.getMessage());
        }
    }
}
