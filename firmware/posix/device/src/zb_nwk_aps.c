/* NWK/APS framing and security of a joining device; see zb_nwk_aps.h. */
#include "zb_nwk_aps.h"

#include <string.h>

static uint16_t get_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t get_le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

static void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static void put_le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

zb_frame_status zb_nwk_parse_header(const uint8_t *frame, size_t len, zb_nwk_header *out)
{
    memset(out, 0, sizeof *out);
    if (len < 8) {
        return ZB_FRAME_TRUNCATED;
    }
    uint16_t fc = get_le16(frame);
    out->frame_control = fc;
    uint8_t type = (uint8_t)(fc & ZB_NWK_FC_FRAME_TYPE_MASK);
    if (type == 2) {
        return ZB_FRAME_MALFORMED; /* reserved frame type */
    }
    out->dst_short = get_le16(&frame[2]);
    out->src_short = get_le16(&frame[4]);
    out->radius = frame[6];
    out->seq = frame[7];
    size_t pos = 8;
    if (fc & ZB_NWK_FC_DST_IEEE) {
        if (len < pos + 8) {
            return ZB_FRAME_TRUNCATED;
        }
        out->dst_ieee = get_le64(&frame[pos]);
        pos += 8;
    }
    if (fc & ZB_NWK_FC_SRC_IEEE) {
        if (len < pos + 8) {
            return ZB_FRAME_TRUNCATED;
        }
        out->src_ieee = get_le64(&frame[pos]);
        pos += 8;
    }
    if (fc & ZB_NWK_FC_MULTICAST) {
        if (len < pos + 1) {
            return ZB_FRAME_TRUNCATED;
        }
        pos += 1; /* multicast control */
    }
    if (fc & ZB_NWK_FC_SOURCE_ROUTE) {
        if (len < pos + 2) {
            return ZB_FRAME_TRUNCATED;
        }
        size_t relay_count = frame[pos];
        if (frame[pos + 1] >= relay_count && relay_count > 0) {
            return ZB_FRAME_MALFORMED; /* relay index points past the relay list */
        }
        pos += 2;
        if (len < pos + 2 * relay_count) {
            return ZB_FRAME_TRUNCATED;
        }
        pos += 2 * relay_count;
    }
    out->header_len = pos;
    return ZB_FRAME_OK;
}

zb_frame_status zb_aux_header_parse(const uint8_t *buf, size_t len, zb_aux_header *out)
{
    memset(out, 0, sizeof *out);
    if (len < 5) {
        return ZB_FRAME_TRUNCATED;
    }
    uint8_t sc = buf[0];
    if (sc & 0xC0u) {
        return ZB_FRAME_MALFORMED; /* reserved bits */
    }
    out->security_control = sc;
    out->frame_counter = get_le32(&buf[1]);
    size_t pos = 5;
    if (sc & ZB_SEC_EXTENDED_NONCE) {
        if (len < pos + 8) {
            return ZB_FRAME_TRUNCATED;
        }
        out->source_ieee = get_le64(&buf[pos]);
        pos += 8;
    }
    if (((sc & ZB_SEC_KEY_ID_MASK) >> ZB_SEC_KEY_ID_SHIFT) == ZB_SEC_KEY_ID_NETWORK) {
        if (len < pos + 1) {
            return ZB_FRAME_TRUNCATED;
        }
        out->key_seq = buf[pos];
        pos += 1;
    }
    out->len = pos;
    return ZB_FRAME_OK;
}

static uint8_t key_id_of(uint8_t security_control)
{
    return (uint8_t)((security_control & ZB_SEC_KEY_ID_MASK) >> ZB_SEC_KEY_ID_SHIFT);
}

/* Nonce (spec 4.5.2.2): source IEEE (LE) ‖ frame counter (LE) ‖ security control with level 5. */
static void make_nonce(const zb_aux_header *aux, uint8_t nonce[ZB_NONCE_LEN])
{
    put_le64(&nonce[0], aux->source_ieee);
    put_le32(&nonce[8], aux->frame_counter);
    nonce[12] = (uint8_t)((aux->security_control & ~ZB_SEC_LEVEL_MASK) | ZB_SEC_LEVEL_ENC_MIC_32);
}

/* Decrypts what follows header+aux in frame: a = frame[0 .. header_len + aux_len) with the level
 * bits of the security control (at frame[header_len]) set to 5. */
static zb_frame_status open_secured(const uint8_t *frame, size_t len, size_t header_len,
                                    const zb_aux_header *aux, const uint8_t key[ZB_KEY_LEN],
                                    uint8_t *plain, size_t cap, size_t *plain_len)
{
    size_t a_len = header_len + aux->len;
    if (len < a_len + ZB_MIC_LEN) {
        return ZB_FRAME_TRUNCATED;
    }
    size_t c_len = len - a_len;
    if (c_len - ZB_MIC_LEN > cap) {
        return ZB_FRAME_BUFFER;
    }
    uint8_t a[128];
    if (a_len > sizeof a) {
        return ZB_FRAME_MALFORMED;
    }
    memcpy(a, frame, a_len);
    a[header_len] = (uint8_t)((a[header_len] & ~ZB_SEC_LEVEL_MASK) | ZB_SEC_LEVEL_ENC_MIC_32);
    uint8_t nonce[ZB_NONCE_LEN];
    make_nonce(aux, nonce);
    zb_crypto_status st = zb_ccm_star_decrypt(key, nonce, a, a_len, frame + a_len, c_len, ZB_MIC_LEN, plain);
    if (st == ZB_CRYPTO_MIC_FAILURE) {
        return ZB_FRAME_MIC_FAILURE;
    }
    if (st != ZB_CRYPTO_OK) {
        return ZB_FRAME_CRYPTO_ERROR;
    }
    *plain_len = c_len - ZB_MIC_LEN;
    return ZB_FRAME_OK;
}

/* The APS command frame header in front of a Transport Key: frame control and APS counter only. */
static zb_frame_status check_aps_command_header(uint8_t fc)
{
    uint8_t type = fc & 0x03u;
    uint8_t delivery = (fc >> 2) & 0x03u;
    if (type != ZB_APS_FRAME_TYPE_COMMAND) {
        return ZB_FRAME_UNSUPPORTED;
    }
    if (delivery == 1 || delivery == 3) {
        return ZB_FRAME_MALFORMED; /* reserved, and group delivery has no meaning for commands */
    }
    if (delivery != 0 || (fc & ZB_APS_FC_EXTENDED_HEADER)) {
        return ZB_FRAME_UNSUPPORTED; /* a joiner's key arrives unicast, unfragmented */
    }
    if (!(fc & ZB_APS_FC_SECURITY)) {
        return ZB_FRAME_UNSUPPORTED; /* we never accept a key in clear */
    }
    return ZB_FRAME_OK;
}

zb_frame_status zb_transport_key_open(const uint8_t *nwk_frame, size_t len,
                                      const uint8_t key_transport_key[ZB_KEY_LEN], uint64_t own_ieee,
                                      zb_transport_key *out)
{
    memset(out, 0, sizeof *out);
    zb_nwk_header nwk;
    zb_frame_status st = zb_nwk_parse_header(nwk_frame, len, &nwk);
    if (st != ZB_FRAME_OK) {
        return st;
    }
    uint16_t fc = nwk.frame_control;
    if ((fc & ZB_NWK_FC_FRAME_TYPE_MASK) != ZB_NWK_FRAME_TYPE_DATA ||
        ((fc >> ZB_NWK_FC_PROTOCOL_VERSION_SHIFT) & 0x0Fu) != ZB_NWK_PROTOCOL_VERSION ||
        (fc & (ZB_NWK_FC_SECURITY | ZB_NWK_FC_MULTICAST))) {
        /* A joiner has no network key yet, so its Transport Key cannot be NWK-secured. */
        return ZB_FRAME_UNSUPPORTED;
    }
    const uint8_t *aps = nwk_frame + nwk.header_len;
    size_t aps_len = len - nwk.header_len;
    if (aps_len < 2) {
        return ZB_FRAME_TRUNCATED;
    }
    st = check_aps_command_header(aps[0]);
    if (st != ZB_FRAME_OK) {
        return st;
    }
    zb_aux_header aux;
    st = zb_aux_header_parse(aps + 2, aps_len - 2, &aux);
    if (st != ZB_FRAME_OK) {
        return st;
    }
    if (key_id_of(aux.security_control) != ZB_SEC_KEY_ID_KEY_TRANSPORT ||
        !(aux.security_control & ZB_SEC_EXTENDED_NONCE)) {
        /* Network keys travel under the key-transport key, and we know the Trust Center's address
         * only from the extended nonce. */
        return ZB_FRAME_UNSUPPORTED;
    }
    uint8_t plain[128];
    size_t plain_len = 0;
    st = open_secured(aps, aps_len, 2, &aux, key_transport_key, plain, sizeof plain, &plain_len);
    if (st != ZB_FRAME_OK) {
        return st;
    }
    /* Authenticated from here on; the content may still be something we do not want. */
    if (plain_len < 2) {
        st = ZB_FRAME_TRUNCATED;
    } else if (plain[0] != ZB_APS_CMD_TRANSPORT_KEY) {
        st = ZB_FRAME_NOT_TRANSPORT_KEY;
    } else if (plain[1] != ZB_KEY_TYPE_STANDARD_NETWORK_KEY) {
        st = ZB_FRAME_WRONG_KEY_TYPE;
    } else if (plain_len < ZB_TRANSPORT_KEY_NWK_PAYLOAD_LEN) {
        st = ZB_FRAME_TRUNCATED;
    } else if (plain_len > ZB_TRANSPORT_KEY_NWK_PAYLOAD_LEN) {
        st = ZB_FRAME_MALFORMED;
    } else if (get_le64(&plain[19]) != own_ieee) {
        st = ZB_FRAME_NOT_FOR_US;
    } else if (get_le64(&plain[27]) != aux.source_ieee) {
        st = ZB_FRAME_MALFORMED; /* the payload's source must be the Trust Center that sealed it */
    }
    if (st == ZB_FRAME_OK) {
        out->aps_counter = aps[1];
        out->frame_counter = aux.frame_counter;
        out->source_ieee = aux.source_ieee;
        out->key_type = plain[1];
        memcpy(out->key, &plain[2], ZB_KEY_LEN);
        out->key_seq = plain[18];
        out->dst_ieee = get_le64(&plain[19]);
        out->src_ieee = get_le64(&plain[27]);
    }
    memset(plain, 0, sizeof plain);
    return st;
}

size_t zb_device_annce_build(const zb_device_annce *annce, uint8_t *out, size_t cap,
                             zb_frame_status *status)
{
    /* NWK header 16 + aux 14 + APS 8 + ZDO 12 + MIC 4 */
    const size_t header_len = 16, aux_len = 14, payload_len = 20;
    size_t total = header_len + aux_len + payload_len + ZB_MIC_LEN;
    if (cap < total) {
        *status = ZB_FRAME_BUFFER;
        return 0;
    }
    uint8_t *p = out;
    put_le16(p, (uint16_t)(ZB_NWK_FRAME_TYPE_DATA | (ZB_NWK_PROTOCOL_VERSION << ZB_NWK_FC_PROTOCOL_VERSION_SHIFT) |
                           ZB_NWK_FC_SECURITY | ZB_NWK_FC_SRC_IEEE));
    put_le16(p + 2, ZB_NWK_BROADCAST_RX_ON);
    put_le16(p + 4, annce->device_short);
    p[6] = ZB_NWK_DEFAULT_RADIUS;
    p[7] = annce->nwk_seq;
    put_le64(p + 8, annce->device_ieee);
    p += header_len;

    zb_aux_header aux = {
        .security_control = (uint8_t)((ZB_SEC_KEY_ID_NETWORK << ZB_SEC_KEY_ID_SHIFT) | ZB_SEC_EXTENDED_NONCE),
        .frame_counter = annce->nwk_frame_counter,
        .source_ieee = annce->device_ieee,
        .key_seq = annce->key_seq,
        .len = aux_len,
    };
    p[0] = aux.security_control; /* level bits 000 on air */
    put_le32(p + 1, aux.frame_counter);
    put_le64(p + 5, aux.source_ieee);
    p[13] = aux.key_seq;

    uint8_t m[20];
    m[0] = (uint8_t)(ZB_APS_FRAME_TYPE_DATA | (ZB_APS_DELIVERY_BROADCAST << 2));
    m[1] = 0x00; /* destination endpoint: ZDO */
    put_le16(&m[2], ZB_ZDO_CLUSTER_DEVICE_ANNCE);
    put_le16(&m[4], 0x0000); /* ZDP profile */
    m[6] = 0x00;             /* source endpoint: ZDO */
    m[7] = annce->aps_counter;
    m[8] = annce->zdo_seq;
    put_le16(&m[9], annce->device_short);
    put_le64(&m[11], annce->device_ieee);
    m[19] = annce->capability;

    uint8_t a[30];
    memcpy(a, out, header_len + aux_len);
    a[header_len] |= ZB_SEC_LEVEL_ENC_MIC_32;
    uint8_t nonce[ZB_NONCE_LEN];
    make_nonce(&aux, nonce);
    if (zb_ccm_star_encrypt(annce->network_key, nonce, a, sizeof a, m, sizeof m, ZB_MIC_LEN,
                            out + header_len + aux_len) != ZB_CRYPTO_OK) {
        *status = ZB_FRAME_CRYPTO_ERROR;
        return 0;
    }
    *status = ZB_FRAME_OK;
    return total;
}

zb_frame_status zb_nwk_unsecure(const uint8_t *frame, size_t len, const uint8_t network_key[ZB_KEY_LEN],
                                uint8_t *payload, size_t cap, size_t *payload_len, zb_aux_header *aux)
{
    zb_nwk_header nwk;
    zb_frame_status st = zb_nwk_parse_header(frame, len, &nwk);
    if (st != ZB_FRAME_OK) {
        return st;
    }
    if (!(nwk.frame_control & ZB_NWK_FC_SECURITY)) {
        return ZB_FRAME_UNSUPPORTED;
    }
    st = zb_aux_header_parse(frame + nwk.header_len, len - nwk.header_len, aux);
    if (st != ZB_FRAME_OK) {
        return st;
    }
    if (key_id_of(aux->security_control) != ZB_SEC_KEY_ID_NETWORK ||
        !(aux->security_control & ZB_SEC_EXTENDED_NONCE)) {
        return ZB_FRAME_UNSUPPORTED;
    }
    return open_secured(frame, len, nwk.header_len, aux, network_key, payload, cap, payload_len);
}

const char *zb_frame_status_name(zb_frame_status status)
{
    switch (status) {
    case ZB_FRAME_OK: return "ok";
    case ZB_FRAME_TRUNCATED: return "truncated";
    case ZB_FRAME_MALFORMED: return "malformed";
    case ZB_FRAME_UNSUPPORTED: return "unsupported";
    case ZB_FRAME_NOT_TRANSPORT_KEY: return "not a transport key";
    case ZB_FRAME_WRONG_KEY_TYPE: return "wrong key type";
    case ZB_FRAME_MIC_FAILURE: return "MIC failure";
    case ZB_FRAME_NOT_FOR_US: return "not for us";
    case ZB_FRAME_BUFFER: return "buffer too small";
    case ZB_FRAME_CRYPTO_ERROR: return "crypto error";
    }
    return "unknown status";
}
