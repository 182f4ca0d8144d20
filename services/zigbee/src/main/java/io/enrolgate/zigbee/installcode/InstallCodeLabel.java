package io.enrolgate.zigbee.installcode;

import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.installcode.InstallCodeException.Reason;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a device label or its QR code says: the install code and, in most formats, the device's IEEE
 * address. {@link #parse} recognises the formats of {@link LabelFormat}; the layouts follow what
 * manufacturers print, as collected by zigbee-herdsman (Zigbee2MQTT) and ZHA.
 *
 * <p>The codes are read in written order with their CRC checked, as for {@link InstallCode#parse}: a
 * label whose CRC does not match is rejected, never corrected. Error messages name the format and
 * the field at fault but never repeat the label's text, which holds the secret code.
 */
public final class InstallCodeLabel {
    /** 40 characters of product data, the IEEE address, "DLK", a 16-byte code with or without CRC. */
    private static final Pattern BOSCH = Pattern.compile(
            "[0-9A-Z]{40}([0-9A-F]{16})DLK([0-9A-F]{32}|[0-9A-F]{36})", Pattern.CASE_INSENSITIVE);
    private static final String HUE_CODE_TAG = "HUE:Z:";
    private static final String HUE_IEEE_TAG = "M:";

    private final LabelFormat format;
    private final IeeeAddress ieeeAddress;
    private final InstallCode installCode;

    private InstallCodeLabel(LabelFormat format, IeeeAddress ieeeAddress, InstallCode installCode) {
        this.format = format;
        this.ieeeAddress = ieeeAddress;
        this.installCode = installCode;
    }

    /** Reads a label whose code must carry its CRC. */
    public static InstallCodeLabel parse(String text) {
        return parse(text, CrcPolicy.REQUIRE);
    }

    /**
     * Reads a label in any of the {@link LabelFormat}s; leading and trailing white space is ignored.
     *
     * @throws InstallCodeException naming what is wrong, and the accepted formats when the text is in none
     */
    public static InstallCodeLabel parse(String text, CrcPolicy policy) {
        if (text == null || text.isBlank()) {
            throw new InstallCodeException(Reason.EMPTY,
                    "install code label is empty: expected one of: " + LabelFormat.allDescriptions());
        }
        String label = text.strip();
        if (startsWithIgnoringCase(label, "HUE:")) {
            return parseHue(label, policy);
        }
        if (label.indexOf('$') >= 0) {
            return LabelFields.parse(label).toLabel(policy);
        }
        if (label.indexOf('|') >= 0) {
            return parsePipe(label, policy);
        }
        Matcher bosch = BOSCH.matcher(label);
        if (bosch.matches()) {
            return of(LabelFormat.BOSCH, bosch.group(1), bosch.group(2), policy);
        }
        return parsePlainHex(label, policy);
    }

    private static InstallCodeLabel parseHue(String label, CrcPolicy policy) {
        String[] tokens = label.split("\\s+");
        if (tokens.length < 2 || !startsWithIgnoringCase(tokens[0], HUE_CODE_TAG)
                || !startsWithIgnoringCase(tokens[1], HUE_IEEE_TAG)) {
            throw unknownFormat("a Philips Hue label must begin " + LabelFormat.HUE.description());
        }
        return of(LabelFormat.HUE, tokens[1].substring(HUE_IEEE_TAG.length()),
                tokens[0].substring(HUE_CODE_TAG.length()), policy);
    }

    private static InstallCodeLabel parsePipe(String label, CrcPolicy policy) {
        String body = label;
        if (body.length() >= 2 && body.startsWith("|") && body.endsWith("|")) {
            body = body.substring(1, body.length() - 1);
        }
        String[] fields = body.split("\\|", -1);
        if (fields.length != 2 || fields[0].isBlank() || fields[1].isBlank()) {
            throw unknownFormat("a pipe-separated label has exactly two non-empty fields, "
                    + LabelFormat.PIPE.description() + "; this one has " + fields.length);
        }
        return of(LabelFormat.PIPE, fields[0], fields[1], policy);
    }

    private static InstallCodeLabel parsePlainHex(String label, CrcPolicy policy) {
        try {
            return new InstallCodeLabel(LabelFormat.PLAIN_HEX, null, InstallCode.parse(label, policy));
        } catch (InstallCodeException e) {
            if (e.reason() != Reason.NOT_HEX) {
                throw e;
            }
            throw new InstallCodeException(Reason.UNKNOWN_LABEL_FORMAT, "install code label is in no known format"
                    + " (read as plain hex: " + e.getMessage() + "); accepted formats: "
                    + LabelFormat.allDescriptions(), e);
        }
    }

    /** Builds the result from the two fields a format located, attributing any error to the format. */
    static InstallCodeLabel of(LabelFormat format, String ieeeText, String codeText, CrcPolicy policy) {
        IeeeAddress ieee = parseIeeeAddress(format, ieeeText);
        try {
            return new InstallCodeLabel(format, ieee, InstallCode.parse(codeText, policy));
        } catch (InstallCodeException e) {
            throw new InstallCodeException(e.reason(), format.name() + " label " + format.description()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Not {@link IeeeAddress#parse} directly: its message quotes the text, which in a label whose fields
     * are swapped would be the install code.
     */
    private static IeeeAddress parseIeeeAddress(LabelFormat format, String text) {
        String digits;
        try {
            digits = Hex.stripSeparators(text);
        } catch (IllegalArgumentException e) {
            throw new InstallCodeException(Reason.MALFORMED_IEEE_ADDRESS,
                    format.name() + " label: IEEE address field: " + e.getMessage(), e);
        }
        if (digits.length() != 2 * IeeeAddress.LENGTH) {
            throw new InstallCodeException(Reason.MALFORMED_IEEE_ADDRESS, format.name() + " label "
                    + format.description() + ": IEEE address field has " + digits.length()
                    + " hex digits, expected 16");
        }
        return IeeeAddress.parse(digits);
    }

    static InstallCodeException unknownFormat(String problem) {
        return new InstallCodeException(Reason.UNKNOWN_LABEL_FORMAT,
                problem + " (accepted formats: " + LabelFormat.allDescriptions() + ")");
    }

    static boolean startsWithIgnoringCase(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    public LabelFormat format() {
        return format;
    }

    /** The device's IEEE address, when the format carries one (all but plain hex). */
    public Optional<IeeeAddress> ieeeAddress() {
        return Optional.ofNullable(ieeeAddress);
    }

    public InstallCode installCode() {
        return installCode;
    }

    @Override
    public String toString() {
        return "InstallCodeLabel[format=" + format + ", ieeeAddress=" + (ieeeAddress == null ? "none" : ieeeAddress)
                + ", installCode=" + installCode + "]";
    }
}
