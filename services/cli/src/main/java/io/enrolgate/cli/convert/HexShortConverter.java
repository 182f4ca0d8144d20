package io.enrolgate.cli.convert;

import picocli.CommandLine;

/** A 16-bit address or identifier in hex (e.g. 4F2C or 0x4F2C), as printed by sniffers. */
public final class HexShortConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
        String digits = text.strip();
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new CommandLine.TypeConversionException(
                    "'" + text + "' is not a 16-bit hex value: expected 1 to 4 hex digits, e.g. 4F2C or 0x1A62");
        }
        return Integer.parseInt(digits, 16);
    }
}
