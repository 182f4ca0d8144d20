/* HDLC-lite framing (see eg_hdlc.h). */
#include "eg_hdlc.h"

#include <string.h>

#include "eg_crc.h"

static bool needs_escape(uint8_t b)
{
    return b == EG_HDLC_FLAG || b == EG_HDLC_ESCAPE;
}

/* Appends one byte, escaped if needed. Returns false when out is full. */
static bool put_escaped(uint8_t b, uint8_t *out, size_t cap, size_t *pos)
{
    if (needs_escape(b)) {
        if (cap - *pos < 2u) {
            return false;
        }
        out[(*pos)++] = EG_HDLC_ESCAPE;
        out[(*pos)++] = (uint8_t)(b ^ EG_HDLC_ESCAPE_XOR);
        return true;
    }
    if (cap - *pos < 1u) {
        return false;
    }
    out[(*pos)++] = b;
    return true;
}

size_t eg_hdlc_encode(const uint8_t *payload, size_t len, uint8_t *out, size_t cap)
{
    size_t pos = 0, i;
    uint16_t fcs;

    if (payload == NULL || out == NULL || len == 0u || len > EG_HDLC_MAX_PAYLOAD || cap < 2u) {
        return 0;
    }
    fcs = eg_crc16_x25(payload, len);
    out[pos++] = EG_HDLC_FLAG;
    for (i = 0; i < len; i++) {
        if (!put_escaped(payload[i], out, cap, &pos)) {
            return 0;
        }
    }
    if (!put_escaped((uint8_t)fcs, out, cap, &pos) ||
        !put_escaped((uint8_t)(fcs >> 8), out, cap, &pos) || pos >= cap) {
        return 0;
    }
    out[pos++] = EG_HDLC_FLAG;
    return pos;
}

void eg_hdlc_decoder_init(eg_hdlc_decoder *decoder)
{
    memset(decoder, 0, sizeof(*decoder));
    /* Until the first flag we do not know where a frame starts: hunt for it. */
    decoder->overflowed = true;
}

/* A flag ends the frame in progress; returns true if it was a good one. */
static bool end_frame(eg_hdlc_decoder *d, const uint8_t **payload, size_t *len)
{
    size_t n = d->len;
    bool hunting = d->overflowed, escaped = d->escaped;
    uint16_t fcs;

    d->len = 0;
    d->escaped = false;
    d->overflowed = false;
    if (hunting || n == 0u) {
        return false; /* resynchronised, or an empty frame between two flags */
    }
    if (escaped) {
        d->counters.aborts++; /* 0x7D 0x7E: the sender abandoned the frame */
        return false;
    }
    if (n <= EG_HDLC_FCS_LEN) {
        d->counters.too_short++;
        return false;
    }
    n -= EG_HDLC_FCS_LEN;
    fcs = (uint16_t)(d->buf[n] | (d->buf[n + 1u] << 8));
    if (eg_crc16_x25(d->buf, n) != fcs) {
        d->counters.fcs_errors++;
        return false;
    }
    d->counters.frames++;
    *payload = d->buf;
    *len = n;
    return true;
}

bool eg_hdlc_decoder_push(eg_hdlc_decoder *d, uint8_t byte, const uint8_t **payload,
                          size_t *len)
{
    if (byte == EG_HDLC_FLAG) {
        return end_frame(d, payload, len);
    }
    if (d->overflowed) {
        return false;
    }
    if (byte == EG_HDLC_ESCAPE && !d->escaped) {
        d->escaped = true;
        return false;
    }
    if (d->escaped) {
        byte ^= EG_HDLC_ESCAPE_XOR;
        d->escaped = false;
    }
    if (d->len >= sizeof(d->buf)) {
        d->counters.overflows++;
        d->overflowed = true; /* drop the rest of this frame; the next flag resynchronises */
        return false;
    }
    d->buf[d->len++] = byte;
    return false;
}
