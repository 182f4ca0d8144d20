/* Zigbee beacon payload (see eg_zb_beacon.h; Zigbee specification 05-3474, §3.6.7). */
#include "eg_zb_beacon.h"

#include <string.h>

#include "eg_bytes.h"

void eg_zb_beacon_payload_init(eg_zb_beacon_payload *payload, uint64_t extended_pan_id)
{
    memset(payload, 0, sizeof(*payload));
    payload->protocol_id = EG_ZB_PROTOCOL_ID;
    payload->stack_profile = EG_ZB_STACK_PROFILE_PRO;
    payload->protocol_version = EG_ZB_PROTOCOL_VERSION;
    payload->router_capacity = true;
    payload->device_depth = 0; /* the coordinator is the root of the tree */
    payload->end_device_capacity = true;
    payload->extended_pan_id = extended_pan_id;
    payload->tx_offset = EG_ZB_TX_OFFSET_NONE;
    payload->update_id = 0;
}

int eg_zb_beacon_payload_encode(const eg_zb_beacon_payload *payload, uint8_t *out, size_t cap)
{
    if (payload == NULL || out == NULL) {
        return EG_MAC_ERR_ARGUMENT;
    }
    if (payload->stack_profile > 15u || payload->protocol_version > 15u ||
        payload->device_depth > 15u || payload->tx_offset > 0xFFFFFFu) {
        return EG_MAC_ERR_ARGUMENT;
    }
    if (cap < EG_ZB_BEACON_PAYLOAD_LEN) {
        return EG_MAC_ERR_BUFFER;
    }
    out[0] = payload->protocol_id;
    out[1] = (uint8_t)(payload->stack_profile | (payload->protocol_version << 4));
    out[2] = (uint8_t)((payload->router_capacity ? 0x04u : 0u) | (payload->device_depth << 3) |
                       (payload->end_device_capacity ? 0x80u : 0u));
    eg_put_le64(out + 3, payload->extended_pan_id);
    out[11] = (uint8_t)payload->tx_offset;
    out[12] = (uint8_t)(payload->tx_offset >> 8);
    out[13] = (uint8_t)(payload->tx_offset >> 16);
    out[14] = payload->update_id;
    return (int)EG_ZB_BEACON_PAYLOAD_LEN;
}

eg_mac_status eg_zb_beacon_payload_decode(const uint8_t *in, size_t len,
                                          eg_zb_beacon_payload *out)
{
    if (in == NULL || out == NULL) {
        return EG_MAC_ERR_ARGUMENT;
    }
    memset(out, 0, sizeof(*out));
    if (len < EG_ZB_BEACON_PAYLOAD_LEN) {
        return EG_MAC_ERR_TRUNCATED;
    }
    if (len > EG_ZB_BEACON_PAYLOAD_LEN) {
        return EG_MAC_ERR_MALFORMED;
    }
    if (in[0] != EG_ZB_PROTOCOL_ID) {
        return EG_MAC_ERR_UNSUPPORTED;
    }
    out->protocol_id = in[0];
    out->stack_profile = (uint8_t)(in[1] & 0x0Fu);
    out->protocol_version = (uint8_t)(in[1] >> 4);
    out->router_capacity = (in[2] & 0x04u) != 0;
    out->device_depth = (uint8_t)((in[2] >> 3) & 0x0Fu);
    out->end_device_capacity = (in[2] & 0x80u) != 0;
    out->extended_pan_id = eg_get_le64(in + 3);
    out->tx_offset = (uint32_t)in[11] | ((uint32_t)in[12] << 8) | ((uint32_t)in[13] << 16);
    out->update_id = in[14];
    return EG_MAC_OK;
}
