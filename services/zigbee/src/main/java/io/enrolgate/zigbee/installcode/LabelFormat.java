package io.enrolgate.zigbee.installcode;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The label and QR-code texts {@link InstallCodeLabel} reads. Every format gives the code followed
 * by its CRC, in written order, except the 91-character Bosch form, which gives a 16-byte code alone.
 */
public enum LabelFormat {
    PLAIN_HEX("<code> (hex; spaces, colons or dashes allowed)"),
    ZIGBEE_FIELDS("Z:<ieee>$I:<code> or Z$A:<ieee>$I:<code>, possibly among other $- or %-separated"
            + " fields (Ubisys, Danfoss, Inovelli, Ledvance)"),
    AQARA("G$M:...$A:<ieee>$I:<code>, the A: field possibly in a %Z group (Aqara)"),
    PIPE("<ieee>|<code> or |<ieee>|<code>|"),
    HUE("HUE:Z:<code> M:<ieee>, possibly followed by other space-separated fields (Philips Hue)"),
    BOSCH("<40 characters><ieee>DLK<code>, 91 or 95 characters in all (Bosch)");

    private final String description;

    LabelFormat(String description) {
        this.description = description;
    }

    /** The format's layout as a person would type it, e.g. {@code <ieee>|<code>}. */
    public String description() {
        return description;
    }

    /** Every format's description, for messages that must say what is accepted. */
    static String allDescriptions() {
        return Arrays.stream(values()).map(LabelFormat::description).collect(Collectors.joining("; "));
    }
}
