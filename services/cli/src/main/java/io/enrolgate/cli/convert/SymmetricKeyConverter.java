package io.enrolgate.cli.convert;

import io.enrolgate.zigbee.SymmetricKey;
import picocli.CommandLine;

/** A 128-bit key as 32 hex digits. The error never repeats the text, which may be most of a key. */
public final class SymmetricKeyConverter implements CommandLine.ITypeConverter<SymmetricKey> {
    @Override
    public SymmetricKey convert(String text) {
        try {
            return SymmetricKey.fromHex(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
