/*
 * The two CRC-16 variants of the gateway. Both use the reflected CCITT polynomial 0x1021 (0x8408
 * reflected) and differ only in preset and final XOR:
 *   - CRC-16/KERMIT: the IEEE 802.15.4 FCS (init 0x0000, no final XOR), appended little-endian.
 *   - CRC-16/X.25:   the UART link (HDLC FCS-16) and Zigbee install codes (init 0xFFFF, final XOR
 *                    0xFFFF), appended little-endian.
 * Check values over ASCII "123456789": KERMIT 0x2189, X.25 0x906E.
 */
#ifndef EG_CRC_H
#define EG_CRC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

uint16_t eg_crc16_kermit(const uint8_t *data, size_t len);
uint16_t eg_crc16_x25(const uint8_t *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif
