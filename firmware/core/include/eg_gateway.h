/*
 * The gateway state machine: a Zigbee PAN coordinator MAC that lets devices associate and hands
 * their Transport Key request to the Enrolment Gateway over the UART (DESIGN.md §1, paper Fig. 2):
 *
 *   beacon request ──> beacon (only while joining is permitted)
 *   association request ──> short address (kept across re-associations) and association response,
 *       direct if the device keeps its receiver on when idle, else queued until it polls
 *   response delivered ──> EG Request on the UART (fresh random request id), deadline armed
 *   EG Response (nwk_frame) ──> MAC data frame to the device, direct or queued until it polls
 *   EG Response (rejection) ──> no frame; the association is dropped
 *   deadline passed ──> the device has given up; the request is forgotten, the address is kept
 *
 * No heap: the device table is a fixed array (EG_GW_MAX_DEVICES); when it is full, the longest
 * idle STALE entry, then the longest idle KEY_SENT entry, is reused. Not thread-safe: call every
 * eg_gw_* function from one thread (or with one lock).
 */
#ifndef EG_GATEWAY_H
#define EG_GATEWAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eg_hdlc.h"
#include "eg_mac.h"
#include "eg_platform.h"
#include "eg_uart.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef EG_GW_MAX_DEVICES
#define EG_GW_MAX_DEVICES 32u
#endif

#define EG_GW_REQUEST_ID_LEN 16u
/* A joiner waits about 1.7 s for the Transport Key before it gives up (the paper's measurement;
 * apsSecurityTimeOutPeriod-like), so a later EG Response is useless. */
#define EG_GW_DEFAULT_EG_DEADLINE_MS 1700u
/* macTransactionPersistenceTime default: 0x01F4 unit periods of aBaseSuperframeDuration
 * (960 symbols x 16 us = 15.36 ms) = 7680 ms. */
#define EG_GW_DEFAULT_TRANSACTION_PERSISTENCE_MS 7680u
/* permit_join seconds value that keeps joining open until closed (Zigbee's 0xFF convention). */
#define EG_GW_PERMIT_JOIN_FOREVER 255u

typedef struct eg_gw_config {
    uint64_t ext_addr;        /* the gateway's IEEE address, display order */
    uint16_t pan_id;          /* 0x0000..0xFFFE */
    uint8_t channel;          /* 11..26 */
    uint64_t extended_pan_id; /* carried in the Zigbee beacon payload */
    uint8_t permit_join_s;    /* joining window at start: 0 closed, 1..254 s, 255 until closed */
    uint32_t eg_deadline_ms;  /* 0: EG_GW_DEFAULT_EG_DEADLINE_MS */
    uint32_t transaction_persistence_ms; /* 0: EG_GW_DEFAULT_TRANSACTION_PERSISTENCE_MS */
    bool send_acks;           /* true when the radio does not acknowledge in hardware (POSIX) */
    uint8_t uart_log_level;   /* highest GatewayLog level sent on the UART; 0: INFO */
    const char *firmware_version; /* NULL: EG_FIRMWARE_VERSION */
} eg_gw_config;

typedef enum eg_gw_device_state {
    EG_GW_DEV_FREE = 0,
    EG_GW_DEV_ASSOCIATING,   /* association response queued, waiting for the device to poll */
    EG_GW_DEV_AWAITING_KEY,  /* EG Request sent, waiting for the EG Response until the deadline */
    EG_GW_DEV_KEY_QUEUED,    /* Transport Key frame queued, waiting for the device to poll */
    EG_GW_DEV_KEY_SENT,      /* Transport Key frame transmitted */
    EG_GW_DEV_STALE          /* timed out (deadline or persistence); keeps its short address */
} eg_gw_device_state;

typedef struct eg_gw_device {
    uint8_t state;            /* eg_gw_device_state */
    uint64_t ext_addr;
    uint16_t short_addr;
    uint8_t capability_information;
    uint8_t request_id[EG_GW_REQUEST_ID_LEN];
    uint32_t deadline_ms;      /* EG Response deadline (AWAITING_KEY) */
    uint32_t last_activity_ms; /* for evicting the stalest entry when the table is full */
    /* One indirect transaction at most: the association response, then the Transport Key. */
    uint8_t indirect_len;      /* 0: nothing queued */
    uint32_t indirect_expiry_ms;
    uint8_t indirect_psdu[EG_MAC_MAX_PSDU];
} eg_gw_device;

typedef struct eg_gw_counters {
    uint32_t radio_rx;             /* PSDUs handed to eg_gw_radio_input */
    uint32_t radio_malformed;      /* bad FCS, truncated, malformed, unsupported: dropped */
    uint32_t radio_other_pan;      /* well-formed but for another PAN or another node: ignored */
    uint32_t radio_ignored;        /* for us but nothing to do (acks, data, other commands) */
    uint32_t radio_tx_errors;      /* radio_transmit returned false */
    uint32_t beacons_sent;
    uint32_t beacon_requests_closed; /* beacon requests while joining is not permitted */
    uint32_t associations;         /* successful association responses generated */
    uint32_t associations_denied;  /* responses with PAN at capacity / access denied */
    uint32_t polls;                /* data requests from our devices */
    uint32_t eg_requests;
    uint32_t eg_responses;         /* EG Responses matched to a pending request */
    uint32_t eg_rejections;
    uint32_t eg_unknown_responses; /* no pending request with that id (late or foreign) */
    uint32_t eg_timeouts;          /* deadline passed without a response */
    uint32_t key_frames_sent;
    uint32_t indirect_expired;     /* queued frames never polled for */
    uint32_t uart_frames;          /* good HDLC frames received */
    uint32_t uart_unknown_type;
    uint32_t uart_decode_errors;   /* known type, undecodable or unexpected message */
    uint32_t uart_unsupported;     /* well-formed but not handled yet (RELAY_DOWN) */
    uint32_t uart_tx_errors;       /* uart_write returned false or a frame did not encode */
    uint32_t random_failures;
} eg_gw_counters;
/* HDLC-level UART counters (FCS errors, overflows, aborts) are in gw->uart_rx.counters. */

typedef struct eg_gateway {
    eg_gw_config config;
    eg_platform platform;
    uint8_t mac_dsn;              /* macDSN: sequence number of our next MAC frame */
    bool permit_forever;
    bool permit_open;
    uint32_t permit_until_ms;
    uint8_t beacon_payload[15];   /* EG_ZB_BEACON_PAYLOAD_LEN, built once from configuration */
    eg_gw_device devices[EG_GW_MAX_DEVICES];
    eg_hdlc_decoder uart_rx;
    eg_uart_inbound inbound;      /* scratch for decoding (too large for small stacks) */
    uint8_t uart_tx[EG_UART_TX_FRAME_MAX];
    eg_gw_counters counters;
} eg_gateway;

/* Validates the configuration and resets the gateway. Returns false on a bad configuration
 * (channel outside 11..26, PAN id 0xFFFF, IEEE address 0 or all ones, missing callbacks). */
bool eg_gw_init(eg_gateway *gw, const eg_gw_config *config, const eg_platform *platform);

/* Boot: sends the HELLO and opens the configured joining window. */
void eg_gw_start(eg_gateway *gw);

/* One received PSDU (with FCS). Anything malformed or foreign is counted and ignored. */
void eg_gw_radio_input(eg_gateway *gw, const uint8_t *psdu, size_t len);

/* Bytes received on the UART, any chunking. Bad frames are counted and ignored. */
void eg_gw_uart_input(eg_gateway *gw, const uint8_t *bytes, size_t len);

/* Expires deadlines, queued frames and the joining window. Call every 10-50 ms. */
void eg_gw_tick(eg_gateway *gw);

/* Opens (1..254 s, or 255 until closed) or closes (0) the joining window. */
void eg_gw_permit_join(eg_gateway *gw, uint8_t seconds);
bool eg_gw_joining_permitted(const eg_gateway *gw);

/* The table entry of a device by IEEE address, or NULL (for tests and diagnostics). */
const eg_gw_device *eg_gw_find_device(const eg_gateway *gw, uint64_t ext_addr);

/* Sends a LOG line to the host (if level <= uart_log_level) and to platform.local_log.
 * fmt as in eg_log.h. */
void eg_gw_log(eg_gateway *gw, uint8_t level, const char *fmt, ...);

#ifndef EG_FIRMWARE_VERSION
#define EG_FIRMWARE_VERSION "0.1.0"
#endif

#ifdef __cplusplus
}
#endif

#endif
