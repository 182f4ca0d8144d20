/* The gateway's device table: lookup, short address allocation, indirect queue. */
#include <string.h>

#include "eg_gw_internal.h"

/* Zigbee PRO stochastic addressing: a random address in 0x0001..0xFFF7 (0x0000 is the
 * coordinator, 0xFFF8..0xFFFF are reserved or broadcast). A duplicate is drawn again. */
#define SHORT_MIN 0x0001u
#define SHORT_MAX 0xFFF7u
#define SHORT_DRAWS 16

eg_gw_device *eg_gw_dev_by_ext(eg_gateway *gw, uint64_t ext_addr)
{
    size_t i;
    for (i = 0; i < EG_GW_MAX_DEVICES; i++) {
        if (gw->devices[i].state != EG_GW_DEV_FREE && gw->devices[i].ext_addr == ext_addr) {
            return &gw->devices[i];
        }
    }
    return NULL;
}

eg_gw_device *eg_gw_dev_by_address(eg_gateway *gw, const eg_mac_address *addr)
{
    size_t i;
    eg_gw_device *d;

    if (addr->mode == EG_MAC_ADDR_EXT) {
        return eg_gw_dev_by_ext(gw, addr->ext_addr);
    }
    if (addr->mode != EG_MAC_ADDR_SHORT) {
        return NULL;
    }
    for (i = 0; i < EG_GW_MAX_DEVICES; i++) {
        d = &gw->devices[i];
        /* While ASSOCIATING the device has not heard its address yet: a poll from that short
         * address is some other node's. */
        if (d->state != EG_GW_DEV_FREE && d->state != EG_GW_DEV_ASSOCIATING &&
            d->short_addr == addr->short_addr) {
            return d;
        }
    }
    return NULL;
}

eg_gw_device *eg_gw_dev_by_request_id(eg_gateway *gw, const uint8_t *id, size_t len)
{
    size_t i;
    if (len != EG_GW_REQUEST_ID_LEN) {
        return NULL;
    }
    for (i = 0; i < EG_GW_MAX_DEVICES; i++) {
        if (gw->devices[i].state == EG_GW_DEV_AWAITING_KEY &&
            memcmp(gw->devices[i].request_id, id, EG_GW_REQUEST_ID_LEN) == 0) {
            return &gw->devices[i];
        }
    }
    return NULL;
}

static bool short_in_use(const eg_gateway *gw, uint16_t s)
{
    size_t i;
    for (i = 0; i < EG_GW_MAX_DEVICES; i++) {
        if (gw->devices[i].state != EG_GW_DEV_FREE && gw->devices[i].short_addr == s) {
            return true;
        }
    }
    return false;
}

/* The entry of the given state idle the longest, or NULL. */
static eg_gw_device *oldest_in(eg_gateway *gw, uint8_t state, uint32_t now)
{
    size_t i;
    eg_gw_device *oldest = NULL;
    for (i = 0; i < EG_GW_MAX_DEVICES; i++) {
        eg_gw_device *d = &gw->devices[i];
        if (d->state == state &&
            (oldest == NULL ||
             (uint32_t)(now - d->last_activity_ms) > (uint32_t)(now - oldest->last_activity_ms))) {
            oldest = d;
        }
    }
    return oldest;
}

/* A free entry; else the longest idle stale one (its device gave up); else the longest idle one
 * whose key was delivered (the gateway has no further role for it: it routes nothing, and relaying
 * is not implemented); else NULL, because every entry is in the middle of an enrolment. */
static eg_gw_device *free_entry(eg_gateway *gw, uint32_t now)
{
    eg_gw_device *d = oldest_in(gw, EG_GW_DEV_FREE, now);
    if (d == NULL) {
        d = oldest_in(gw, EG_GW_DEV_STALE, now);
    }
    if (d == NULL) {
        d = oldest_in(gw, EG_GW_DEV_KEY_SENT, now);
    }
    if (d != NULL) {
        eg_gw_dev_release(gw, d);
    }
    return d;
}

eg_gw_admit_result eg_gw_dev_admit(eg_gateway *gw, uint64_t ext_addr, eg_gw_device **out)
{
    eg_gw_device *d = eg_gw_dev_by_ext(gw, ext_addr);
    uint32_t now = eg_gw_now(gw);
    uint8_t r[2];
    uint16_t s;
    int draw;

    *out = NULL;
    if (d != NULL) {
        /* Re-association: same address, fresh transaction state. */
        eg_gw_dev_unqueue(gw, d);
        memset(d->request_id, 0, sizeof(d->request_id));
        d->last_activity_ms = now;
        *out = d;
        return EG_GW_ADMIT_OK;
    }
    d = free_entry(gw, now);
    if (d == NULL) {
        return EG_GW_ADMIT_FULL;
    }
    for (draw = 0; draw < SHORT_DRAWS; draw++) {
        if (!gw->platform.random_bytes(gw->platform.ctx, r, sizeof(r))) {
            gw->counters.random_failures++;
            return EG_GW_ADMIT_NO_RANDOM;
        }
        s = (uint16_t)(r[0] | (r[1] << 8));
        if (s >= SHORT_MIN && s <= SHORT_MAX && !short_in_use(gw, s)) {
            memset(d, 0, sizeof(*d));
            d->state = EG_GW_DEV_ASSOCIATING;
            d->ext_addr = ext_addr;
            d->short_addr = s;
            d->last_activity_ms = now;
            *out = d;
            return EG_GW_ADMIT_OK;
        }
    }
    /* 16 collisions in a row means a broken generator or an absurdly full PAN. */
    return EG_GW_ADMIT_FULL;
}

static void report_pending(eg_gateway *gw, const eg_gw_device *dev, bool pending)
{
    eg_mac_address a;
    if (gw->platform.indirect_pending == NULL) {
        return;
    }
    memset(&a, 0, sizeof(a));
    a.pan_id = gw->config.pan_id;
    a.mode = EG_MAC_ADDR_EXT;
    a.ext_addr = dev->ext_addr;
    gw->platform.indirect_pending(gw->platform.ctx, &a, pending);
    a.mode = EG_MAC_ADDR_SHORT;
    a.short_addr = dev->short_addr;
    gw->platform.indirect_pending(gw->platform.ctx, &a, pending);
}

void eg_gw_dev_queue(eg_gateway *gw, eg_gw_device *dev, const uint8_t *psdu, size_t len)
{
    if (len == 0u || len > sizeof(dev->indirect_psdu)) {
        return;
    }
    memcpy(dev->indirect_psdu, psdu, len);
    dev->indirect_len = (uint8_t)len;
    dev->indirect_expiry_ms = eg_gw_now(gw) + gw->config.transaction_persistence_ms;
    report_pending(gw, dev, true);
}

void eg_gw_dev_unqueue(eg_gateway *gw, eg_gw_device *dev)
{
    if (dev->indirect_len != 0u) {
        dev->indirect_len = 0;
        report_pending(gw, dev, false);
    }
}

void eg_gw_dev_release(eg_gateway *gw, eg_gw_device *dev)
{
    eg_gw_dev_unqueue(gw, dev);
    memset(dev, 0, sizeof(*dev));
}

const eg_gw_device *eg_gw_find_device(const eg_gateway *gw, uint64_t ext_addr)
{
    size_t i;
    for (i = 0; i < EG_GW_MAX_DEVICES; i++) {
        if (gw->devices[i].state != EG_GW_DEV_FREE && gw->devices[i].ext_addr == ext_addr) {
            return &gw->devices[i];
        }
    }
    return NULL;
}
