/* Bitwise CRC-16 (reflected 0x1021). A 512-byte table would be faster, but frames are at most a
 * few hundred bytes at 115200 baud or 250 kbit/s, and flash is worth more than those cycles. */
#include "eg_crc.h"

static uint16_t crc16_reflected(uint16_t crc, const uint8_t *data, size_t len)
{
    size_t i;
    int bit;
    for (i = 0; i < len; i++) {
        crc ^= data[i];
        for (bit = 0; bit < 8; bit++) {
            crc = (crc & 1u) ? (uint16_t)((crc >> 1) ^ 0x8408u) : (uint16_t)(crc >> 1);
        }
    }
    return crc;
}

uint16_t eg_crc16_kermit(const uint8_t *data, size_t len)
{
    return crc16_reflected(0x0000u, data, len);
}

uint16_t eg_crc16_x25(const uint8_t *data, size_t len)
{
    return (uint16_t)(crc16_reflected(0xFFFFu, data, len) ^ 0xFFFFu);
}
