package io.enrolgate.cli.frame;

import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.frame.ApsHeader;
import io.enrolgate.zigbee.frame.AuxSecurityHeader;
import io.enrolgate.zigbee.frame.MacAddress;
import io.enrolgate.zigbee.frame.MacHeader;
import io.enrolgate.zigbee.frame.NwkHeader;
import io.enrolgate.zigbee.frame.TransportKeyCommand;
import io.enrolgate.zigbee.transportkey.DecodedTransportKey;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of a decoded frame as an ordered name → value map: one source for both the text and the JSON
 * output of {@code frame decode}. The transported key is shown: decoding a frame with its link key is how
 * an installer or a test checks which key a device received.
 */
final class DecodedFrameReport {
    private DecodedFrameReport() {
    }

    static Map<String, Object> of(DecodedTransportKey decoded) {
        Map<String, Object> report = new LinkedHashMap<>();
        decoded.macHeader().ifPresent(mac -> report.put("mac", mac(mac)));
        report.put("nwk", nwk(decoded.nwkHeader()));
        report.put("aps", aps(decoded.apsHeader()));
        report.put("security", security(decoded.auxSecurityHeader()));
        report.put("command", command(decoded.command()));
        report.put("mic", Hex.encode(decoded.mic()));
        return report;
    }

    private static Map<String, Object> mac(MacHeader mac) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sequenceNumber", mac.sequenceNumber());
        fields.put("panId", hex4(mac.destinationPanId()));
        fields.put("destination", macAddress(mac.destinationAddress()));
        fields.put("source", macAddress(mac.sourceAddress()));
        return fields;
    }

    private static Map<String, Object> nwk(NwkHeader nwk) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("frameControl", hex4(nwk.frameControl().toBits()));
        fields.put("destination", hex4(nwk.destinationAddress()));
        fields.put("source", hex4(nwk.sourceAddress()));
        fields.put("radius", nwk.radius());
        fields.put("sequenceNumber", nwk.sequenceNumber());
        putIeee(fields, "destinationIeee", nwk.destinationIeeeAddress());
        putIeee(fields, "sourceIeee", nwk.sourceIeeeAddress());
        return fields;
    }

    private static Map<String, Object> aps(ApsHeader aps) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("frameControl", String.format(Locale.ROOT, "0x%02X", aps.frameControl().toBits()));
        fields.put("counter", aps.apsCounter());
        return fields;
    }

    private static Map<String, Object> security(AuxSecurityHeader aux) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("securityControl", String.format(Locale.ROOT, "0x%02X", aux.securityControl()));
        fields.put("keyIdentifier", aux.keyIdentifier().name());
        fields.put("frameCounter", aux.frameCounter());
        putIeee(fields, "source", aux.sourceAddress());
        return fields;
    }

    private static Map<String, Object> command(TransportKeyCommand command) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", "Transport Key");
        fields.put("keyType", String.format(Locale.ROOT, "0x%02X", command.keyType()));
        fields.put("key", command.key().toHexUnsafe());
        if (command instanceof TransportKeyCommand.NetworkKey network) {
            fields.put("keyTypeName", "standard network key");
            fields.put("keySequenceNumber", network.keySequenceNumber());
            putIeee(fields, "destination", network.destinationAddress());
            putIeee(fields, "source", network.sourceAddress());
        } else if (command instanceof TransportKeyCommand.ApplicationLinkKey application) {
            fields.put("keyTypeName", "application link key");
            putIeee(fields, "partner", application.partnerAddress());
            fields.put("initiator", application.initiator());
        } else if (command instanceof TransportKeyCommand.TrustCenterLinkKey trustCenter) {
            fields.put("keyTypeName", "Trust Center link key");
            putIeee(fields, "destination", trustCenter.destinationAddress());
            putIeee(fields, "source", trustCenter.sourceAddress());
        }
        return fields;
    }

    private static void putIeee(Map<String, Object> fields, String name, IeeeAddress address) {
        if (address != null) {
            fields.put(name, address.toDisplayHex());
        }
    }

    private static String macAddress(MacAddress address) {
        if (address instanceof MacAddress.ShortAddress shortAddress) {
            return hex4(shortAddress.value());
        }
        return address instanceof MacAddress.ExtendedAddress extended ? extended.value().toDisplayHex() : null;
    }

    private static String hex4(Integer value) {
        return value == null ? null : String.format(Locale.ROOT, "%04X", value);
    }
}
