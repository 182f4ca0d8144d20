package io.enrolgate.zigbee.transportkey;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.crypto.CcmStar;
import io.enrolgate.zigbee.crypto.KeyDerivation;
import io.enrolgate.zigbee.crypto.MicMismatchException;
import io.enrolgate.zigbee.frame.ApsFrameControl;
import io.enrolgate.zigbee.frame.ApsHeader;
import io.enrolgate.zigbee.frame.AuxSecurityHeader;
import io.enrolgate.zigbee.frame.AuxSecurityHeader.KeyIdentifier;
import io.enrolgate.zigbee.frame.ByteReader;
import io.enrolgate.zigbee.frame.FrameFormatException;
import io.enrolgate.zigbee.frame.MacDataFrame;
import io.enrolgate.zigbee.frame.NwkHeader;
import io.enrolgate.zigbee.frame.TransportKeyCommand;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The reverse of {@link TransportKeyForge}: parses a NWK frame or a whole MPDU, opens the APS Transport
 * Key command with a device's link key and returns every field. What a device does on receipt, and what
 * the tests and the {@code frame decode} command use to check our frames and real captures.
 */
public final class TransportKeyDecoder {
    private TransportKeyDecoder() {
    }

    /** Decodes a NWK frame (NWK header and APS frame), as carried in an EG Response. */
    public static DecodedTransportKey decodeNwkFrame(byte[] nwkFrame, SymmetricKey linkKey)
            throws TransportKeyException {
        Objects.requireNonNull(nwkFrame, "nwkFrame");
        return decode(Optional.empty(), nwkFrame, linkKey);
    }

    /** Decodes an MPDU (MAC header, NWK frame, FCS), as captured on air. */
    public static DecodedTransportKey decodeMpdu(byte[] mpdu, MacDataFrame.FcsCheck fcsCheck, SymmetricKey linkKey)
            throws TransportKeyException {
        Objects.requireNonNull(mpdu, "mpdu");
        MacDataFrame macFrame;
        try {
            macFrame = MacDataFrame.decode(mpdu, fcsCheck);
        } catch (FrameFormatException e) {
            throw new TransportKeyException(e);
        }
        return decode(Optional.of(macFrame.header()), macFrame.payload(), linkKey);
    }

    private static DecodedTransportKey decode(Optional<io.enrolgate.zigbee.frame.MacHeader> macHeader,
            byte[] nwkFrame, SymmetricKey linkKey) throws TransportKeyException {
        Objects.requireNonNull(linkKey, "linkKey");
        ByteReader reader = ByteReader.of(nwkFrame);
        NwkHeader nwkHeader;
        ApsHeader apsHeader;
        AuxSecurityHeader auxHeader;
        int apsStart;
        try {
            nwkHeader = NwkHeader.decode(reader);
            if (nwkHeader.frameControl().security()) {
                // A joiner has no network key yet, so its Transport Key never has NWK security.
                throw new TransportKeyException(TransportKeyException.Reason.NOT_SECURED_APS_COMMAND,
                        "the NWK frame has NWK security: a Transport Key to a joining device has none");
            }
            apsStart = reader.position();
            apsHeader = ApsHeader.decode(reader);
            if (apsHeader.frameControl().frameType() != ApsFrameControl.FrameType.COMMAND
                    || !apsHeader.frameControl().security()) {
                throw new TransportKeyException(TransportKeyException.Reason.NOT_SECURED_APS_COMMAND,
                        "the APS frame is a " + apsHeader.frameControl().frameType()
                                + (apsHeader.frameControl().security() ? "" : " without security")
                                + " frame: expected a secured APS command frame");
            }
            auxHeader = AuxSecurityHeader.decode(reader);
        } catch (FrameFormatException e) {
            throw new TransportKeyException(e);
        }
        int micLength = TransportKeyForge.SECURITY_LEVEL.micLength();
        if (reader.remaining() < micLength) {
            throw new TransportKeyException(TransportKeyException.Reason.TRUNCATED, "the secured APS payload has "
                    + reader.remaining() + " bytes at byte offset " + reader.position() + ": expected at least the "
                    + micLength + "-byte MIC");
        }
        byte[] apsHeaderBytes = Arrays.copyOfRange(nwkFrame, apsStart, apsStart + apsHeader.length());
        byte[] sealed = reader.readRemaining();
        SymmetricKey key = sealingKey(auxHeader.keyIdentifier(), linkKey);
        AuxSecurityHeader nonceHeader = withNonceSource(auxHeader, nwkHeader);
        byte[] plaintext;
        try {
            plaintext = CcmStar.open(key, TransportKeyForge.nonce(nonceHeader),
                    TransportKeyForge.authenticatedData(apsHeaderBytes, auxHeader), sealed, micLength);
        } catch (MicMismatchException e) {
            throw new TransportKeyException(TransportKeyException.Reason.MIC_FAILURE, "the MIC does not verify "
                    + "with the " + auxHeader.keyIdentifier() + " derived from the given link key: wrong link key "
                    + "(install code), or the frame was altered");
        }
        TransportKeyCommand command = decodeCommand(plaintext);
        byte[] mic = Arrays.copyOfRange(sealed, sealed.length - micLength, sealed.length);
        return new DecodedTransportKey(macHeader, nwkHeader, apsHeader, auxHeader, command, mic);
    }

    private static SymmetricKey sealingKey(KeyIdentifier keyIdentifier, SymmetricKey linkKey)
            throws TransportKeyException {
        return switch (keyIdentifier) {
            case KEY_TRANSPORT_KEY -> KeyDerivation.keyTransportKey(linkKey);
            case KEY_LOAD_KEY -> KeyDerivation.keyLoadKey(linkKey);
            case DATA_KEY -> linkKey;
            case NETWORK_KEY -> throw new TransportKeyException(TransportKeyException.Reason.UNKNOWN_KEY_ID,
                    "the frame is secured with the network key: expected the key-transport, key-load or data "
                            + "key of a link key");
        };
    }

    /**
     * The nonce needs the sender's IEEE address: from the auxiliary header (extended nonce, as Trust
     * Centers send), else from the NWK header's source IEEE field.
     */
    private static AuxSecurityHeader withNonceSource(AuxSecurityHeader auxHeader, NwkHeader nwkHeader)
            throws TransportKeyException {
        if (auxHeader.sourceAddress() != null) {
            return auxHeader;
        }
        IeeeAddress source = nwkHeader.sourceIeeeAddress();
        if (source == null) {
            throw new TransportKeyException(TransportKeyException.Reason.MALFORMED, "neither the auxiliary header "
                    + "(extended nonce) nor the NWK header carries the sender's IEEE address, which the nonce needs");
        }
        return new AuxSecurityHeader(auxHeader.securityLevel(), auxHeader.keyIdentifier(),
                auxHeader.requireVerifiedFrameCounter(), auxHeader.frameCounter(), source,
                auxHeader.keySequenceNumber());
    }

    private static TransportKeyCommand decodeCommand(byte[] plaintext) throws TransportKeyException {
        if (plaintext.length > 0 && (plaintext[0] & 0xFF) != TransportKeyCommand.APS_COMMAND_TRANSPORT_KEY) {
            throw new TransportKeyException(TransportKeyException.Reason.NOT_TRANSPORT_KEY, String.format(
                    "the decrypted APS command is 0x%02X, expected Transport Key (0x05)", plaintext[0] & 0xFF));
        }
        try {
            return TransportKeyCommand.decode(plaintext);
        } catch (FrameFormatException e) {
            throw new TransportKeyException(e);
        }
    }
}
