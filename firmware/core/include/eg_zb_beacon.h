/*
 * The Zigbee beacon payload (Zigbee PRO, R21+: 15 bytes), carried in the beacon payload field of an
 * IEEE 802.15.4 beacon. Layout:
 *   [0]      protocol id (0 for Zigbee)
 *   [1]      stack profile (bits 0-3; 2 = Zigbee PRO) | nwkcProtocolVersion (bits 4-7; 2)
 *   [2]      reserved (bits 0-1) | router capacity (bit 2) | device depth (bits 3-6)
 *            | end device capacity (bit 7)
 *   [3..10]  nwkExtendedPANId, little-endian
 *   [11..13] TxOffset, little-endian (0xFFFFFF in a non-beacon network)
 *   [14]     nwkUpdateId
 * A joining device scans for beacons and picks a PAN whose MAC association permit bit is set and
 * whose router or end device capacity admits it.
 */
#ifndef EG_ZB_BEACON_H
#define EG_ZB_BEACON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eg_mac.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EG_ZB_BEACON_PAYLOAD_LEN 15u
#define EG_ZB_PROTOCOL_ID 0u
#define EG_ZB_STACK_PROFILE_PRO 2u
#define EG_ZB_PROTOCOL_VERSION 2u
#define EG_ZB_TX_OFFSET_NONE 0xFFFFFFu

typedef struct eg_zb_beacon_payload {
    uint8_t protocol_id;      /* 0 */
    uint8_t stack_profile;    /* 0..15 */
    uint8_t protocol_version; /* 0..15 */
    bool router_capacity;
    uint8_t device_depth;     /* 0..15 */
    bool end_device_capacity;
    uint64_t extended_pan_id; /* display order */
    uint32_t tx_offset;       /* 24 bits */
    uint8_t update_id;
} eg_zb_beacon_payload;

/* Fills the payload a Zigbee PRO coordinator sends: protocol 0, stack profile 2, version 2, both
 * capacities, depth 0, the given extended PAN id, TxOffset 0xFFFFFF, update id 0. */
void eg_zb_beacon_payload_init(eg_zb_beacon_payload *payload, uint64_t extended_pan_id);

/* Writes the 15 bytes. Returns 15, or EG_MAC_ERR_ARGUMENT for out-of-range fields, or
 * EG_MAC_ERR_BUFFER if cap < 15. */
int eg_zb_beacon_payload_encode(const eg_zb_beacon_payload *payload, uint8_t *out, size_t cap);

/* Parses exactly 15 bytes (shorter: TRUNCATED; longer: MALFORMED; protocol id other than 0:
 * UNSUPPORTED, as that is not a Zigbee network). */
eg_mac_status eg_zb_beacon_payload_decode(const uint8_t *in, size_t len,
                                          eg_zb_beacon_payload *out);

#ifdef __cplusplus
}
#endif

#endif
