/*
 * IEEE 802.15.4-2006 MAC frame codec: the frames a Zigbee coordinator and a joining device exchange
 * (beacon request, beacon, association request/response, data request, data, acknowledgment).
 *
 * Conventions (fixed; the device simulator and the board port rely on them):
 *   - A PSDU here is the MPDU including its 2-byte FCS (CRC-16/KERMIT, little-endian), at most 127
 *     bytes (aMaxPHYPacketSize). Encoders append the FCS; eg_mac_decode verifies it.
 *   - Extended (IEEE/EUI-64) addresses are uint64_t in display order (the number printed on labels);
 *     on air they are little-endian. PAN ids and short addresses are little-endian on air too.
 *   - Encoders return the PSDU length (> 0) or a negative eg_mac_status; they never write past cap.
 *   - Decoders never read past len and keep pointers into the caller's buffer (no copies, no heap).
 *
 * Not supported, by design: MAC security (Zigbee secures at NWK/APS, never at MAC), frame version 2
 * (802.15.4-2015 IEs), beacon-enabled PANs (GTS and pending address lists are parsed, never produced).
 */
#ifndef EG_MAC_H
#define EG_MAC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EG_MAC_MAX_PSDU 127u   /* aMaxPHYPacketSize */
#define EG_MAC_FCS_LEN 2u
#define EG_MAC_ACK_PSDU_LEN 5u /* frame control, sequence number, FCS */
/* The largest MAC payload of a data frame with short addresses and PAN id compression
 * (MHR = 2 + 1 + 2 + 2 + 2 = 9 bytes): what an EG Response's NWK frame may occupy. */
#define EG_MAC_MAX_DATA_PAYLOAD_SHORT (EG_MAC_MAX_PSDU - 9u - EG_MAC_FCS_LEN)

#define EG_MAC_BROADCAST_PAN 0xFFFFu
#define EG_MAC_BROADCAST_SHORT 0xFFFFu
/* Short address 0xFFFE in an association response means "associated, use your extended address". */
#define EG_MAC_SHORT_USE_EXTENDED 0xFFFEu

typedef enum eg_mac_status {
    EG_MAC_OK = 0,
    EG_MAC_ERR_TRUNCATED = -1,   /* fewer bytes than the fields announce */
    EG_MAC_ERR_FCS = -2,         /* FCS does not match */
    EG_MAC_ERR_UNSUPPORTED = -3, /* valid 802.15.4 we do not handle (security, version 2, ...) */
    EG_MAC_ERR_MALFORMED = -4,   /* reserved values or combinations the standard forbids */
    EG_MAC_ERR_BUFFER = -5,      /* the output buffer is too small, or the frame exceeds 127 */
    EG_MAC_ERR_ARGUMENT = -6     /* the caller asked for something unencodable */
} eg_mac_status;

/* Frame control field, frame type subfield (§7.2.1.1.1). */
typedef enum eg_mac_frame_type {
    EG_MAC_FRAME_BEACON = 0,
    EG_MAC_FRAME_DATA = 1,
    EG_MAC_FRAME_ACK = 2,
    EG_MAC_FRAME_COMMAND = 3
} eg_mac_frame_type;

/* Addressing mode subfields (§7.2.1.1.6, §7.2.1.1.8); 1 is reserved. */
typedef enum eg_mac_addr_mode {
    EG_MAC_ADDR_NONE = 0,
    EG_MAC_ADDR_SHORT = 2,
    EG_MAC_ADDR_EXT = 3
} eg_mac_addr_mode;

/* MAC command frame identifiers (§7.3, Table 82). */
typedef enum eg_mac_command_id {
    EG_MAC_CMD_ASSOCIATION_REQUEST = 0x01,
    EG_MAC_CMD_ASSOCIATION_RESPONSE = 0x02,
    EG_MAC_CMD_DISASSOCIATION_NOTIFICATION = 0x03,
    EG_MAC_CMD_DATA_REQUEST = 0x04,
    EG_MAC_CMD_PAN_ID_CONFLICT_NOTIFICATION = 0x05,
    EG_MAC_CMD_ORPHAN_NOTIFICATION = 0x06,
    EG_MAC_CMD_BEACON_REQUEST = 0x07,
    EG_MAC_CMD_COORDINATOR_REALIGNMENT = 0x08,
    EG_MAC_CMD_GTS_REQUEST = 0x09
} eg_mac_command_id;

/* Association status (§7.3.2.3, Table 83). */
typedef enum eg_mac_association_status {
    EG_MAC_ASSOC_SUCCESS = 0x00,
    EG_MAC_ASSOC_PAN_AT_CAPACITY = 0x01,
    EG_MAC_ASSOC_PAN_ACCESS_DENIED = 0x02
} eg_mac_association_status;

/* Capability information bits of the association request (§7.3.1.2, Figure 56). */
#define EG_MAC_CAP_ALTERNATE_PAN_COORDINATOR 0x01u
#define EG_MAC_CAP_DEVICE_TYPE_FFD 0x02u
#define EG_MAC_CAP_POWER_SOURCE_MAINS 0x04u
#define EG_MAC_CAP_RX_ON_WHEN_IDLE 0x08u
#define EG_MAC_CAP_SECURITY_CAPABILITY 0x40u
#define EG_MAC_CAP_ALLOCATE_ADDRESS 0x80u

typedef struct eg_mac_address {
    uint8_t mode;        /* eg_mac_addr_mode */
    uint16_t pan_id;     /* meaningful when mode != NONE (decoders copy the destination PAN id
                            into a compressed source address) */
    uint16_t short_addr; /* when mode == SHORT */
    uint64_t ext_addr;   /* when mode == EXT, display order */
} eg_mac_address;

/* The MAC header (MHR). */
typedef struct eg_mac_header {
    uint8_t frame_type; /* eg_mac_frame_type */
    bool security_enabled;
    bool frame_pending;
    bool ack_request;
    bool pan_id_compression; /* encoders: honoured only when both addresses are present */
    uint8_t frame_version;   /* 0 (2003) or 1 (2006) */
    uint8_t seq;
    eg_mac_address dst;
    eg_mac_address src;
} eg_mac_header;

/* A decoded frame: header plus a view of the MAC payload (between MHR and FCS) inside the PSDU. */
typedef struct eg_mac_frame {
    eg_mac_header hdr;
    const uint8_t *payload;
    size_t payload_len;
} eg_mac_frame;

/* Superframe specification of a beacon (§7.2.2.1.2). A non-beacon PAN uses orders 15, 15. */
typedef struct eg_mac_superframe_spec {
    uint8_t beacon_order;     /* 0..15 */
    uint8_t superframe_order; /* 0..15 */
    uint8_t final_cap_slot;   /* 0..15 */
    bool battery_life_extension;
    bool pan_coordinator;
    bool association_permit;
} eg_mac_superframe_spec;

/* A decoded beacon. GTS and pending address fields are validated and skipped. */
typedef struct eg_mac_beacon {
    eg_mac_superframe_spec superframe;
    uint8_t gts_descriptor_count;
    uint8_t pending_short_count;
    uint8_t pending_ext_count;
    const uint8_t *beacon_payload; /* e.g. the 15-byte Zigbee beacon payload (eg_zb_beacon.h) */
    size_t beacon_payload_len;
} eg_mac_beacon;

/* A decoded MAC command; only the fields of command id are meaningful. */
typedef struct eg_mac_command {
    uint8_t id;                     /* eg_mac_command_id */
    uint8_t capability_information; /* ASSOCIATION_REQUEST */
    uint16_t assoc_short_addr;      /* ASSOCIATION_RESPONSE */
    uint8_t assoc_status;           /* ASSOCIATION_RESPONSE, eg_mac_association_status */
    uint8_t disassociation_reason;  /* DISASSOCIATION_NOTIFICATION */
} eg_mac_command;

/* ---- decoding ---- */

/* Verifies the FCS and parses the MHR of a PSDU. Acks, beacons, data and commands are accepted;
 * the payload is not interpreted (see eg_mac_parse_beacon / eg_mac_parse_command). */
eg_mac_status eg_mac_decode(const uint8_t *psdu, size_t len, eg_mac_frame *out);

/* Interprets a decoded beacon frame's payload. */
eg_mac_status eg_mac_parse_beacon(const eg_mac_frame *frame, eg_mac_beacon *out);

/* Interprets a decoded command frame's payload, and checks the addressing the standard mandates
 * for it (e.g. an association request comes from an extended address with source PAN 0xFFFF).
 * Commands the gateway never handles (PAN id conflict, realignment, GTS) give UNSUPPORTED. */
eg_mac_status eg_mac_parse_command(const eg_mac_frame *frame, eg_mac_command *out);

/* True if the PSDU (with FCS) is long enough and its FCS matches. */
bool eg_mac_fcs_valid(const uint8_t *psdu, size_t len);

/* ---- encoding ---- */

/* Writes MHR + payload + FCS. Returns the PSDU length or a negative eg_mac_status. */
int eg_mac_encode(const eg_mac_header *hdr, const uint8_t *payload, size_t payload_len,
                  uint8_t *psdu, size_t cap);

/* Appends the FCS to an MPDU of mpdu_len bytes already in buf (for radios that strip it).
 * Returns mpdu_len + 2, or a negative eg_mac_status. */
int eg_mac_append_fcs(uint8_t *buf, size_t mpdu_len, size_t cap);

/* Beacon request: command, broadcast destination (PAN 0xFFFF, short 0xFFFF), no source, no ack. */
int eg_mac_encode_beacon_request(uint8_t seq, uint8_t *psdu, size_t cap);

/* Beacon from a coordinator with a short address; no GTS, no pending addresses. */
int eg_mac_encode_beacon(uint8_t seq, uint16_t pan_id, uint16_t coord_short,
                         const eg_mac_superframe_spec *superframe,
                         const uint8_t *beacon_payload, size_t beacon_payload_len,
                         uint8_t *psdu, size_t cap);

/* Association request to the coordinator (its PAN id and short or extended address) from the
 * device's extended address with source PAN 0xFFFF; ack requested. */
int eg_mac_encode_association_request(uint8_t seq, const eg_mac_address *coordinator,
                                      uint64_t device_ext, uint8_t capability_information,
                                      uint8_t *psdu, size_t cap);

/* Association response: extended to extended, PAN id compressed; ack requested. */
int eg_mac_encode_association_response(uint8_t seq, uint16_t pan_id, uint64_t device_ext,
                                       uint64_t coord_ext, uint16_t short_addr, uint8_t status,
                                       uint8_t *psdu, size_t cap);

/* Data request (poll) from src (short, or extended while waiting for an association response) to
 * dst (the coordinator). PAN id compression when both PAN ids are equal. Ack requested. */
int eg_mac_encode_data_request(uint8_t seq, const eg_mac_address *dst, const eg_mac_address *src,
                               uint8_t *psdu, size_t cap);

/* Data frame, short or extended addressing on either side; PAN id compression when both PAN ids
 * are equal. ack_request is forced off for a broadcast destination (0xFFFF). */
int eg_mac_encode_data(uint8_t seq, const eg_mac_address *dst, const eg_mac_address *src,
                       bool ack_request, bool frame_pending, const uint8_t *payload,
                       size_t payload_len, uint8_t *psdu, size_t cap);

/* Acknowledgment frame (5 bytes). frame_pending tells a polling device that data follows. */
int eg_mac_encode_ack(uint8_t seq, bool frame_pending, uint8_t *psdu, size_t cap);

/* ---- helpers ---- */

uint16_t eg_mac_superframe_spec_pack(const eg_mac_superframe_spec *spec);
void eg_mac_superframe_spec_unpack(uint16_t raw, eg_mac_superframe_spec *spec);

/* True if a and b name the same node (same mode and address; PAN ids are not compared). */
bool eg_mac_address_equal(const eg_mac_address *a, const eg_mac_address *b);

const char *eg_mac_status_name(eg_mac_status status);

#ifdef __cplusplus
}
#endif

#endif
