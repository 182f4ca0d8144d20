/* The nRF52840 glue behind eg_platform: radio (Zephyr IEEE 802.15.4 radio API, raw mode) and UART
 * (Zephyr asynchronous UART API). Receive paths run in driver threads and interrupts; they only
 * queue data and wake the main thread, which alone calls into the core. */
#ifndef EG_NRF_PORT_H
#define EG_NRF_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zephyr/kernel.h>

#include "eg_mac.h"

/* Given by the receive paths; the main loop waits on it between ticks. */
extern struct k_sem port_wake;

int port_radio_init(uint8_t channel, uint16_t pan_id, uint64_t ieee);
/* Next received PSDU (with FCS) into psdu (EG_MAC_MAX_PSDU bytes); false when none is queued. */
bool port_radio_receive(uint8_t *psdu, size_t *len);
bool port_radio_transmit(void *ctx, const uint8_t *psdu, size_t len);
void port_radio_set_pending(void *ctx, const eg_mac_address *device, bool pending);

int port_uart_init(void);
/* Bytes received from the host, up to cap; 0 when none. */
size_t port_uart_read(uint8_t *bytes, size_t cap);
bool port_uart_write(void *ctx, const uint8_t *bytes, size_t len);

#endif
