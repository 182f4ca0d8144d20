package io.enrolgate.zigbee.transportkey;

import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.crypto.CcmNonce;
import io.enrolgate.zigbee.crypto.CcmStar;
import io.enrolgate.zigbee.crypto.KeyDerivation;
import io.enrolgate.zigbee.frame.ApsHeader;
import io.enrolgate.zigbee.frame.AuxSecurityHeader;
import io.enrolgate.zigbee.frame.AuxSecurityHeader.SecurityLevel;
import io.enrolgate.zigbee.frame.ByteWriter;
import io.enrolgate.zigbee.frame.MacAddress;
import io.enrolgate.zigbee.frame.MacDataFrame;
import io.enrolgate.zigbee.frame.MacHeader;
import io.enrolgate.zigbee.frame.NwkHeader;
import io.enrolgate.zigbee.frame.TransportKeyCommand;
import java.util.Objects;

/**
 * Forges the frame a Trust Center sends a joining device: a NWK data frame (no NWK security: the device
 * has no network key yet) carrying an APS Transport Key command that holds the network key, sealed with
 * CCM* under the key-transport key derived from the device's link key (DESIGN.md §4).
 *
 * <p>The layout, byte for byte as real Trust Centers send it: NWK header; APS frame control 0x21 and APS
 * counter; auxiliary header 0x30 (level bits 000 on air, key-transport key, extended nonce), frame counter,
 * Trust Center IEEE; then the 35-byte command encrypted and a 4-byte MIC. The nonce and the authenticated
 * data use security level 5, which is why the on-air header and the authenticated header differ.
 */
public final class TransportKeyForge {
    /** Zigbee PRO's nwkSecurityLevel: encryption with a 32-bit MIC; on air the level bits read 000. */
    public static final SecurityLevel SECURITY_LEVEL = SecurityLevel.ENC_MIC_32;

    private TransportKeyForge() {
    }

    /**
     * The NWK frame (NWK header and secured APS frame), ready to be put in a MAC data frame.
     *
     * @param keyTransportKey HMAC-MMO(link key, 0x00), see {@link KeyDerivation#keyTransportKey}; passed in
     *     so that a caller sending many frames to one device derives it once
     */
    public static byte[] forge(TransportKeyParameters parameters, SymmetricKey keyTransportKey) {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(keyTransportKey, "keyTransportKey");
        NwkHeader nwkHeader = nwkHeader(parameters);
        byte[] apsFrame = apsFrame(parameters, keyTransportKey);
        ByteWriter writer = new ByteWriter(nwkHeader.length() + apsFrame.length);
        nwkHeader.encode(writer);
        writer.writeBytes(apsFrame);
        return writer.toByteArray();
    }

    /** As {@link #forge}, deriving the key-transport key from the link key. */
    public static byte[] forgeWithLinkKey(TransportKeyParameters parameters, SymmetricKey linkKey) {
        return forge(parameters, KeyDerivation.keyTransportKey(linkKey));
    }

    /**
     * The secured APS frame alone: APS header, auxiliary header, encrypted command and MIC. This is the part
     * a gateway must not be able to read or alter; the NWK header around it is not authenticated.
     */
    public static byte[] apsFrame(TransportKeyParameters parameters, SymmetricKey keyTransportKey) {
        ApsHeader apsHeader = ApsHeader.command(parameters.apsCounter(), true, false);
        AuxSecurityHeader auxHeader =
                AuxSecurityHeader.forTransportKey(parameters.apsFrameCounter(), parameters.trustCenterIeee());
        TransportKeyCommand command = new TransportKeyCommand.NetworkKey(parameters.networkKey(),
                parameters.keySequence(), parameters.deviceIeee(), parameters.trustCenterIeee());

        byte[] apsHeaderBytes = apsHeader.encode();
        byte[] sealed = CcmStar.seal(keyTransportKey, nonce(auxHeader),
                authenticatedData(apsHeaderBytes, auxHeader), command.encode(), SECURITY_LEVEL.micLength());

        ByteWriter writer = new ByteWriter(apsHeaderBytes.length + auxHeader.length() + sealed.length);
        writer.writeBytes(apsHeaderBytes);
        auxHeader.encode(writer);
        writer.writeBytes(sealed);
        return writer.toByteArray();
    }

    /**
     * The frame as the gateway puts it on air: an intra-PAN MAC data frame from the coordinator's short
     * address to the device's, acknowledged, with its FCS.
     */
    public static byte[] forgeMpdu(TransportKeyParameters parameters, SymmetricKey keyTransportKey, int panId,
            int macSequenceNumber) {
        MacHeader macHeader = MacHeader.dataFrame(macSequenceNumber, panId,
                new MacAddress.ShortAddress(parameters.deviceShort()),
                new MacAddress.ShortAddress(parameters.trustCenterShort()), true);
        return new MacDataFrame(macHeader, forge(parameters, keyTransportKey)).encode();
    }

    static NwkHeader nwkHeader(TransportKeyParameters parameters) {
        NwkHeader.Builder builder = NwkHeader.builder()
                .destinationAddress(parameters.deviceShort())
                .sourceAddress(parameters.trustCenterShort())
                .radius(parameters.radius())
                .sequenceNumber(parameters.nwkSequence());
        if (parameters.nwkIeeeFields().destination()) {
            builder.destinationIeeeAddress(parameters.deviceIeee());
        }
        if (parameters.nwkIeeeFields().source()) {
            builder.sourceIeeeAddress(parameters.trustCenterIeee());
        }
        return builder.build();
    }

    /** Source IEEE, frame counter and the security control byte with the real level (spec 4.5.2.2). */
    static byte[] nonce(AuxSecurityHeader auxHeader) {
        return CcmNonce.build(auxHeader.sourceAddress(), auxHeader.frameCounter(),
                auxHeader.withSecurityLevel(SECURITY_LEVEL).securityControl());
    }

    /** a = APS header ‖ auxiliary header with the real security level (spec 4.4.1.1). */
    static byte[] authenticatedData(byte[] apsHeaderBytes, AuxSecurityHeader auxHeader) {
        byte[] auxBytes = auxHeader.encodeWithSecurityLevel(SECURITY_LEVEL);
        byte[] a = new byte[apsHeaderBytes.length + auxBytes.length];
        System.arraycopy(apsHeaderBytes, 0, a, 0, apsHeaderBytes.length);
        System.arraycopy(auxBytes, 0, a, apsHeaderBytes.length, auxBytes.length);
        return a;
    }
}
