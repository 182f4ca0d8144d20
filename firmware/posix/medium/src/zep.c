/* ZEP v2 codec; see zep.h for the layout and why CRC mode. */
#include "zep.h"

#include <string.h>

static void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint16_t get_be16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

static uint32_t get_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

size_t zep_encode_data(const zep_data_header *hdr, const uint8_t *psdu, size_t psdu_len,
                       uint8_t *out, size_t out_cap)
{
    if (psdu_len < ZEP_MIN_PSDU || psdu_len > ZEP_MAX_PSDU) {
        return 0;
    }
    if (out_cap < ZEP_V2_HEADER_LEN + psdu_len) {
        return 0;
    }
    out[0] = 'E';
    out[1] = 'X';
    out[2] = 2;
    out[3] = ZEP_V2_TYPE_DATA;
    out[4] = hdr->channel;
    put_be16(&out[5], hdr->device_id);
    out[7] = hdr->mode;
    out[8] = hdr->lqi;
    put_be32(&out[9], hdr->ntp_seconds);
    put_be32(&out[13], hdr->ntp_fraction);
    put_be32(&out[17], hdr->sequence);
    memset(&out[21], 0, 10); /* reserved */
    out[31] = (uint8_t)psdu_len;
    memcpy(&out[ZEP_V2_HEADER_LEN], psdu, psdu_len);
    return ZEP_V2_HEADER_LEN + psdu_len;
}

zep_status zep_decode(const uint8_t *packet, size_t packet_len, zep_data_header *hdr,
                      const uint8_t **psdu, size_t *psdu_len)
{
    if (packet_len < 4) {
        return ZEP_ERR_TOO_SHORT;
    }
    if (packet[0] != 'E' || packet[1] != 'X') {
        return ZEP_ERR_PREAMBLE;
    }
    if (packet[2] != 2) {
        return ZEP_ERR_VERSION;
    }
    if (packet[3] == ZEP_V2_TYPE_ACK) {
        /* An ack is preamble, version, type and a 4-byte sequence: exactly 8 bytes. */
        return packet_len == ZEP_V2_ACK_LEN ? ZEP_ERR_ACK : ZEP_ERR_LENGTH;
    }
    if (packet[3] != ZEP_V2_TYPE_DATA) {
        return ZEP_ERR_TYPE;
    }
    if (packet_len < ZEP_V2_HEADER_LEN) {
        return ZEP_ERR_TOO_SHORT;
    }
    /* Bit 7 of the length byte is reserved (Wireshark masks it with 0x7F); the PSDU is at most 127. */
    size_t len = packet[31] & 0x7Fu;
    if (len < ZEP_MIN_PSDU || packet_len != ZEP_V2_HEADER_LEN + len) {
        return ZEP_ERR_LENGTH;
    }
    hdr->channel = packet[4];
    hdr->device_id = get_be16(&packet[5]);
    hdr->mode = packet[7];
    hdr->lqi = packet[8];
    hdr->ntp_seconds = get_be32(&packet[9]);
    hdr->ntp_fraction = get_be32(&packet[13]);
    hdr->sequence = get_be32(&packet[17]);
    *psdu = &packet[ZEP_V2_HEADER_LEN];
    *psdu_len = len;
    return ZEP_OK;
}

const char *zep_status_name(zep_status status)
{
    switch (status) {
    case ZEP_OK: return "ok";
    case ZEP_ERR_TOO_SHORT: return "too short";
    case ZEP_ERR_PREAMBLE: return "bad preamble";
    case ZEP_ERR_VERSION: return "unsupported version";
    case ZEP_ERR_TYPE: return "unknown type";
    case ZEP_ERR_ACK: return "ack (no PSDU)";
    case ZEP_ERR_LENGTH: return "bad length";
    }
    return "unknown status";
}
