/*
 * One simulated Zigbee end device joining through the enrolment gateway, as a blocking sequence on
 * its own medium connection (one process or thread per device):
 *   active scan (beacon request on each channel, collect beacons for the scan window)
 *   -> pick the first PAN that permits joining, is Zigbee PRO and has end device capacity
 *   -> association request; wait macResponseWaitTime for a direct response, else poll for it
 *   -> wait for the Transport Key (rx-on: listen; sleepy: poll with data requests)
 *   -> derive the key-transport key from the install code, verify the MIC, install the network key
 *   -> broadcast a NWK-secured Device_annce encrypted with that key.
 * Frames addressed to the device with an ack request are acknowledged. Everything else heard on the
 * medium is classified and counted, never trusted.
 */
#ifndef EG_DEVICE_H
#define EG_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zb_crypto.h"
#include "zep_medium.h"

#define DEVICE_MAX_CHANNELS 16u
#define DEVICE_ANY_PAN 0xFFFFu

typedef struct device_identity {
    uint64_t ieee;                 /* display order */
    uint8_t install_code[18];      /* with its CRC appended */
    size_t install_code_len;
    bool sleepy;                   /* rx-off-when-idle: polls for its frames */
} device_identity;

typedef struct device_timing {
    int scan_duration;        /* 802.15.4 ScanDuration exponent 0..14 */
    int response_wait_ms;     /* before polling for the association response */
    int poll_interval_ms;     /* between data requests of a sleepy device */
    int association_timeout_ms;
    int key_timeout_ms;       /* association complete -> Transport Key, before giving up */
} device_timing;

typedef struct device_params {
    uint16_t medium_port;
    uint8_t channels[DEVICE_MAX_CHANNELS];
    size_t channel_count;
    uint16_t pan_filter;      /* DEVICE_ANY_PAN or the only PAN to join */
    device_timing timing;
} device_params;

typedef enum device_outcome {
    DEVICE_KEY_INSTALLED = 0,
    DEVICE_BAD_INSTALL_CODE,
    DEVICE_MEDIUM_ERROR,
    DEVICE_NO_NETWORK,          /* no beacon of a joinable Zigbee PAN */
    DEVICE_ASSOCIATION_DENIED,  /* the coordinator answered with a failure status */
    DEVICE_ASSOCIATION_TIMEOUT,
    DEVICE_KEY_TIMEOUT,         /* associated, but no valid Transport Key in time */
    DEVICE_ANNOUNCE_FAILED
} device_outcome;

typedef struct device_counters {
    uint64_t frames_heard;
    uint64_t bad_fcs;          /* wrong FCS */
    uint64_t malformed;        /* MAC decode failures other than the FCS (incl. truncated) */
    uint64_t other_pan;        /* addressed to another PAN */
    uint64_t ignored;          /* valid, but not for us or not relevant now */
    uint64_t beacons_refused;  /* beacons of PANs we must not join */
    uint64_t keys_refused;     /* frames for us that did not open as our Transport Key */
    uint64_t mic_failures;     /* of those, the ones that failed authentication */
    uint64_t acks_sent;
    uint64_t polls_sent;
    zep_medium_counters medium;
} device_counters;

typedef struct device_result {
    device_outcome outcome;
    char detail[96];           /* why, for people; never key material */
    uint8_t channel;
    uint16_t pan_id;
    uint64_t extended_pan_id;
    uint16_t coordinator_short;
    bool associated;
    uint16_t short_addr;
    uint8_t association_status;
    uint64_t trust_center_ieee;
    uint8_t key_seq;
    uint8_t network_key[ZB_KEY_LEN]; /* valid when outcome is DEVICE_KEY_INSTALLED */
    char key_fingerprint[9];
    int64_t scan_ms;
    int64_t association_ms;    /* association request -> response */
    int64_t key_ms;            /* association complete -> key installed */
    device_counters counters;
} device_result;

/* Runs one device to completion (success or failure). */
void device_run(const device_identity *id, const device_params *params, device_result *result);

/* Default timing: scan duration 3 (~138 ms per channel), response wait 100 ms, poll 100 ms,
 * association timeout 2000 ms, key timeout 5000 ms. */
void device_timing_defaults(device_timing *timing);

const char *device_outcome_name(device_outcome outcome);

#endif
