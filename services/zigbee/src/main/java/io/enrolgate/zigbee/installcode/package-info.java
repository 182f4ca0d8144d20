/**
 * Install codes: the per-device secret, printed on the device's label, from which the trust center
 * and the device both derive the device's unique link key. The format (code and CRC) is the one of
 * the Zigbee Base Device Behavior and Smart Energy specifications; the derivation is the AES-MMO hash
 * of the Zigbee specification, Annex B.6.
 * <ul>
 *   <li>{@link io.enrolgate.zigbee.installcode.InstallCode}: 6, 8, 12 or 16 code bytes followed by their
 *       CRC-16/X.25, little-endian; parsing from hex, CRC checking, and the link key;</li>
 *   <li>{@link io.enrolgate.zigbee.installcode.InstallCodeLabel}: the text of a label or QR code, in the
 *       formats manufacturers print, as an optional IEEE address and an install code.</li>
 * </ul>
 * An install code is a secret: nothing here puts its value in {@code toString()} or in an exception
 * message.
 */
package io.enrolgate.zigbee.installcode;
