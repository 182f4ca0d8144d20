/* Internal interface between the gateway's event handling (eg_gateway.c) and its device table
 * (eg_gw_devices.c). Not part of the public API. */
#ifndef EG_GW_INTERNAL_H
#define EG_GW_INTERNAL_H

#include "eg_gateway.h"

/* The PAN coordinator's short address: the gateway's own. */
#define EG_GW_COORDINATOR_SHORT 0x0000u

/* True once now has reached deadline, also across the 49-day wrap of a uint32_t millisecond
 * clock (valid while the two are less than 24 days apart). */
static inline bool eg_gw_reached(uint32_t now, uint32_t deadline)
{
    return (uint32_t)(now - deadline) < 0x80000000u;
}

static inline uint32_t eg_gw_now(const eg_gateway *gw)
{
    return gw->platform.uptime_ms(gw->platform.ctx);
}

eg_gw_device *eg_gw_dev_by_ext(eg_gateway *gw, uint64_t ext_addr);

/* The device a MAC source address names: by extended address, or by short address once the
 * device has one that it knows (i.e. past the association response). */
eg_gw_device *eg_gw_dev_by_address(eg_gateway *gw, const eg_mac_address *addr);

eg_gw_device *eg_gw_dev_by_request_id(eg_gateway *gw, const uint8_t *id, size_t len);

typedef enum eg_gw_admit_result {
    EG_GW_ADMIT_OK,
    EG_GW_ADMIT_FULL,       /* no free entry and nothing stale to evict */
    EG_GW_ADMIT_NO_RANDOM   /* the platform gave no randomness for the address */
} eg_gw_admit_result;

/* The entry for a device that asks to associate: its existing entry (the short address is kept),
 * else a free or evicted stale entry with a fresh random short address not in use. */
eg_gw_admit_result eg_gw_dev_admit(eg_gateway *gw, uint64_t ext_addr, eg_gw_device **out);

/* Queues a frame for the device until it polls, or until the transaction persistence time. */
void eg_gw_dev_queue(eg_gateway *gw, eg_gw_device *dev, const uint8_t *psdu, size_t len);

/* Drops the queued frame, if any (and tells a hardware-acking radio). */
void eg_gw_dev_unqueue(eg_gateway *gw, eg_gw_device *dev);

/* Forgets the device entirely: the association is dropped and the address may be reused. */
void eg_gw_dev_release(eg_gateway *gw, eg_gw_device *dev);

/* The association response reached the device: send the EG Request, arm the deadline
 * (eg_gateway.c). */
void eg_gw_association_completed(eg_gateway *gw, eg_gw_device *dev);

/* Puts the EG Response's NWK frame in a MAC data frame to the device: sent now if its receiver
 * is on when idle, else queued until it polls (eg_gw_radio.c). */
void eg_gw_send_key_frame(eg_gateway *gw, eg_gw_device *dev, const uint8_t *nwk_frame,
                          size_t nwk_len);

#endif
