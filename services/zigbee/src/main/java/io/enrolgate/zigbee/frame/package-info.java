/**
 * Encoders and decoders for the frame structures an enrolment puts on air: the IEEE 802.15.4 MAC
 * header and FCS ({@link io.enrolgate.zigbee.frame.MacHeader}, {@link io.enrolgate.zigbee.frame.MacFcs},
 * {@link io.enrolgate.zigbee.frame.MacDataFrame}), the Zigbee NWK header
 * ({@link io.enrolgate.zigbee.frame.NwkHeader}), the APS header
 * ({@link io.enrolgate.zigbee.frame.ApsHeader}), the auxiliary security header
 * ({@link io.enrolgate.zigbee.frame.AuxSecurityHeader}) and the APS Transport Key command
 * ({@link io.enrolgate.zigbee.frame.TransportKeyCommand}).
 *
 * <p>One class per structure, each an immutable record with {@code encode} and {@code decode}.
 * Constructors hold the rules of the specifications (which optional fields go with which flags,
 * value ranges) and throw {@link java.lang.IllegalArgumentException}; decoders throw only
 * {@link io.enrolgate.zigbee.frame.FrameFormatException}, whose reason, field and byte offset say
 * what was wrong, so bytes from the network cannot make a service fail in any other way.
 * Headers decode from a {@link io.enrolgate.zigbee.frame.ByteReader} and leave it on what follows,
 * so that a frame is read layer after layer:
 *
 * <pre>{@code
 * ByteReader reader = ByteReader.of(nwkFrame);
 * NwkHeader nwk = NwkHeader.decode(reader);
 * ApsHeader aps = ApsHeader.decode(reader);
 * AuxSecurityHeader aux = AuxSecurityHeader.decode(reader);
 * byte[] encryptedPayloadAndMic = reader.readRemaining();
 * }</pre>
 *
 * <p>No cryptography here: sealing and opening the payload belong to {@code io.enrolgate.zigbee.crypto}.
 * Multi-byte fields are little-endian on air; IEEE addresses are {@link io.enrolgate.zigbee.IeeeAddress}
 * values (display order) and keys are {@link io.enrolgate.zigbee.SymmetricKey}, which never prints its bytes.
 */
package io.enrolgate.zigbee.frame;
