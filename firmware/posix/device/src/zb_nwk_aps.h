/*
 * The few Zigbee NWK/APS frames a joining device handles (Zigbee spec 05-3474 §3.3, §2.2, §4.4, §4.5):
 *   - in:  the APS Transport Key command in a NWK data frame, secured at the APS layer with the
 *          key-transport key (level 5 = ENC-MIC-32, extended nonce, key id 2);
 *   - out: a Device_annce (ZDO cluster 0x0013) in a NWK data frame secured with the network key
 *          (level 5, key id 1 = network key, extended nonce), which proves the key was installed.
 * Security level 5 is never sent on air: the level bits are sent as 000 and every receiver
 * substitutes the network's level (5) before computing the nonce and a (spec 4.3.1.1, 4.4.1.1).
 * Addresses are uint64_t in display order, little-endian on air. No heap, no I/O.
 */
#ifndef EG_ZB_NWK_APS_H
#define EG_ZB_NWK_APS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zb_crypto.h"

/* NWK frame control bits (spec 3.3.1.1). */
#define ZB_NWK_FC_FRAME_TYPE_MASK 0x0003u
#define ZB_NWK_FC_PROTOCOL_VERSION_SHIFT 2
#define ZB_NWK_FC_MULTICAST 0x0100u
#define ZB_NWK_FC_SECURITY 0x0200u
#define ZB_NWK_FC_SOURCE_ROUTE 0x0400u
#define ZB_NWK_FC_DST_IEEE 0x0800u
#define ZB_NWK_FC_SRC_IEEE 0x1000u
#define ZB_NWK_FRAME_TYPE_DATA 0u
#define ZB_NWK_PROTOCOL_VERSION 2u
#define ZB_NWK_BROADCAST_RX_ON 0xFFFDu /* all devices with macRxOnWhenIdle */

/* Security control field (spec 4.5.1.1). */
#define ZB_SEC_LEVEL_MASK 0x07u
#define ZB_SEC_LEVEL_ENC_MIC_32 5u
#define ZB_SEC_KEY_ID_SHIFT 3
#define ZB_SEC_KEY_ID_MASK 0x18u
#define ZB_SEC_KEY_ID_DATA 0u
#define ZB_SEC_KEY_ID_NETWORK 1u
#define ZB_SEC_KEY_ID_KEY_TRANSPORT 2u
#define ZB_SEC_KEY_ID_KEY_LOAD 3u
#define ZB_SEC_EXTENDED_NONCE 0x20u
#define ZB_MIC_LEN 4u /* level 5 */

/* APS (spec 2.2.5.1). */
#define ZB_APS_FRAME_TYPE_DATA 0u
#define ZB_APS_FRAME_TYPE_COMMAND 1u
#define ZB_APS_FC_SECURITY 0x20u
#define ZB_APS_FC_ACK_REQUEST 0x40u
#define ZB_APS_FC_EXTENDED_HEADER 0x80u
#define ZB_APS_DELIVERY_BROADCAST 2u
#define ZB_APS_CMD_TRANSPORT_KEY 0x05u
#define ZB_KEY_TYPE_STANDARD_NETWORK_KEY 0x01u
/* Transport Key of a network key: cmd id, key type, key, key seq, dst IEEE, src IEEE. */
#define ZB_TRANSPORT_KEY_NWK_PAYLOAD_LEN 35u

#define ZB_ZDO_CLUSTER_DEVICE_ANNCE 0x0013u
#define ZB_NWK_DEFAULT_RADIUS 30u

typedef enum zb_frame_status {
    ZB_FRAME_OK = 0,
    ZB_FRAME_TRUNCATED,       /* shorter than its headers say */
    ZB_FRAME_MALFORMED,       /* reserved values or inconsistent lengths */
    ZB_FRAME_UNSUPPORTED,     /* valid, but not a frame a joining device acts on */
    ZB_FRAME_NOT_TRANSPORT_KEY, /* a secured APS command, but another command */
    ZB_FRAME_WRONG_KEY_TYPE,  /* a Transport Key for something other than a standard network key */
    ZB_FRAME_MIC_FAILURE,     /* authentication failed under the given key */
    ZB_FRAME_NOT_FOR_US,      /* the Transport Key names another destination IEEE */
    ZB_FRAME_BUFFER,          /* output buffer too small */
    ZB_FRAME_CRYPTO_ERROR     /* libcrypto failed */
} zb_frame_status;

typedef struct zb_nwk_header {
    uint16_t frame_control;
    uint16_t dst_short;
    uint16_t src_short;
    uint8_t radius;
    uint8_t seq;
    uint64_t dst_ieee; /* when frame_control has ZB_NWK_FC_DST_IEEE */
    uint64_t src_ieee; /* when frame_control has ZB_NWK_FC_SRC_IEEE */
    size_t header_len; /* bytes of NWK header (source route included), before any aux header */
} zb_nwk_header;

/* The auxiliary security header (spec 4.5.1). */
typedef struct zb_aux_header {
    uint8_t security_control; /* as on air (level bits normally 000) */
    uint32_t frame_counter;
    uint64_t source_ieee;     /* when extended nonce */
    uint8_t key_seq;          /* when key id = network key */
    size_t len;
} zb_aux_header;

typedef struct zb_transport_key {
    uint8_t aps_counter;
    uint32_t frame_counter; /* APS security frame counter of the Trust Center */
    uint64_t source_ieee;   /* from the aux header: the Trust Center (nonce source) */
    uint8_t key_type;
    uint8_t key[ZB_KEY_LEN];
    uint8_t key_seq;
    uint64_t dst_ieee;      /* from the payload: must be the receiving device */
    uint64_t src_ieee;      /* from the payload: the Trust Center */
} zb_transport_key;

/* Parses a NWK header (data or command frame, any addressing, source route). */
zb_frame_status zb_nwk_parse_header(const uint8_t *frame, size_t len, zb_nwk_header *out);

/* Parses an auxiliary security header at the start of buf. */
zb_frame_status zb_aux_header_parse(const uint8_t *buf, size_t len, zb_aux_header *out);

/* Opens the Transport Key in a NWK frame (NWK header + APS), as received in a MAC data payload:
 * checks the framing, verifies the MIC under key_transport_key, checks that it carries a standard
 * network key addressed to own_ieee. On any status but OK, *out holds no key material. */
zb_frame_status zb_transport_key_open(const uint8_t *nwk_frame, size_t len,
                                      const uint8_t key_transport_key[ZB_KEY_LEN], uint64_t own_ieee,
                                      zb_transport_key *out);

typedef struct zb_device_annce {
    uint64_t device_ieee;
    uint16_t device_short;
    uint8_t capability;        /* MAC capability information of the device */
    uint8_t nwk_seq;
    uint8_t aps_counter;
    uint8_t zdo_seq;
    uint32_t nwk_frame_counter; /* outgoing NWK security frame counter of the device */
    const uint8_t *network_key;
    uint8_t key_seq;
} zb_device_annce;

/* Builds the NWK-secured Device_annce broadcast to 0xFFFD. Returns the NWK frame length (> 0), or 0
 * (*status says why) if cap is too small or encryption fails. */
size_t zb_device_annce_build(const zb_device_annce *annce, uint8_t *out, size_t cap,
                             zb_frame_status *status);

/* Decrypts a NWK-secured frame with the network key (the receiving side of zb_device_annce_build,
 * used by tests and to check our own output). On OK, the NWK payload (APS frame) is written to
 * payload (capacity cap) and its length to *payload_len. */
zb_frame_status zb_nwk_unsecure(const uint8_t *frame, size_t len, const uint8_t network_key[ZB_KEY_LEN],
                                uint8_t *payload, size_t cap, size_t *payload_len, zb_aux_header *aux);

const char *zb_frame_status_name(zb_frame_status status);

#endif
