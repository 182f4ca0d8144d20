/* Radio glue: Zephyr's IEEE 802.15.4 radio API in raw mode (no Zephyr MAC, the core is the MAC). */
#include "port.h"

#include <errno.h>
#include <string.h>

#include <zephyr/device.h>
#include <zephyr/net/ieee802154_radio.h>
#include <zephyr/net/net_pkt.h>
#include <zephyr/sys/byteorder.h>

#define RX_QUEUE_DEPTH 8

struct rx_item {
	uint8_t len;
	uint8_t psdu[EG_MAC_MAX_PSDU];
};

K_MSGQ_DEFINE(rx_queue, sizeof(struct rx_item), RX_QUEUE_DEPTH, 1);

static const struct device *const radio = DEVICE_DT_GET(DT_CHOSEN(zephyr_ieee802154));
static const struct ieee802154_radio_api *api;

/* In raw mode the radio driver delivers every received frame here, FCS included (the nRF driver
 * keeps it in raw mode), from its own receive thread. The application owns pkt. */
int net_recv_data(struct net_if *iface, struct net_pkt *pkt)
{
	struct rx_item item;
	size_t len = net_pkt_get_len(pkt);

	ARG_UNUSED(iface);
	net_pkt_cursor_init(pkt);
	if (len >= EG_MAC_FCS_LEN && len <= sizeof(item.psdu) &&
	    net_pkt_read(pkt, item.psdu, len) == 0) {
		item.len = (uint8_t)len;
		/* A full queue drops the frame, as a busy radio would. */
		if (k_msgq_put(&rx_queue, &item, K_NO_WAIT) == 0) {
			k_sem_give(&port_wake);
		}
	}
	net_pkt_unref(pkt);
	return 0;
}

bool port_radio_receive(uint8_t *psdu, size_t *len)
{
	struct rx_item item;

	if (k_msgq_get(&rx_queue, &item, K_NO_WAIT) != 0) {
		return false;
	}
	memcpy(psdu, item.psdu, item.len);
	*len = item.len;
	return true;
}

bool port_radio_transmit(void *ctx, const uint8_t *psdu, size_t len)
{
	/* The nRF radio computes and appends the FCS: hand it the MPDU only. */
	size_t mpdu_len = len - EG_MAC_FCS_LEN;
	struct net_pkt *pkt;
	int rc;

	ARG_UNUSED(ctx);
	if (len <= EG_MAC_FCS_LEN || len > EG_MAC_MAX_PSDU) {
		return false;
	}
	pkt = net_pkt_alloc_with_buffer(NULL, mpdu_len, AF_UNSPEC, 0, K_MSEC(10));
	if (pkt == NULL) {
		return false;
	}
	rc = net_pkt_write(pkt, psdu, mpdu_len);
	if (rc == 0) {
		/* CSMA-CA, and for frames that request it the driver waits for the ack. */
		rc = api->tx(radio, IEEE802154_TX_MODE_CSMA_CA, pkt, pkt->buffer);
	}
	net_pkt_unref(pkt);
	return rc == 0;
}

/* The radio acknowledges in hardware, so the frame pending bit of the ack to a data request must
 * come from its source address table: the core reports each queued (indirect) frame here. */
void port_radio_set_pending(void *ctx, const eg_mac_address *device, bool pending)
{
	struct ieee802154_config config = {0};
	uint8_t addr[8];

	ARG_UNUSED(ctx);
	if (device->mode == EG_MAC_ADDR_EXT) {
		sys_put_le64(device->ext_addr, addr);
		config.ack_fpb.extended = true;
	} else {
		sys_put_le16(device->short_addr, addr);
		config.ack_fpb.extended = false;
	}
	config.ack_fpb.addr = addr;
	config.ack_fpb.enabled = pending;
	(void)api->configure(radio, IEEE802154_CONFIG_ACK_FPB, &config);
}

int port_radio_init(uint8_t channel, uint16_t pan_id, uint64_t ieee)
{
	static uint8_t ieee_le[8]; /* the driver may keep the pointer */
	struct ieee802154_filter filter;
	struct ieee802154_config config;
	int rc;

	if (!device_is_ready(radio)) {
		return -ENODEV;
	}
	api = radio->api;

	/* Hardware address filtering for our PAN, our short address (coordinator: 0x0000) and our
	 * extended address; broadcasts (beacon requests) pass too. */
	filter.pan_id = pan_id;
	api->filter(radio, true, IEEE802154_FILTER_TYPE_PAN_ID, &filter);
	filter.short_addr = 0x0000;
	api->filter(radio, true, IEEE802154_FILTER_TYPE_SHORT_ADDR, &filter);
	sys_put_le64(ieee, ieee_le);
	filter.ieee_addr = ieee_le;
	api->filter(radio, true, IEEE802154_FILTER_TYPE_IEEE_ADDR, &filter);

	/* As PAN coordinator the radio also accepts frames without a destination address. */
	memset(&config, 0, sizeof(config));
	config.pan_coordinator = true;
	api->configure(radio, IEEE802154_CONFIG_PAN_COORDINATOR, &config);

	/* Frame pending bit set only for addresses in the table (port_radio_set_pending). */
	memset(&config, 0, sizeof(config));
	config.auto_ack_fpb.enabled = true;
	config.auto_ack_fpb.mode = IEEE802154_FPB_ADDR_MATCH_THREAD;
	api->configure(radio, IEEE802154_CONFIG_AUTO_ACK_FPB, &config);

	rc = api->set_channel(radio, channel);
	if (rc != 0) {
		return rc;
	}
	return api->start(radio);
}
