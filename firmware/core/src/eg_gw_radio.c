/* The gateway state machine, radio side (see eg_gateway.h): beacons, association, polls, acks
 * and delivery of the Transport Key frame, as a Zigbee coordinator's IEEE 802.15.4 MAC. */
#include <string.h>

#include "eg_gw_internal.h"
#include "eg_log.h"

/* ---- output ---- */

static void radio_send(eg_gateway *gw, const uint8_t *psdu, int len)
{
    if (len <= 0 || !gw->platform.radio_transmit(gw->platform.ctx, psdu, (size_t)len)) {
        gw->counters.radio_tx_errors++;
    }
}

static uint8_t next_dsn(eg_gateway *gw)
{
    return gw->mac_dsn++;
}

static void send_beacon(eg_gateway *gw)
{
    uint8_t psdu[EG_MAC_MAX_PSDU];
    eg_mac_superframe_spec sf;

    memset(&sf, 0, sizeof(sf));
    sf.beacon_order = 15; /* non-beacon PAN */
    sf.superframe_order = 15;
    sf.final_cap_slot = 15;
    sf.pan_coordinator = true;
    sf.association_permit = gw->permit_open;
    radio_send(gw, psdu,
               eg_mac_encode_beacon(next_dsn(gw), gw->config.pan_id, EG_GW_COORDINATOR_SHORT, &sf,
                                    gw->beacon_payload, sizeof(gw->beacon_payload), psdu,
                                    sizeof(psdu)));
    gw->counters.beacons_sent++;
}

static bool rx_on_when_idle(const eg_gw_device *dev)
{
    return (dev->capability_information & EG_MAC_CAP_RX_ON_WHEN_IDLE) != 0u;
}

static void deny_association(eg_gateway *gw, uint64_t device_ext, uint8_t status)
{
    uint8_t psdu[EG_MAC_MAX_PSDU];
    /* Sent directly even to a sleepy device: it only learns that it cannot join, and holding a
     * table entry to queue a refusal would let joiners exhaust the table. */
    radio_send(gw, psdu,
               eg_mac_encode_association_response(next_dsn(gw), gw->config.pan_id, device_ext,
                                                  gw->config.ext_addr, EG_MAC_SHORT_USE_EXTENDED,
                                                  status, psdu, sizeof(psdu)));
    gw->counters.associations_denied++;
    eg_gw_log(gw, EG_LOG_WARNING, "association of %E denied (status %u)", device_ext,
              (unsigned)status);
}

static void on_association_request(eg_gateway *gw, const eg_mac_frame *f, uint8_t capability)
{
    uint8_t psdu[EG_MAC_MAX_PSDU];
    uint64_t ext = f->hdr.src.ext_addr;
    eg_gw_device *dev;
    eg_gw_admit_result admitted;
    int len;

    if (f->hdr.dst.pan_id != gw->config.pan_id) {
        gw->counters.radio_other_pan++;
        return;
    }
    if (!gw->permit_open) {
        deny_association(gw, ext, EG_MAC_ASSOC_PAN_ACCESS_DENIED);
        return;
    }
    admitted = eg_gw_dev_admit(gw, ext, &dev);
    if (admitted != EG_GW_ADMIT_OK) {
        deny_association(gw, ext,
                         admitted == EG_GW_ADMIT_FULL ? EG_MAC_ASSOC_PAN_AT_CAPACITY
                                                      : EG_MAC_ASSOC_PAN_ACCESS_DENIED);
        return;
    }
    /* Zigbee devices always ask for a short address (allocate address bit); one is given either
     * way, because the NWK layer and the Transport Key need it. */
    dev->capability_information = capability;
    dev->state = EG_GW_DEV_ASSOCIATING;
    len = eg_mac_encode_association_response(next_dsn(gw), gw->config.pan_id, ext,
                                             gw->config.ext_addr, dev->short_addr,
                                             EG_MAC_ASSOC_SUCCESS, psdu, sizeof(psdu));
    gw->counters.associations++;
    if (rx_on_when_idle(dev)) {
        radio_send(gw, psdu, len);
        eg_gw_association_completed(gw, dev);
    } else if (len > 0) {
        eg_gw_dev_queue(gw, dev, psdu, (size_t)len);
    }
}

static void on_poll(eg_gateway *gw, const eg_mac_frame *f)
{
    eg_gw_device *dev = eg_gw_dev_by_address(gw, &f->hdr.src);
    uint8_t state;

    if (dev == NULL) {
        gw->counters.radio_ignored++;
        return;
    }
    gw->counters.polls++;
    dev->last_activity_ms = eg_gw_now(gw);
    if (dev->indirect_len == 0u) {
        return;
    }
    radio_send(gw, dev->indirect_psdu, dev->indirect_len);
    eg_gw_dev_unqueue(gw, dev);
    state = dev->state;
    if (state == EG_GW_DEV_ASSOCIATING) {
        eg_gw_association_completed(gw, dev);
    } else if (state == EG_GW_DEV_KEY_QUEUED) {
        dev->state = EG_GW_DEV_KEY_SENT;
        gw->counters.key_frames_sent++;
        eg_gw_log(gw, EG_LOG_INFO, "transport key delivered to %x on poll",
                  (unsigned)dev->short_addr);
    }
}

void eg_gw_send_key_frame(eg_gateway *gw, eg_gw_device *dev, const uint8_t *nwk_frame,
                          size_t nwk_len)
{
    uint8_t psdu[EG_MAC_MAX_PSDU];
    eg_mac_address dst, src;
    int len;

    memset(&dst, 0, sizeof(dst));
    dst.mode = EG_MAC_ADDR_SHORT;
    dst.pan_id = gw->config.pan_id;
    dst.short_addr = dev->short_addr;
    src = dst;
    src.short_addr = EG_GW_COORDINATOR_SHORT;
    len = eg_mac_encode_data(next_dsn(gw), &dst, &src, true, false, nwk_frame, nwk_len, psdu,
                             sizeof(psdu));
    if (len <= 0) {
        gw->counters.uart_decode_errors++;
        eg_gw_log(gw, EG_LOG_ERROR, "NWK frame for %x does not fit a MAC frame",
                  (unsigned)dev->short_addr);
        return;
    }
    dev->last_activity_ms = eg_gw_now(gw);
    if (rx_on_when_idle(dev)) {
        radio_send(gw, psdu, len);
        dev->state = EG_GW_DEV_KEY_SENT;
        gw->counters.key_frames_sent++;
        eg_gw_log(gw, EG_LOG_INFO, "transport key sent to %x", (unsigned)dev->short_addr);
    } else {
        eg_gw_dev_queue(gw, dev, psdu, (size_t)len);
        dev->state = EG_GW_DEV_KEY_QUEUED;
    }
}

/* ---- input ---- */

/* Is the frame addressed to us (or broadcast) on our PAN? Beacon requests use the broadcast PAN. */
static bool for_us(const eg_gateway *gw, const eg_mac_address *dst)
{
    if (dst->pan_id != gw->config.pan_id && dst->pan_id != EG_MAC_BROADCAST_PAN) {
        return false;
    }
    if (dst->mode == EG_MAC_ADDR_SHORT) {
        return dst->short_addr == EG_GW_COORDINATOR_SHORT ||
               dst->short_addr == EG_MAC_BROADCAST_SHORT;
    }
    return dst->mode == EG_MAC_ADDR_EXT && dst->ext_addr == gw->config.ext_addr;
}

static void send_ack(eg_gateway *gw, const eg_mac_frame *f, const eg_mac_command *cmd)
{
    uint8_t psdu[EG_MAC_ACK_PSDU_LEN];
    bool pending = false;
    eg_gw_device *dev;

    if (!gw->config.send_acks || !f->hdr.ack_request ||
        (f->hdr.dst.mode == EG_MAC_ADDR_SHORT && f->hdr.dst.short_addr == EG_MAC_BROADCAST_SHORT)) {
        return;
    }
    if (cmd != NULL && cmd->id == EG_MAC_CMD_DATA_REQUEST) {
        dev = eg_gw_dev_by_address(gw, &f->hdr.src);
        pending = dev != NULL && dev->indirect_len != 0u;
    }
    radio_send(gw, psdu, eg_mac_encode_ack(f->hdr.seq, pending, psdu, sizeof(psdu)));
}

void eg_gw_radio_input(eg_gateway *gw, const uint8_t *psdu, size_t len)
{
    eg_mac_frame f;
    eg_mac_command cmd;

    gw->counters.radio_rx++;
    if (eg_mac_decode(psdu, len, &f) != EG_MAC_OK) {
        gw->counters.radio_malformed++;
        return;
    }
    if (f.hdr.frame_type == EG_MAC_FRAME_BEACON) {
        gw->counters.radio_other_pan++; /* another coordinator nearby */
        return;
    }
    if (f.hdr.frame_type == EG_MAC_FRAME_ACK) {
        gw->counters.radio_ignored++; /* we do not retransmit, so acks change nothing */
        return;
    }
    if (f.hdr.dst.mode == EG_MAC_ADDR_NONE || !for_us(gw, &f.hdr.dst)) {
        gw->counters.radio_other_pan++;
        return;
    }
    if (f.hdr.frame_type != EG_MAC_FRAME_COMMAND) {
        send_ack(gw, &f, NULL);
        gw->counters.radio_ignored++; /* data from joined devices: relayed in a later version */
        return;
    }
    if (eg_mac_parse_command(&f, &cmd) != EG_MAC_OK) {
        gw->counters.radio_malformed++;
        return;
    }
    send_ack(gw, &f, &cmd);
    switch (cmd.id) {
    case EG_MAC_CMD_BEACON_REQUEST:
        if (gw->permit_open) {
            send_beacon(gw);
        } else {
            gw->counters.beacon_requests_closed++;
        }
        break;
    case EG_MAC_CMD_ASSOCIATION_REQUEST:
        on_association_request(gw, &f, cmd.capability_information);
        break;
    case EG_MAC_CMD_DATA_REQUEST:
        on_poll(gw, &f);
        break;
    default:
        gw->counters.radio_ignored++;
        break;
    }
}
