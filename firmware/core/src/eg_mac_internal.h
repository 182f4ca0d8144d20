/* Frame control layout and address helpers shared by the MAC decoder and encoder (internal). */
#ifndef EG_MAC_INTERNAL_H
#define EG_MAC_INTERNAL_H

#include "eg_mac.h"

/* Frame control field layout (§7.2.1.1). */
#define FC_TYPE_MASK 0x0007u
#define FC_SECURITY 0x0008u
#define FC_FRAME_PENDING 0x0010u
#define FC_ACK_REQUEST 0x0020u
#define FC_PAN_ID_COMPRESSION 0x0040u
#define FC_DST_MODE_SHIFT 10
#define FC_VERSION_SHIFT 12
#define FC_SRC_MODE_SHIFT 14

#define MHR_MIN_LEN 3u /* frame control + sequence number */

static inline size_t eg_mac_address_len(uint8_t mode)
{
    return mode == EG_MAC_ADDR_SHORT ? 2u : mode == EG_MAC_ADDR_EXT ? 8u : 0u;
}

static inline bool eg_mac_mode_valid(uint8_t mode)
{
    return mode == EG_MAC_ADDR_NONE || mode == EG_MAC_ADDR_SHORT || mode == EG_MAC_ADDR_EXT;
}

#endif
