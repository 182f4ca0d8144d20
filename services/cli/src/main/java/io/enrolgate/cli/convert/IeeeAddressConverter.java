package io.enrolgate.cli.convert;

import io.enrolgate.zigbee.IeeeAddress;
import picocli.CommandLine;

/** An IEEE address in display order, as on labels (16 hex digits; separators allowed). */
public final class IeeeAddressConverter implements CommandLine.ITypeConverter<IeeeAddress> {
    @Override
    public IeeeAddress convert(String text) {
        try {
            return IeeeAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
