/* Enrolgate gateway on the nRF52840: configuration from Kconfig, the platform table, and the one
 * loop that feeds radio and UART input to the core and ticks it. Everything else is in core/. */
#include <stdlib.h>
#include <string.h>

#include <soc.h>
#include <zephyr/kernel.h>
#include <zephyr/logging/log.h>
#include <zephyr/random/random.h>

#include "eg_gateway.h"
#include "eg_log.h"
#include "port.h"

LOG_MODULE_REGISTER(enrolgate, LOG_LEVEL_INF);

#define TICK_MS 10
/* Nordic's OUI, as Zephyr's nRF 802.15.4 driver uses for the chip's EUI-64. */
#define NORDIC_OUI 0xF4CE36ull

K_SEM_DEFINE(port_wake, 0, 1);

static eg_gateway gw; /* 7.5 KB: static, never on a stack */

static uint32_t uptime_ms(void *ctx)
{
	ARG_UNUSED(ctx);
	return k_uptime_get_32();
}

static bool random_bytes(void *ctx, uint8_t *out, size_t len)
{
	ARG_UNUSED(ctx);
	return sys_csrand_get(out, len) == 0;
}

static void local_log(void *ctx, uint8_t level, const char *text)
{
	ARG_UNUSED(ctx);
	if (level <= EG_LOG_ERROR) {
		LOG_ERR("%s", text);
	} else if (level == EG_LOG_WARNING) {
		LOG_WRN("%s", text);
	} else {
		LOG_INF("%s", text);
	}
}

/* A 16-hex-digit Kconfig string, or fallback when it is empty or malformed. */
static uint64_t hex64(const char *text, uint64_t fallback)
{
	char *end;
	unsigned long long v;

	if (text == NULL || strlen(text) != 16) {
		return fallback;
	}
	v = strtoull(text, &end, 16);
	return *end == '\0' ? (uint64_t)v : fallback;
}

/* OUI + 40 bits of the factory-programmed device id: unique per chip without provisioning. */
static uint64_t factory_ieee(void)
{
	return (NORDIC_OUI << 40) | ((uint64_t)(NRF_FICR->DEVICEID[1] & 0xFFu) << 32) |
	       NRF_FICR->DEVICEID[0];
}

int main(void)
{
	eg_platform platform = {
		.ctx = NULL,
		.uptime_ms = uptime_ms,
		.random_bytes = random_bytes,
		.radio_transmit = port_radio_transmit,
		.uart_write = port_uart_write,
		.indirect_pending = port_radio_set_pending,
		.local_log = local_log,
	};
	eg_gw_config config = {0};
	uint8_t psdu[EG_MAC_MAX_PSDU];
	uint8_t bytes[64];
	size_t len;

	config.ext_addr = hex64(CONFIG_EG_GATEWAY_IEEE, factory_ieee());
	config.pan_id = CONFIG_EG_PAN_ID;
	config.channel = CONFIG_EG_CHANNEL;
	config.extended_pan_id = hex64(CONFIG_EG_EXTENDED_PAN_ID, config.ext_addr);
	config.permit_join_s = CONFIG_EG_PERMIT_JOIN_S;
	config.send_acks = false; /* the nRF radio acknowledges in hardware */
	config.uart_log_level = CONFIG_EG_UART_LOG_LEVEL;

	if (port_radio_init(config.channel, config.pan_id, config.ext_addr) != 0 ||
	    port_uart_init() != 0) {
		LOG_ERR("radio or UART not ready");
		return 0;
	}
	if (!eg_gw_init(&gw, &config, &platform)) {
		LOG_ERR("configuration refused by the core");
		return 0;
	}
	eg_gw_start(&gw);
	for (;;) {
		while (port_radio_receive(psdu, &len)) {
			eg_gw_radio_input(&gw, psdu, len);
		}
		while ((len = port_uart_read(bytes, sizeof(bytes))) > 0) {
			eg_gw_uart_input(&gw, bytes, len);
		}
		eg_gw_tick(&gw);
		(void)k_sem_take(&port_wake, K_MSEC(TICK_MS));
	}
	return 0;
}
