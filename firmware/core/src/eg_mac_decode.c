/* IEEE 802.15.4-2006 MAC frame decoding (see eg_mac.h). Section numbers refer to the standard. */
#include <string.h>

#include "eg_bytes.h"
#include "eg_crc.h"
#include "eg_mac_internal.h"

bool eg_mac_fcs_valid(const uint8_t *psdu, size_t len)
{
    if (psdu == NULL || len < EG_MAC_FCS_LEN) {
        return false;
    }
    return eg_crc16_kermit(psdu, len - EG_MAC_FCS_LEN) == eg_get_le16(psdu + len - EG_MAC_FCS_LEN);
}

/* Reads one address field at *pos; the PAN id is read only when with_pan is set. */
static eg_mac_status read_address(const uint8_t *p, size_t end, size_t *pos, uint8_t mode,
                                  bool with_pan, eg_mac_address *out)
{
    size_t need = eg_mac_address_len(mode) + (with_pan ? 2u : 0u);
    out->mode = mode;
    if (mode == EG_MAC_ADDR_NONE) {
        return EG_MAC_OK;
    }
    if (end - *pos < need) {
        return EG_MAC_ERR_TRUNCATED;
    }
    if (with_pan) {
        out->pan_id = eg_get_le16(p + *pos);
        *pos += 2;
    }
    if (mode == EG_MAC_ADDR_SHORT) {
        out->short_addr = eg_get_le16(p + *pos);
    } else {
        out->ext_addr = eg_get_le64(p + *pos);
    }
    *pos += eg_mac_address_len(mode);
    return EG_MAC_OK;
}

eg_mac_status eg_mac_decode(const uint8_t *psdu, size_t len, eg_mac_frame *out)
{
    uint16_t fc;
    uint8_t dst_mode, src_mode, version;
    size_t pos = MHR_MIN_LEN, end;
    eg_mac_status st;
    bool compress;

    if (psdu == NULL || out == NULL) {
        return EG_MAC_ERR_ARGUMENT;
    }
    memset(out, 0, sizeof(*out));
    if (len > EG_MAC_MAX_PSDU) {
        return EG_MAC_ERR_MALFORMED;
    }
    if (len < MHR_MIN_LEN + EG_MAC_FCS_LEN) {
        return EG_MAC_ERR_TRUNCATED;
    }
    if (!eg_mac_fcs_valid(psdu, len)) {
        return EG_MAC_ERR_FCS;
    }
    end = len - EG_MAC_FCS_LEN;
    fc = eg_get_le16(psdu);
    out->hdr.frame_type = (uint8_t)(fc & FC_TYPE_MASK);
    out->hdr.security_enabled = (fc & FC_SECURITY) != 0;
    out->hdr.frame_pending = (fc & FC_FRAME_PENDING) != 0;
    out->hdr.ack_request = (fc & FC_ACK_REQUEST) != 0;
    out->hdr.pan_id_compression = (fc & FC_PAN_ID_COMPRESSION) != 0;
    dst_mode = (uint8_t)((fc >> FC_DST_MODE_SHIFT) & 3u);
    version = (uint8_t)((fc >> FC_VERSION_SHIFT) & 3u);
    src_mode = (uint8_t)((fc >> FC_SRC_MODE_SHIFT) & 3u);
    out->hdr.frame_version = version;
    out->hdr.seq = psdu[2];

    /* Types 4..7 are reserved in 2006 and mean multipurpose/fragment/extended frames in 2015. */
    if (out->hdr.frame_type > EG_MAC_FRAME_COMMAND || version > 1u) {
        return EG_MAC_ERR_UNSUPPORTED;
    }
    /* Zigbee never uses MAC security; parsing its auxiliary header would be dead code. */
    if (out->hdr.security_enabled) {
        return EG_MAC_ERR_UNSUPPORTED;
    }
    if (!eg_mac_mode_valid(dst_mode) || !eg_mac_mode_valid(src_mode)) {
        return EG_MAC_ERR_MALFORMED;
    }
    compress = out->hdr.pan_id_compression;
    /* §7.2.1.1.5: with only one address present the compression bit shall be zero. */
    if (compress && (dst_mode == EG_MAC_ADDR_NONE || src_mode == EG_MAC_ADDR_NONE)) {
        return EG_MAC_ERR_MALFORMED;
    }
    if (out->hdr.frame_type == EG_MAC_FRAME_ACK &&
        (dst_mode != EG_MAC_ADDR_NONE || src_mode != EG_MAC_ADDR_NONE || end != MHR_MIN_LEN)) {
        return EG_MAC_ERR_MALFORMED;
    }
    st = read_address(psdu, end, &pos, dst_mode, true, &out->hdr.dst);
    if (st != EG_MAC_OK) {
        return st;
    }
    st = read_address(psdu, end, &pos, src_mode, !compress, &out->hdr.src);
    if (st != EG_MAC_OK) {
        return st;
    }
    if (compress) {
        out->hdr.src.pan_id = out->hdr.dst.pan_id;
    }
    out->payload = psdu + pos;
    out->payload_len = end - pos;
    return EG_MAC_OK;
}

void eg_mac_superframe_spec_unpack(uint16_t raw, eg_mac_superframe_spec *spec)
{
    spec->beacon_order = (uint8_t)(raw & 0x0Fu);
    spec->superframe_order = (uint8_t)((raw >> 4) & 0x0Fu);
    spec->final_cap_slot = (uint8_t)((raw >> 8) & 0x0Fu);
    spec->battery_life_extension = (raw & 0x1000u) != 0;
    spec->pan_coordinator = (raw & 0x4000u) != 0;
    spec->association_permit = (raw & 0x8000u) != 0;
}

eg_mac_status eg_mac_parse_beacon(const eg_mac_frame *frame, eg_mac_beacon *out)
{
    const uint8_t *p;
    size_t len, pos = 0, skip;
    uint8_t gts_spec, pending_spec;

    if (frame == NULL || out == NULL || frame->hdr.frame_type != EG_MAC_FRAME_BEACON) {
        return EG_MAC_ERR_ARGUMENT;
    }
    memset(out, 0, sizeof(*out));
    /* §7.2.2.1.1: a beacon names its source and has no destination. */
    if (frame->hdr.src.mode == EG_MAC_ADDR_NONE || frame->hdr.dst.mode != EG_MAC_ADDR_NONE) {
        return EG_MAC_ERR_MALFORMED;
    }
    p = frame->payload;
    len = frame->payload_len;
    if (len < 4u) { /* superframe spec (2), GTS spec (1), pending address spec (1) */
        return EG_MAC_ERR_TRUNCATED;
    }
    eg_mac_superframe_spec_unpack(eg_get_le16(p), &out->superframe);
    pos = 2;
    gts_spec = p[pos++];
    out->gts_descriptor_count = (uint8_t)(gts_spec & 0x07u);
    if (out->gts_descriptor_count > 0u) {
        skip = 1u + 3u * out->gts_descriptor_count; /* directions + descriptors */
        if (len - pos < skip + 1u) {
            return EG_MAC_ERR_TRUNCATED;
        }
        pos += skip;
    }
    pending_spec = p[pos++];
    out->pending_short_count = (uint8_t)(pending_spec & 0x07u);
    out->pending_ext_count = (uint8_t)((pending_spec >> 4) & 0x07u);
    skip = 2u * out->pending_short_count + 8u * out->pending_ext_count;
    if (len - pos < skip) {
        return EG_MAC_ERR_TRUNCATED;
    }
    pos += skip;
    out->beacon_payload = p + pos;
    out->beacon_payload_len = len - pos;
    return EG_MAC_OK;
}

/* Checks the exact length of a command's payload (identifier included). */
static eg_mac_status expect_len(size_t have, size_t want)
{
    return have < want ? EG_MAC_ERR_TRUNCATED : have > want ? EG_MAC_ERR_MALFORMED : EG_MAC_OK;
}

eg_mac_status eg_mac_parse_command(const eg_mac_frame *frame, eg_mac_command *out)
{
    const eg_mac_header *h;
    const uint8_t *p;
    size_t len;
    eg_mac_status st;

    if (frame == NULL || out == NULL || frame->hdr.frame_type != EG_MAC_FRAME_COMMAND) {
        return EG_MAC_ERR_ARGUMENT;
    }
    memset(out, 0, sizeof(*out));
    h = &frame->hdr;
    p = frame->payload;
    len = frame->payload_len;
    if (len < 1u) {
        return EG_MAC_ERR_TRUNCATED;
    }
    out->id = p[0];
    switch (p[0]) {
    case EG_MAC_CMD_ASSOCIATION_REQUEST:
        /* §7.3.1.1: source = the device's extended address in the broadcast PAN. */
        if ((st = expect_len(len, 2u)) != EG_MAC_OK) {
            return st;
        }
        if (h->src.mode != EG_MAC_ADDR_EXT || h->src.pan_id != EG_MAC_BROADCAST_PAN ||
            h->dst.mode == EG_MAC_ADDR_NONE) {
            return EG_MAC_ERR_MALFORMED;
        }
        out->capability_information = p[1];
        return EG_MAC_OK;
    case EG_MAC_CMD_ASSOCIATION_RESPONSE:
        /* §7.3.2.1: extended addresses on both sides. */
        if ((st = expect_len(len, 4u)) != EG_MAC_OK) {
            return st;
        }
        if (h->src.mode != EG_MAC_ADDR_EXT || h->dst.mode != EG_MAC_ADDR_EXT) {
            return EG_MAC_ERR_MALFORMED;
        }
        out->assoc_short_addr = eg_get_le16(p + 1);
        out->assoc_status = p[3];
        return EG_MAC_OK;
    case EG_MAC_CMD_DISASSOCIATION_NOTIFICATION:
        if ((st = expect_len(len, 2u)) != EG_MAC_OK) {
            return st;
        }
        out->disassociation_reason = p[1];
        return EG_MAC_OK;
    case EG_MAC_CMD_DATA_REQUEST:
        /* §7.3.4.1: the poller must say who it is, or the coordinator cannot find its data. */
        if ((st = expect_len(len, 1u)) != EG_MAC_OK) {
            return st;
        }
        return h->src.mode == EG_MAC_ADDR_NONE ? EG_MAC_ERR_MALFORMED : EG_MAC_OK;
    case EG_MAC_CMD_BEACON_REQUEST:
        /* §7.3.7: broadcast destination, no source. */
        if ((st = expect_len(len, 1u)) != EG_MAC_OK) {
            return st;
        }
        if (h->src.mode != EG_MAC_ADDR_NONE || h->dst.mode != EG_MAC_ADDR_SHORT ||
            h->dst.short_addr != EG_MAC_BROADCAST_SHORT || h->dst.pan_id != EG_MAC_BROADCAST_PAN) {
            return EG_MAC_ERR_MALFORMED;
        }
        return EG_MAC_OK;
    case EG_MAC_CMD_ORPHAN_NOTIFICATION:
        return expect_len(len, 1u);
    case EG_MAC_CMD_PAN_ID_CONFLICT_NOTIFICATION:
    case EG_MAC_CMD_COORDINATOR_REALIGNMENT:
    case EG_MAC_CMD_GTS_REQUEST:
        return EG_MAC_ERR_UNSUPPORTED;
    default:
        return EG_MAC_ERR_MALFORMED; /* reserved command identifier */
    }
}

bool eg_mac_address_equal(const eg_mac_address *a, const eg_mac_address *b)
{
    if (a->mode != b->mode) {
        return false;
    }
    if (a->mode == EG_MAC_ADDR_SHORT) {
        return a->short_addr == b->short_addr;
    }
    if (a->mode == EG_MAC_ADDR_EXT) {
        return a->ext_addr == b->ext_addr;
    }
    return true;
}

const char *eg_mac_status_name(eg_mac_status status)
{
    switch (status) {
    case EG_MAC_OK: return "ok";
    case EG_MAC_ERR_TRUNCATED: return "truncated";
    case EG_MAC_ERR_FCS: return "bad FCS";
    case EG_MAC_ERR_UNSUPPORTED: return "unsupported";
    case EG_MAC_ERR_MALFORMED: return "malformed";
    case EG_MAC_ERR_BUFFER: return "buffer too small";
    case EG_MAC_ERR_ARGUMENT: return "bad argument";
    }
    return "unknown status";
}
