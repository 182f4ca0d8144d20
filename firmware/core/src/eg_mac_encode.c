/* IEEE 802.15.4-2006 MAC frame encoding (see eg_mac.h). Section numbers refer to the standard. */
#include <string.h>

#include "eg_bytes.h"
#include "eg_crc.h"
#include "eg_mac_internal.h"

uint16_t eg_mac_superframe_spec_pack(const eg_mac_superframe_spec *spec)
{
    return (uint16_t)((spec->beacon_order & 0x0Fu) | ((spec->superframe_order & 0x0Fu) << 4) |
                      ((spec->final_cap_slot & 0x0Fu) << 8) |
                      (spec->battery_life_extension ? 0x1000u : 0u) |
                      (spec->pan_coordinator ? 0x4000u : 0u) |
                      (spec->association_permit ? 0x8000u : 0u));
}

static size_t write_address(uint8_t *p, const eg_mac_address *a, bool with_pan)
{
    size_t n = 0;
    if (a->mode == EG_MAC_ADDR_NONE) {
        return 0;
    }
    if (with_pan) {
        eg_put_le16(p, a->pan_id);
        n = 2;
    }
    if (a->mode == EG_MAC_ADDR_SHORT) {
        eg_put_le16(p + n, a->short_addr);
        return n + 2u;
    }
    eg_put_le64(p + n, a->ext_addr);
    return n + 8u;
}

int eg_mac_encode(const eg_mac_header *hdr, const uint8_t *payload, size_t payload_len,
                  uint8_t *psdu, size_t cap)
{
    bool compress;
    size_t mhr_len, total, pos;
    uint16_t fc;

    if (hdr == NULL || psdu == NULL || (payload == NULL && payload_len > 0u)) {
        return EG_MAC_ERR_ARGUMENT;
    }
    if (hdr->frame_type > EG_MAC_FRAME_COMMAND || hdr->security_enabled ||
        hdr->frame_version > 1u || !eg_mac_mode_valid(hdr->dst.mode) ||
        !eg_mac_mode_valid(hdr->src.mode)) {
        return EG_MAC_ERR_ARGUMENT;
    }
    compress = hdr->pan_id_compression && hdr->dst.mode != EG_MAC_ADDR_NONE &&
               hdr->src.mode != EG_MAC_ADDR_NONE;
    mhr_len = MHR_MIN_LEN;
    if (hdr->dst.mode != EG_MAC_ADDR_NONE) {
        mhr_len += 2u + eg_mac_address_len(hdr->dst.mode);
    }
    if (hdr->src.mode != EG_MAC_ADDR_NONE) {
        mhr_len += (compress ? 0u : 2u) + eg_mac_address_len(hdr->src.mode);
    }
    if (payload_len > EG_MAC_MAX_PSDU) {
        return EG_MAC_ERR_BUFFER;
    }
    total = mhr_len + payload_len + EG_MAC_FCS_LEN;
    if (total > EG_MAC_MAX_PSDU || total > cap) {
        return EG_MAC_ERR_BUFFER;
    }
    fc = (uint16_t)(hdr->frame_type | (hdr->frame_pending ? FC_FRAME_PENDING : 0u) |
                    (hdr->ack_request ? FC_ACK_REQUEST : 0u) |
                    (compress ? FC_PAN_ID_COMPRESSION : 0u) |
                    ((unsigned)hdr->dst.mode << FC_DST_MODE_SHIFT) |
                    ((unsigned)hdr->frame_version << FC_VERSION_SHIFT) |
                    ((unsigned)hdr->src.mode << FC_SRC_MODE_SHIFT));
    eg_put_le16(psdu, fc);
    psdu[2] = hdr->seq;
    pos = MHR_MIN_LEN;
    pos += write_address(psdu + pos, &hdr->dst, true);
    pos += write_address(psdu + pos, &hdr->src, !compress);
    if (payload_len > 0u) {
        memcpy(psdu + pos, payload, payload_len);
        pos += payload_len;
    }
    eg_put_le16(psdu + pos, eg_crc16_kermit(psdu, pos));
    return (int)total;
}

int eg_mac_append_fcs(uint8_t *buf, size_t mpdu_len, size_t cap)
{
    if (buf == NULL) {
        return EG_MAC_ERR_ARGUMENT;
    }
    if (mpdu_len + EG_MAC_FCS_LEN > cap || mpdu_len + EG_MAC_FCS_LEN > EG_MAC_MAX_PSDU) {
        return EG_MAC_ERR_BUFFER;
    }
    eg_put_le16(buf + mpdu_len, eg_crc16_kermit(buf, mpdu_len));
    return (int)(mpdu_len + EG_MAC_FCS_LEN);
}

static void header_init(eg_mac_header *h, uint8_t type, uint8_t seq)
{
    memset(h, 0, sizeof(*h));
    h->frame_type = type;
    h->seq = seq;
}

int eg_mac_encode_beacon_request(uint8_t seq, uint8_t *psdu, size_t cap)
{
    eg_mac_header h;
    const uint8_t cmd = EG_MAC_CMD_BEACON_REQUEST;
    header_init(&h, EG_MAC_FRAME_COMMAND, seq);
    h.dst.mode = EG_MAC_ADDR_SHORT;
    h.dst.pan_id = EG_MAC_BROADCAST_PAN;
    h.dst.short_addr = EG_MAC_BROADCAST_SHORT;
    return eg_mac_encode(&h, &cmd, 1u, psdu, cap);
}

int eg_mac_encode_beacon(uint8_t seq, uint16_t pan_id, uint16_t coord_short,
                         const eg_mac_superframe_spec *superframe,
                         const uint8_t *beacon_payload, size_t beacon_payload_len,
                         uint8_t *psdu, size_t cap)
{
    eg_mac_header h;
    uint8_t payload[EG_MAC_MAX_PSDU];
    const size_t fixed = 4u; /* superframe spec, GTS spec (0 descriptors), pending spec (none) */

    if (superframe == NULL || (beacon_payload == NULL && beacon_payload_len > 0u)) {
        return EG_MAC_ERR_ARGUMENT;
    }
    if (beacon_payload_len > sizeof(payload) - fixed) {
        return EG_MAC_ERR_BUFFER;
    }
    header_init(&h, EG_MAC_FRAME_BEACON, seq);
    h.src.mode = EG_MAC_ADDR_SHORT;
    h.src.pan_id = pan_id;
    h.src.short_addr = coord_short;
    eg_put_le16(payload, eg_mac_superframe_spec_pack(superframe));
    payload[2] = 0x00u;
    payload[3] = 0x00u;
    if (beacon_payload_len > 0u) {
        memcpy(payload + fixed, beacon_payload, beacon_payload_len);
    }
    return eg_mac_encode(&h, payload, fixed + beacon_payload_len, psdu, cap);
}

int eg_mac_encode_association_request(uint8_t seq, const eg_mac_address *coordinator,
                                      uint64_t device_ext, uint8_t capability_information,
                                      uint8_t *psdu, size_t cap)
{
    eg_mac_header h;
    uint8_t payload[2];

    if (coordinator == NULL || coordinator->mode == EG_MAC_ADDR_NONE) {
        return EG_MAC_ERR_ARGUMENT;
    }
    header_init(&h, EG_MAC_FRAME_COMMAND, seq);
    h.ack_request = true;
    h.dst = *coordinator;
    h.src.mode = EG_MAC_ADDR_EXT;
    h.src.pan_id = EG_MAC_BROADCAST_PAN;
    h.src.ext_addr = device_ext;
    payload[0] = EG_MAC_CMD_ASSOCIATION_REQUEST;
    payload[1] = capability_information;
    return eg_mac_encode(&h, payload, sizeof(payload), psdu, cap);
}

int eg_mac_encode_association_response(uint8_t seq, uint16_t pan_id, uint64_t device_ext,
                                       uint64_t coord_ext, uint16_t short_addr, uint8_t status,
                                       uint8_t *psdu, size_t cap)
{
    eg_mac_header h;
    uint8_t payload[4];

    header_init(&h, EG_MAC_FRAME_COMMAND, seq);
    h.ack_request = true;
    h.pan_id_compression = true;
    h.dst.mode = EG_MAC_ADDR_EXT;
    h.dst.pan_id = pan_id;
    h.dst.ext_addr = device_ext;
    h.src.mode = EG_MAC_ADDR_EXT;
    h.src.pan_id = pan_id;
    h.src.ext_addr = coord_ext;
    payload[0] = EG_MAC_CMD_ASSOCIATION_RESPONSE;
    eg_put_le16(payload + 1, short_addr);
    payload[3] = status;
    return eg_mac_encode(&h, payload, sizeof(payload), psdu, cap);
}

int eg_mac_encode_data_request(uint8_t seq, const eg_mac_address *dst, const eg_mac_address *src,
                               uint8_t *psdu, size_t cap)
{
    eg_mac_header h;
    const uint8_t cmd = EG_MAC_CMD_DATA_REQUEST;

    if (dst == NULL || src == NULL || src->mode == EG_MAC_ADDR_NONE) {
        return EG_MAC_ERR_ARGUMENT;
    }
    header_init(&h, EG_MAC_FRAME_COMMAND, seq);
    h.ack_request = true;
    h.dst = *dst;
    h.src = *src;
    h.pan_id_compression = dst->mode != EG_MAC_ADDR_NONE && dst->pan_id == src->pan_id;
    return eg_mac_encode(&h, &cmd, 1u, psdu, cap);
}

int eg_mac_encode_data(uint8_t seq, const eg_mac_address *dst, const eg_mac_address *src,
                       bool ack_request, bool frame_pending, const uint8_t *payload,
                       size_t payload_len, uint8_t *psdu, size_t cap)
{
    eg_mac_header h;
    bool broadcast;

    if (dst == NULL || src == NULL) {
        return EG_MAC_ERR_ARGUMENT;
    }
    header_init(&h, EG_MAC_FRAME_DATA, seq);
    h.dst = *dst;
    h.src = *src;
    broadcast = dst->mode == EG_MAC_ADDR_SHORT && dst->short_addr == EG_MAC_BROADCAST_SHORT;
    /* §7.5.6.4: a broadcast is never acknowledged, so asking for an ack would only cost retries. */
    h.ack_request = ack_request && !broadcast;
    h.frame_pending = frame_pending;
    h.pan_id_compression = dst->mode != EG_MAC_ADDR_NONE && src->mode != EG_MAC_ADDR_NONE &&
                           dst->pan_id == src->pan_id;
    return eg_mac_encode(&h, payload, payload_len, psdu, cap);
}

int eg_mac_encode_ack(uint8_t seq, bool frame_pending, uint8_t *psdu, size_t cap)
{
    eg_mac_header h;
    header_init(&h, EG_MAC_FRAME_ACK, seq);
    h.frame_pending = frame_pending;
    return eg_mac_encode(&h, NULL, 0u, psdu, cap);
}
