/*
 * ZEP v2 (ZigBee Encapsulation Protocol) codec: the envelope in which the simulated radio medium
 * carries one IEEE 802.15.4 PSDU per UDP datagram. Wireshark decodes it natively on UDP port 17754.
 *
 * ZEP v2 data packet (all multi-byte fields big-endian):
 *   "EX" | version=2 | type=1 (data) | channel | device id (2) | LQI/CRC mode | LQI |
 *   NTP timestamp (8: seconds since 1900, 2^-32 fractions) | sequence (4) | reserved (10) |
 *   length (1, low 7 bits) | PSDU (length bytes)
 * We always send CRC mode (1): the last two PSDU bytes are the real 802.15.4 FCS, so Wireshark
 * checks it. In LQI mode they would be the TI CC24xx RSSI/LQI trailer instead.
 *
 * Pure functions, no I/O: testable on any input.
 */
#ifndef EG_ZEP_H
#define EG_ZEP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZEP_DEFAULT_PORT 17754u
#define ZEP_V2_HEADER_LEN 32u
#define ZEP_V2_ACK_LEN 8u
#define ZEP_V2_TYPE_DATA 1u
#define ZEP_V2_TYPE_ACK 2u
#define ZEP_MODE_LQI 0u
#define ZEP_MODE_CRC 1u
/* aMaxPHYPacketSize of IEEE 802.15.4: the PSDU (MPDU including its 2-byte FCS) is at most 127. */
#define ZEP_MAX_PSDU 127u
/* The smallest meaningful PSDU: a frame with nothing but its FCS would still be 2 bytes. */
#define ZEP_MIN_PSDU 2u
#define ZEP_MAX_PACKET (ZEP_V2_HEADER_LEN + ZEP_MAX_PSDU)
/* Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
#define ZEP_NTP_UNIX_OFFSET 2208988800u

typedef struct zep_data_header {
    uint8_t channel;      /* IEEE 802.15.4 channel 11..26 (the medium filters on it) */
    uint16_t device_id;   /* sender's id, informational (we use the low 16 bits of its IEEE) */
    uint8_t mode;         /* ZEP_MODE_CRC or ZEP_MODE_LQI */
    uint8_t lqi;          /* link quality; 255 on our perfect medium */
    uint32_t ntp_seconds; /* transmit time, NTP era 0 */
    uint32_t ntp_fraction;
    uint32_t sequence;    /* per-sender packet counter */
} zep_data_header;

typedef enum zep_status {
    ZEP_OK = 0,
    ZEP_ERR_TOO_SHORT,      /* fewer bytes than the header it claims */
    ZEP_ERR_PREAMBLE,       /* does not start with "EX" */
    ZEP_ERR_VERSION,        /* version other than 2 (v1 is not produced by anyone we talk to) */
    ZEP_ERR_TYPE,           /* unknown type */
    ZEP_ERR_ACK,            /* a well-formed ZEP ack: valid, but carries no PSDU */
    ZEP_ERR_LENGTH          /* PSDU length outside 2..127 or not equal to the bytes that follow */
} zep_status;

/* Encodes a data packet into out (capacity out_cap, needs ZEP_V2_HEADER_LEN + psdu_len).
 * Returns the packet length, or 0 if psdu_len is outside ZEP_MIN_PSDU..ZEP_MAX_PSDU or out is too small. */
size_t zep_encode_data(const zep_data_header *hdr, const uint8_t *psdu, size_t psdu_len,
                       uint8_t *out, size_t out_cap);

/* Decodes a ZEP v2 packet. On ZEP_OK, *psdu points into packet and *psdu_len is its length.
 * Trailing bytes after the PSDU are refused (ZEP_ERR_LENGTH): a sender that pads is broken. */
zep_status zep_decode(const uint8_t *packet, size_t packet_len, zep_data_header *hdr,
                      const uint8_t **psdu, size_t *psdu_len);

const char *zep_status_name(zep_status status);

#ifdef __cplusplus
}
#endif

#endif
