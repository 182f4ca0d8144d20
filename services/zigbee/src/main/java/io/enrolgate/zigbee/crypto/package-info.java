/**
 * The cryptographic primitives of Zigbee security, each checked against the specification's own
 * test vectors (Zigbee specification 05-3474, Annex C):
 * <ul>
 *   <li>{@link io.enrolgate.zigbee.crypto.Crc16X25}: the CRC that protects install codes (and the
 *       UART frames of DESIGN.md §3.1);</li>
 *   <li>{@link io.enrolgate.zigbee.crypto.AesMmoHash}: the Matyas-Meyer-Oseas hash over AES-128, Annex
 *       B.6, which turns an install code into a link key;</li>
 *   <li>{@link io.enrolgate.zigbee.crypto.HmacMmo}: the keyed hash of B.1.4, and
 *       {@link io.enrolgate.zigbee.crypto.KeyDerivation}, the keys the key hierarchy of §4.5 derives from a
 *       link key;</li>
 *   <li>{@link io.enrolgate.zigbee.crypto.CcmStar} and {@link io.enrolgate.zigbee.crypto.CcmNonce}: the
 *       CCM* mode of Annex A and the 13-byte nonce (§4.5, common security elements) that every secured
 *       frame uses.</li>
 * </ul>
 * No I/O and no state: every class is a set of pure functions over byte arrays and
 * {@link io.enrolgate.zigbee.SymmetricKey}.
 */
package io.enrolgate.zigbee.crypto;
