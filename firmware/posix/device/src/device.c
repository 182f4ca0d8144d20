/* The join sequence of one simulated device; see device.h. */
#define _POSIX_C_SOURCE 200809L

#include "device.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "eg_mac.h"
#include "eg_zb_beacon.h"
#include "zb_nwk_aps.h"

/* 802.15.4 at 2.4 GHz: aBaseSuperframeDuration = 960 symbols of 16 us. */
#define BASE_SUPERFRAME_US (960 * 16)

typedef struct device_ctx {
    const device_identity *id;
    const device_params *params;
    device_result *r;
    zep_medium medium;
    uint8_t mac_seq;
    uint8_t nwk_seq;
    uint8_t aps_counter;
    uint8_t zdo_seq;
    uint16_t pan;             /* DEVICE_ANY_PAN until a PAN is chosen */
    eg_mac_address coordinator;
    bool associated;
    uint16_t short_addr;
    uint8_t capability;
    uint8_t key_transport_key[ZB_KEY_LEN];
    uint8_t rx[ZEP_MAX_PSDU]; /* the last received PSDU; decoded frames point into it */
} device_ctx;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void device_timing_defaults(device_timing *timing)
{
    timing->scan_duration = 3;
    timing->response_wait_ms = 100;
    timing->poll_interval_ms = 100;
    timing->association_timeout_ms = 2000;
    timing->key_timeout_ms = 5000;
}

const char *device_outcome_name(device_outcome outcome)
{
    switch (outcome) {
    case DEVICE_KEY_INSTALLED: return "key_installed";
    case DEVICE_BAD_INSTALL_CODE: return "bad_install_code";
    case DEVICE_MEDIUM_ERROR: return "medium_error";
    case DEVICE_NO_NETWORK: return "no_network";
    case DEVICE_ASSOCIATION_DENIED: return "association_denied";
    case DEVICE_ASSOCIATION_TIMEOUT: return "association_timeout";
    case DEVICE_KEY_TIMEOUT: return "key_timeout";
    case DEVICE_ANNOUNCE_FAILED: return "announce_failed";
    }
    return "unknown";
}

static bool fail(device_ctx *c, device_outcome outcome, const char *detail)
{
    c->r->outcome = outcome;
    snprintf(c->r->detail, sizeof c->r->detail, "%s", detail);
    return false;
}

static bool send_psdu(device_ctx *c, const uint8_t *psdu, int len)
{
    if (len <= 0 || zep_medium_send(&c->medium, psdu, (size_t)len) != 0) {
        return fail(c, DEVICE_MEDIUM_ERROR, len <= 0 ? "frame encoding failed" : strerror(errno));
    }
    return true;
}

static bool addressed_to_us(const device_ctx *c, const eg_mac_address *dst)
{
    if (dst->mode == EG_MAC_ADDR_EXT) {
        return dst->ext_addr == c->id->ieee;
    }
    return dst->mode == EG_MAC_ADDR_SHORT && c->associated && dst->short_addr == c->short_addr &&
           c->short_addr < EG_MAC_SHORT_USE_EXTENDED;
}

/* Waits until deadline (monotonic ms) for the next frame worth looking at: FCS and MAC header valid,
 * and for our PAN (or broadcast, or a beacon). Unicast frames to us that ask for an ack get one.
 * Returns 1 with *frame set, 0 at the deadline, -1 on a medium error (result already set). */
static int next_frame(device_ctx *c, int64_t deadline, eg_mac_frame *frame)
{
    for (;;) {
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            return 0;
        }
        int n = zep_medium_receive(&c->medium, c->rx, sizeof c->rx, (int)left, NULL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail(c, DEVICE_MEDIUM_ERROR, strerror(errno));
            return -1;
        }
        if (n == 0) {
            return 0;
        }
        device_counters *k = &c->r->counters;
        k->frames_heard++;
        eg_mac_status st = eg_mac_decode(c->rx, (size_t)n, frame);
        if (st == EG_MAC_ERR_FCS) {
            k->bad_fcs++;
            continue;
        }
        if (st != EG_MAC_OK) {
            k->malformed++;
            continue;
        }
        if (frame->hdr.frame_type == EG_MAC_FRAME_BEACON) {
            return 1; /* beacons carry no destination; the scan judges them */
        }
        if (frame->hdr.frame_type == EG_MAC_FRAME_ACK || frame->hdr.dst.mode == EG_MAC_ADDR_NONE) {
            k->ignored++; /* we never wait for acks: the simulated medium does not lose frames */
            continue;
        }
        uint16_t dst_pan = frame->hdr.dst.pan_id;
        if (dst_pan != EG_MAC_BROADCAST_PAN && c->pan != DEVICE_ANY_PAN && dst_pan != c->pan) {
            k->other_pan++;
            continue;
        }
        if (addressed_to_us(c, &frame->hdr.dst)) {
            if (frame->hdr.ack_request) {
                uint8_t ack[EG_MAC_ACK_PSDU_LEN];
                int len = eg_mac_encode_ack(frame->hdr.seq, false, ack, sizeof ack);
                if (!send_psdu(c, ack, len)) {
                    return -1;
                }
                k->acks_sent++;
            }
            return 1;
        }
        k->ignored++;
    }
}

/* ---- active scan ---- */

static bool beacon_acceptable(device_ctx *c, const eg_mac_frame *frame, eg_zb_beacon_payload *zb)
{
    eg_mac_beacon beacon;
    if (eg_mac_parse_beacon(frame, &beacon) != EG_MAC_OK ||
        eg_zb_beacon_payload_decode(beacon.beacon_payload, beacon.beacon_payload_len, zb) != EG_MAC_OK) {
        c->r->counters.malformed++;
        return false;
    }
    const device_params *p = c->params;
    bool ok = beacon.superframe.association_permit && zb->stack_profile == EG_ZB_STACK_PROFILE_PRO &&
              zb->protocol_version == EG_ZB_PROTOCOL_VERSION && zb->end_device_capacity &&
              frame->hdr.src.mode != EG_MAC_ADDR_NONE &&
              (p->pan_filter == DEVICE_ANY_PAN || frame->hdr.src.pan_id == p->pan_filter);
    if (!ok) {
        c->r->counters.beacons_refused++;
    }
    return ok;
}

static bool active_scan(device_ctx *c)
{
    int64_t start = now_ms();
    int n = c->params->timing.scan_duration;
    int window_ms = (int)(((int64_t)BASE_SUPERFRAME_US * ((1 << n) + 1) + 999) / 1000);
    for (size_t i = 0; i < c->params->channel_count; i++) {
        uint8_t channel = c->params->channels[i];
        zep_medium_set_channel(&c->medium, channel);
        uint8_t psdu[EG_MAC_MAX_PSDU];
        if (!send_psdu(c, psdu, eg_mac_encode_beacon_request(c->mac_seq++, psdu, sizeof psdu))) {
            return false;
        }
        int64_t deadline = now_ms() + window_ms;
        eg_mac_frame frame;
        int got;
        while ((got = next_frame(c, deadline, &frame)) == 1) {
            if (frame.hdr.frame_type != EG_MAC_FRAME_BEACON) {
                c->r->counters.ignored++;
                continue;
            }
            eg_zb_beacon_payload zb;
            if (beacon_acceptable(c, &frame, &zb)) {
                c->r->channel = channel;
                c->pan = frame.hdr.src.pan_id;
                c->coordinator = frame.hdr.src;
                c->r->pan_id = c->pan;
                c->r->extended_pan_id = zb.extended_pan_id;
                c->r->coordinator_short =
                    frame.hdr.src.mode == EG_MAC_ADDR_SHORT ? frame.hdr.src.short_addr : 0xFFFEu;
                c->r->scan_ms = now_ms() - start;
                return true;
            }
        }
        if (got < 0) {
            return false;
        }
    }
    c->r->scan_ms = now_ms() - start;
    return fail(c, DEVICE_NO_NETWORK, "no beacon of a Zigbee PRO PAN permitting joining");
}

/* ---- association ---- */

static bool send_data_request(device_ctx *c)
{
    eg_mac_address src = {.pan_id = c->pan};
    if (c->associated && c->short_addr < EG_MAC_SHORT_USE_EXTENDED) {
        src.mode = EG_MAC_ADDR_SHORT;
        src.short_addr = c->short_addr;
    } else {
        src.mode = EG_MAC_ADDR_EXT;
        src.ext_addr = c->id->ieee;
    }
    uint8_t psdu[EG_MAC_MAX_PSDU];
    int len = eg_mac_encode_data_request(c->mac_seq++, &c->coordinator, &src, psdu, sizeof psdu);
    c->r->counters.polls_sent++;
    return send_psdu(c, psdu, len);
}

static bool associate(device_ctx *c)
{
    uint8_t psdu[EG_MAC_MAX_PSDU];
    int len = eg_mac_encode_association_request(c->mac_seq++, &c->coordinator, c->id->ieee,
                                                c->capability, psdu, sizeof psdu);
    int64_t start = now_ms();
    if (!send_psdu(c, psdu, len)) {
        return false;
    }
    const device_timing *t = &c->params->timing;
    int64_t deadline = start + t->association_timeout_ms;
    int64_t next_poll = start + t->response_wait_ms;
    for (;;) {
        int64_t until = next_poll < deadline ? next_poll : deadline;
        eg_mac_frame frame;
        int got = next_frame(c, until, &frame);
        if (got < 0) {
            return false;
        }
        if (got == 0) {
            if (now_ms() >= deadline) {
                return fail(c, DEVICE_ASSOCIATION_TIMEOUT, "no association response");
            }
            /* Whether the coordinator answers directly (rx-on joiners) or holds the response until
             * polled (802.15.4 indirect transmission), polling after macResponseWaitTime gets it. */
            if (!send_data_request(c)) {
                return false;
            }
            next_poll = now_ms() + t->poll_interval_ms;
            continue;
        }
        eg_mac_command cmd;
        if (frame.hdr.frame_type != EG_MAC_FRAME_COMMAND || eg_mac_parse_command(&frame, &cmd) != EG_MAC_OK ||
            cmd.id != EG_MAC_CMD_ASSOCIATION_RESPONSE) {
            c->r->counters.ignored++;
            continue;
        }
        c->r->association_ms = now_ms() - start;
        c->r->association_status = cmd.assoc_status;
        if (cmd.assoc_status != EG_MAC_ASSOC_SUCCESS || cmd.assoc_short_addr == EG_MAC_BROADCAST_SHORT) {
            char detail[64];
            snprintf(detail, sizeof detail, "association status 0x%02x", cmd.assoc_status);
            return fail(c, DEVICE_ASSOCIATION_DENIED, detail);
        }
        c->associated = true;
        c->short_addr = cmd.assoc_short_addr;
        c->r->short_addr = c->short_addr;
        c->r->associated = true;
        return true;
    }
}

/* ---- Transport Key ---- */

static bool await_key(device_ctx *c)
{
    const device_timing *t = &c->params->timing;
    int64_t start = now_ms();
    int64_t deadline = start + t->key_timeout_ms;
    int64_t next_poll = c->id->sleepy ? start : deadline;
    zb_frame_status last = ZB_FRAME_OK;
    for (;;) {
        if (c->id->sleepy && now_ms() >= next_poll && now_ms() < deadline) {
            if (!send_data_request(c)) {
                return false;
            }
            next_poll = now_ms() + t->poll_interval_ms;
        }
        int64_t until = next_poll < deadline ? next_poll : deadline;
        eg_mac_frame frame;
        int got = next_frame(c, until, &frame);
        if (got < 0) {
            return false;
        }
        if (got == 0) {
            if (now_ms() >= deadline) {
                char detail[96];
                snprintf(detail, sizeof detail, "no valid Transport Key%s%s",
                         last != ZB_FRAME_OK ? "; last refused: " : "",
                         last != ZB_FRAME_OK ? zb_frame_status_name(last) : "");
                return fail(c, DEVICE_KEY_TIMEOUT, detail);
            }
            continue;
        }
        if (frame.hdr.frame_type != EG_MAC_FRAME_DATA) {
            c->r->counters.ignored++;
            continue;
        }
        zb_transport_key tk;
        zb_frame_status st = zb_transport_key_open(frame.payload, frame.payload_len, c->key_transport_key,
                                                   c->id->ieee, &tk);
        if (st != ZB_FRAME_OK) {
            c->r->counters.keys_refused++;
            if (st == ZB_FRAME_MIC_FAILURE) {
                c->r->counters.mic_failures++;
            }
            last = st;
            continue;
        }
        c->r->key_ms = now_ms() - start;
        memcpy(c->r->network_key, tk.key, ZB_KEY_LEN);
        c->r->key_seq = tk.key_seq;
        c->r->trust_center_ieee = tk.source_ieee;
        memset(&tk, 0, sizeof tk);
        if (zb_key_fingerprint(c->r->network_key, c->r->key_fingerprint) != ZB_CRYPTO_OK) {
            return fail(c, DEVICE_KEY_TIMEOUT, "fingerprint failed");
        }
        return true;
    }
}

/* ---- proof: NWK-secured Device_annce ---- */

static bool announce(device_ctx *c)
{
    zb_device_annce annce = {
        .device_ieee = c->id->ieee,
        .device_short = c->short_addr,
        .capability = c->capability,
        .nwk_seq = c->nwk_seq++,
        .aps_counter = c->aps_counter++,
        .zdo_seq = c->zdo_seq++,
        .nwk_frame_counter = 0, /* a freshly joined device starts its outgoing NWK counter at 0 */
        .network_key = c->r->network_key,
        .key_seq = c->r->key_seq,
    };
    uint8_t nwk[EG_MAC_MAX_DATA_PAYLOAD_SHORT];
    zb_frame_status st;
    size_t nwk_len = zb_device_annce_build(&annce, nwk, sizeof nwk, &st);
    if (nwk_len == 0) {
        return fail(c, DEVICE_ANNOUNCE_FAILED, zb_frame_status_name(st));
    }
    eg_mac_address dst = {.mode = EG_MAC_ADDR_SHORT, .pan_id = c->pan, .short_addr = EG_MAC_BROADCAST_SHORT};
    eg_mac_address src = {.mode = EG_MAC_ADDR_SHORT, .pan_id = c->pan, .short_addr = c->short_addr};
    uint8_t psdu[EG_MAC_MAX_PSDU];
    int len = eg_mac_encode_data(c->mac_seq++, &dst, &src, false, false, nwk, nwk_len, psdu, sizeof psdu);
    if (len <= 0) {
        return fail(c, DEVICE_ANNOUNCE_FAILED, "MAC encoding failed");
    }
    return send_psdu(c, psdu, len);
}

void device_run(const device_identity *id, const device_params *params, device_result *result)
{
    memset(result, 0, sizeof *result);
    device_ctx c;
    memset(&c, 0, sizeof c);
    c.id = id;
    c.params = params;
    c.r = result;
    c.pan = DEVICE_ANY_PAN;
    /* Sequence numbers start somewhere different per device, as on real radios. */
    uint32_t seed = (uint32_t)(id->ieee ^ (id->ieee >> 32) ^ (uint64_t)getpid() ^ (uint64_t)now_ms());
    c.mac_seq = (uint8_t)seed;
    c.nwk_seq = (uint8_t)(seed >> 8);
    c.aps_counter = (uint8_t)(seed >> 16);
    c.zdo_seq = (uint8_t)(seed >> 24);
    /* Allocate address; an rx-on device also says it is mains powered and keeps its receiver on. */
    c.capability = EG_MAC_CAP_ALLOCATE_ADDRESS |
                   (id->sleepy ? 0u : (EG_MAC_CAP_RX_ON_WHEN_IDLE | EG_MAC_CAP_POWER_SOURCE_MAINS));

    uint8_t link_key[ZB_KEY_LEN];
    uint16_t expected_crc = 0;
    if (zb_link_key_from_install_code(id->install_code, id->install_code_len, link_key, &expected_crc) != ZB_IC_OK ||
        zb_key_transport_key(link_key, c.key_transport_key) != ZB_CRYPTO_OK) {
        fail(&c, DEVICE_BAD_INSTALL_CODE, "install code refused");
        memset(link_key, 0, sizeof link_key);
        return;
    }
    memset(link_key, 0, sizeof link_key);

    zep_medium_config mc = {
        .port = params->medium_port,
        .channel = params->channel_count > 0 ? params->channels[0] : 11,
        .device_id = (uint16_t)id->ieee,
    };
    if (zep_medium_open(&c.medium, &mc) != 0) {
        fail(&c, DEVICE_MEDIUM_ERROR, strerror(errno));
        return;
    }
    if (active_scan(&c) && associate(&c) && await_key(&c) && announce(&c)) {
        result->outcome = DEVICE_KEY_INSTALLED;
        snprintf(result->detail, sizeof result->detail, "network key installed, Device_annce sent");
    }
    result->counters.medium = c.medium.counters;
    zep_medium_close(&c.medium);
    memset(c.key_transport_key, 0, sizeof c.key_transport_key);
}
