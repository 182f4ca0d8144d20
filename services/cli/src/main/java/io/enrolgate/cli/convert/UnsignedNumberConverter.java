package io.enrolgate.cli.convert;

import picocli.CommandLine;

/** A non-negative number written in decimal or with a 0x prefix in hex, as the frame options take them. */
public final class UnsignedNumberConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
        String trimmed = text.strip();
        try {
            long value = trimmed.startsWith("0x") || trimmed.startsWith("0X")
                    ? Long.parseLong(trimmed.substring(2), 16)
                    : Long.parseLong(trimmed);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + text + "' is not a number: expected decimal (e.g. 123456) or 0x-prefixed hex (e.g. 0x1E240)");
        }
    }
}
