package io.enrolgate.cli.frame;

import io.enrolgate.zigbee.transportkey.NwkIeeeFields;
import java.util.Locale;
import picocli.CommandLine;

/** {@code none|dst|both}, the short names people type for {@link NwkIeeeFields}. */
final class NwkIeeeFieldsConverter implements CommandLine.ITypeConverter<NwkIeeeFields> {
    @Override
    public NwkIeeeFields convert(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "none" -> NwkIeeeFields.NONE;
            case "dst", "destination" -> NwkIeeeFields.DESTINATION;
            case "both" -> NwkIeeeFields.BOTH;
            default -> throw new CommandLine.TypeConversionException(
                    "'" + text + "' is not one of none, dst, both");
        };
    }
}
