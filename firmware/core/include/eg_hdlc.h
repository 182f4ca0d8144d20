/*
 * HDLC-lite framing of the UART link (DESIGN.md §3.1; RFC 1662 byte stuffing, as Spinel uses it):
 *   0x7E | escaped(payload | FCS-16 little-endian) | 0x7E
 * where FCS-16 is CRC-16/X.25 over the unescaped payload, and escaping replaces 0x7E and 0x7D by
 * 0x7D followed by the byte XOR 0x20. The decoder un-escapes any byte after 0x7D (so a peer that
 * also escapes 0x11/0x13 is understood), treats 0x7D 0x7E as an abort, ignores empty frames
 * (back-to-back flags), and counts and drops frames with a bad FCS or too long for its buffer.
 */
#ifndef EG_HDLC_H
#define EG_HDLC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EG_HDLC_FLAG 0x7Eu
#define EG_HDLC_ESCAPE 0x7Du
#define EG_HDLC_ESCAPE_XOR 0x20u
#define EG_HDLC_FCS_LEN 2u

/* Largest unescaped payload (message type byte + protobuf) either side may send. Bounded by the
 * largest EG Response (about 150 bytes) plus room for a long rejection text that we skip. */
#ifndef EG_HDLC_MAX_PAYLOAD
#define EG_HDLC_MAX_PAYLOAD 384u
#endif

/* Worst case encoded size of a payload of n bytes: every byte escaped, plus two flags. */
#define EG_HDLC_ENCODED_MAX(n) (2u * ((n) + EG_HDLC_FCS_LEN) + 2u)

typedef struct eg_hdlc_counters {
    uint32_t frames;      /* good frames delivered */
    uint32_t fcs_errors;  /* complete frames whose FCS did not match */
    uint32_t too_short;   /* non-empty frames shorter than the FCS itself */
    uint32_t overflows;   /* frames longer than EG_HDLC_MAX_PAYLOAD */
    uint32_t aborts;      /* 0x7D 0x7E sequences */
} eg_hdlc_counters;

typedef struct eg_hdlc_decoder {
    uint8_t buf[EG_HDLC_MAX_PAYLOAD + EG_HDLC_FCS_LEN];
    size_t len;
    bool escaped;
    bool overflowed; /* discard until the next flag */
    eg_hdlc_counters counters;
} eg_hdlc_decoder;

/* Encodes payload into out. Returns the number of bytes written, or 0 if len is 0, larger than
 * EG_HDLC_MAX_PAYLOAD, or out (capacity cap) is too small. */
size_t eg_hdlc_encode(const uint8_t *payload, size_t len, uint8_t *out, size_t cap);

void eg_hdlc_decoder_init(eg_hdlc_decoder *decoder);

/* Feeds one received byte. Returns true when it completed a good frame: then *payload and *len
 * describe it (valid until the next call). Bytes before the first flag are discarded, so a
 * decoder started in the middle of a frame resynchronises on the next flag. */
bool eg_hdlc_decoder_push(eg_hdlc_decoder *decoder, uint8_t byte, const uint8_t **payload,
                          size_t *len);

#ifdef __cplusplus
}
#endif

#endif
