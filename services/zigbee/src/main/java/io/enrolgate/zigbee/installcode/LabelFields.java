package io.enrolgate.zigbee.installcode;

/**
 * The field-structured labels: groups separated by '%', fields within a group separated by '$',
 * each field a one-letter tag, ':' and a value; a bare letter names its group. The install code is the
 * I: field, and the IEEE address is in the same group, either as a Z: field (Ubisys, Danfoss,
 * Inovelli, Ledvance) or as an A: field (Aqara, in a Z group or in the G group). Everything else is
 * ignored: G: model and serial fields, M: the Zigbee manufacturer code (0x1246 Danfoss, 0x10F2 ubisys).
 *
 * <p>Examples: {@code Z:0102030405060708$I:<code>%G$M:S1-R%M:10F2},
 * {@code G$M:69775$S:680S00003915$D:0000000017B2335C%Z$A:54EF44100006E7DF$I:<code>}.
 */
final class LabelFields {
    private final LabelFormat format;
    private final String ieeeText;
    private final String codeText;

    private LabelFields(LabelFormat format, String ieeeText, String codeText) {
        this.format = format;
        this.ieeeText = ieeeText;
        this.codeText = codeText;
    }

    /** Finds the one group with an install code field, and the IEEE address beside it. */
    static LabelFields parse(String label) {
        // Aqara's labels open with a general group (G) and give the address as an A: field.
        boolean aqaraLayout = InstallCodeLabel.startsWithIgnoringCase(label, "G$");
        LabelFields found = null;
        for (String group : label.split("%", -1)) {
            LabelFields candidate = parseGroup(group, aqaraLayout);
            if (candidate == null) {
                continue;
            }
            if (found != null) {
                throw InstallCodeLabel.unknownFormat("the label has more than one install code field (I:)");
            }
            found = candidate;
        }
        if (found == null) {
            throw InstallCodeLabel.unknownFormat("the label has $-separated fields but no install code field (I:)");
        }
        return found;
    }

    private static LabelFields parseGroup(String group, boolean aqaraLayout) {
        String codeText = null;
        String ieeeTag = null;
        String ieeeText = null;
        for (String field : group.split("\\$", -1)) {
            String trimmed = field.strip();
            String tag = tagOf(trimmed);
            if ("I".equals(tag)) {
                if (codeText != null) {
                    throw InstallCodeLabel.unknownFormat("the label has more than one install code field (I:)");
                }
                codeText = trimmed.substring(2);
            } else if ("Z".equals(tag) || "A".equals(tag)) {
                if (ieeeText != null) {
                    throw InstallCodeLabel.unknownFormat("the label's Zigbee group has two IEEE address fields ("
                            + ieeeTag + ": and " + tag + ":)");
                }
                ieeeTag = tag;
                ieeeText = trimmed.substring(2);
            }
        }
        if (codeText == null) {
            return null;
        }
        if (ieeeText == null) {
            throw InstallCodeLabel.unknownFormat("the label's install code field (I:) has no IEEE address field"
                    + " (Z: or A:) in its group");
        }
        LabelFormat format = aqaraLayout && "A".equals(ieeeTag) ? LabelFormat.AQARA : LabelFormat.ZIGBEE_FIELDS;
        return new LabelFields(format, ieeeText, codeText);
    }

    /** The upper-case tag of a "T:value" field, or null for a bare group letter or anything else. */
    private static String tagOf(String field) {
        if (field.length() >= 2 && field.charAt(1) == ':' && Character.isLetter(field.charAt(0))) {
            return String.valueOf(Character.toUpperCase(field.charAt(0)));
        }
        return null;
    }

    InstallCodeLabel toLabel(CrcPolicy policy) {
        return InstallCodeLabel.of(format, ieeeText, codeText, policy);
    }
}
