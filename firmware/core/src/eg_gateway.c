/* The gateway state machine, host side (see eg_gateway.h): configuration, HELLO and LOG, the EG
 * Request / EG Response exchange on the UART, and deadlines. The radio side is eg_gw_radio.c. */
#include "eg_gateway.h"

#include <stdarg.h>
#include <string.h>

#include "eg_gw_internal.h"
#include "eg_log.h"
#include "eg_zb_beacon.h"

#define CHANNEL_MIN 11u
#define CHANNEL_MAX 26u

/* ---- output to the host ---- */

static void uart_send(eg_gateway *gw, enrolgate_v1_UartMessageType type, const pb_msgdesc_t *fields,
                      const void *msg)
{
    size_t n = eg_uart_encode(type, fields, msg, gw->uart_tx, sizeof(gw->uart_tx));
    if (n == 0u || !gw->platform.uart_write(gw->platform.ctx, gw->uart_tx, n)) {
        gw->counters.uart_tx_errors++;
    }
}

void eg_gw_log(eg_gateway *gw, uint8_t level, const char *fmt, ...)
{
    enrolgate_v1_GatewayLog log = enrolgate_v1_GatewayLog_init_zero;
    va_list args;

    va_start(args, fmt);
    eg_log_vformat(log.message, sizeof(log.message), fmt, args);
    va_end(args);
    if (gw->platform.local_log != NULL) {
        gw->platform.local_log(gw->platform.ctx, level, log.message);
    }
    if (level > gw->config.uart_log_level) {
        return;
    }
    log.level = (enrolgate_v1_GatewayLog_Level)level;
    log.uptime_ms = eg_gw_now(gw);
    uart_send(gw, enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_LOG, enrolgate_v1_GatewayLog_fields,
              &log);
}

static void send_hello(eg_gateway *gw)
{
    enrolgate_v1_GatewayHello hello = enrolgate_v1_GatewayHello_init_zero;
    size_t n = strlen(gw->config.firmware_version);

    if (n >= sizeof(hello.firmware_version)) {
        n = sizeof(hello.firmware_version) - 1u;
    }
    memcpy(hello.firmware_version, gw->config.firmware_version, n);
    hello.gateway_ieee = gw->config.ext_addr;
    hello.pan_id = gw->config.pan_id;
    hello.channel = gw->config.channel;
    hello.extended_pan_id = gw->config.extended_pan_id;
    hello.protocol_version = EG_UART_PROTOCOL_VERSION;
    uart_send(gw, enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_HELLO,
              enrolgate_v1_GatewayHello_fields, &hello);
}

/* ---- configuration and joining window ---- */

bool eg_gw_init(eg_gateway *gw, const eg_gw_config *config, const eg_platform *platform)
{
    eg_zb_beacon_payload beacon;
    uint8_t dsn;

    if (gw == NULL || config == NULL || platform == NULL || platform->uptime_ms == NULL ||
        platform->random_bytes == NULL || platform->radio_transmit == NULL ||
        platform->uart_write == NULL) {
        return false;
    }
    if (config->channel < CHANNEL_MIN || config->channel > CHANNEL_MAX ||
        config->pan_id == EG_MAC_BROADCAST_PAN || config->ext_addr == 0u ||
        config->ext_addr == UINT64_MAX) {
        return false;
    }
    memset(gw, 0, sizeof(*gw));
    gw->config = *config;
    gw->platform = *platform;
    if (gw->config.eg_deadline_ms == 0u) {
        gw->config.eg_deadline_ms = EG_GW_DEFAULT_EG_DEADLINE_MS;
    }
    if (gw->config.transaction_persistence_ms == 0u) {
        gw->config.transaction_persistence_ms = EG_GW_DEFAULT_TRANSACTION_PERSISTENCE_MS;
    }
    if (gw->config.uart_log_level == 0u) {
        gw->config.uart_log_level = EG_LOG_INFO;
    }
    if (gw->config.firmware_version == NULL) {
        gw->config.firmware_version = EG_FIRMWARE_VERSION;
    }
    eg_zb_beacon_payload_init(&beacon, config->extended_pan_id);
    if (eg_zb_beacon_payload_encode(&beacon, gw->beacon_payload, sizeof(gw->beacon_payload)) !=
        (int)EG_ZB_BEACON_PAYLOAD_LEN) {
        return false;
    }
    /* §7.5.1: macDSN starts at a random value, so a rebooted gateway does not replay numbers. */
    if (gw->platform.random_bytes(gw->platform.ctx, &dsn, 1u)) {
        gw->mac_dsn = dsn;
    }
    eg_hdlc_decoder_init(&gw->uart_rx);
    return true;
}

void eg_gw_start(eg_gateway *gw)
{
    send_hello(gw);
    eg_gw_permit_join(gw, gw->config.permit_join_s);
}

void eg_gw_permit_join(eg_gateway *gw, uint8_t seconds)
{
    gw->permit_open = seconds != 0u;
    gw->permit_forever = seconds == EG_GW_PERMIT_JOIN_FOREVER;
    gw->permit_until_ms = eg_gw_now(gw) + 1000u * seconds;
    if (seconds == 0u) {
        eg_gw_log(gw, EG_LOG_INFO, "permit join closed");
    } else if (gw->permit_forever) {
        eg_gw_log(gw, EG_LOG_INFO, "permit join open until closed");
    } else {
        eg_gw_log(gw, EG_LOG_INFO, "permit join open for %u s", (unsigned)seconds);
    }
}

bool eg_gw_joining_permitted(const eg_gateway *gw)
{
    return gw->permit_open;
}

/* ---- the EG exchange ---- */

/* The association response reached the device: ask the EG for its Transport Key. */
void eg_gw_association_completed(eg_gateway *gw, eg_gw_device *dev)
{
    enrolgate_v1_EgRequest req = enrolgate_v1_EgRequest_init_zero;
    uint32_t now = eg_gw_now(gw);

    if (!gw->platform.random_bytes(gw->platform.ctx, dev->request_id, EG_GW_REQUEST_ID_LEN)) {
        gw->counters.random_failures++;
        eg_gw_log(gw, EG_LOG_ERROR, "no randomness for a request id: dropping %E",
                  dev->ext_addr);
        eg_gw_dev_release(gw, dev);
        return;
    }
    req.request_id.size = EG_GW_REQUEST_ID_LEN;
    memcpy(req.request_id.bytes, dev->request_id, EG_GW_REQUEST_ID_LEN);
    req.gateway_ieee = gw->config.ext_addr;
    req.gateway_short = EG_GW_COORDINATOR_SHORT;
    req.pan_id = gw->config.pan_id;
    req.device_ieee = dev->ext_addr;
    req.device_short = dev->short_addr;
    req.capability_information = dev->capability_information;
    req.gateway_uptime_ms = now;
    uart_send(gw, enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_EG_REQUEST,
              enrolgate_v1_EgRequest_fields, &req);
    gw->counters.eg_requests++;
    dev->state = EG_GW_DEV_AWAITING_KEY;
    dev->deadline_ms = now + gw->config.eg_deadline_ms;
    dev->last_activity_ms = now;
    eg_gw_log(gw, EG_LOG_INFO, "%E associated as %x; EG request sent", dev->ext_addr,
              (unsigned)dev->short_addr);
}

static void on_eg_response(eg_gateway *gw, const enrolgate_v1_EgResponse *resp)
{
    eg_gw_device *dev = eg_gw_dev_by_request_id(gw, resp->request_id.bytes, resp->request_id.size);

    if (dev == NULL || (resp->device_ieee != 0u && resp->device_ieee != dev->ext_addr)) {
        /* Late (the device gave up), duplicated, or not ours: nothing to deliver. */
        gw->counters.eg_unknown_responses++;
        eg_gw_log(gw, EG_LOG_WARNING, "EG response for no pending request (device %E)",
                  resp->device_ieee);
        return;
    }
    if (resp->which_result == enrolgate_v1_EgResponse_rejection_tag) {
        gw->counters.eg_responses++;
        gw->counters.eg_rejections++;
        eg_gw_log(gw, EG_LOG_WARNING, "EG rejected %E (code %u): association dropped",
                  dev->ext_addr, (unsigned)resp->result.rejection.code);
        eg_gw_dev_release(gw, dev);
        return;
    }
    if (resp->which_result != enrolgate_v1_EgResponse_nwk_frame_tag ||
        resp->result.nwk_frame.size == 0u) {
        /* Neither a frame nor a rejection: a broken host. The deadline will clean up. */
        gw->counters.uart_decode_errors++;
        eg_gw_log(gw, EG_LOG_WARNING, "EG response without result for %E", dev->ext_addr);
        return;
    }
    gw->counters.eg_responses++;
    eg_gw_send_key_frame(gw, dev, resp->result.nwk_frame.bytes,
                         resp->result.nwk_frame.size);
}

/* ---- input from the host ---- */

static void on_uart_frame(eg_gateway *gw, const uint8_t *payload, size_t len)
{
    eg_uart_status st = eg_uart_decode_inbound(payload, len, &gw->inbound);

    gw->counters.uart_frames++;
    if (st == EG_UART_ERR_UNKNOWN_TYPE) {
        gw->counters.uart_unknown_type++;
        return;
    }
    if (st != EG_UART_OK) {
        gw->counters.uart_decode_errors++;
        eg_gw_log(gw, EG_LOG_WARNING, "UART message type %u dropped: %s", (unsigned)payload[0],
                  eg_uart_status_name(st));
        return;
    }
    switch (gw->inbound.type) {
    case enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_EG_RESPONSE:
        on_eg_response(gw, &gw->inbound.u.eg_response);
        break;
    case enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_HELLO:
        send_hello(gw);
        break;
    default:
        gw->counters.uart_unsupported++;
        eg_gw_log(gw, EG_LOG_WARNING, "UART message type %u not supported yet",
                  (unsigned)gw->inbound.type);
        break;
    }
}

void eg_gw_uart_input(eg_gateway *gw, const uint8_t *bytes, size_t len)
{
    const uint8_t *payload;
    size_t i, n;

    for (i = 0; i < len; i++) {
        if (eg_hdlc_decoder_push(&gw->uart_rx, bytes[i], &payload, &n)) {
            on_uart_frame(gw, payload, n);
        }
    }
}

/* ---- time ---- */

void eg_gw_tick(eg_gateway *gw)
{
    uint32_t now = eg_gw_now(gw);
    size_t i;
    eg_gw_device *dev;

    if (gw->permit_open && !gw->permit_forever && eg_gw_reached(now, gw->permit_until_ms)) {
        gw->permit_open = false;
        eg_gw_log(gw, EG_LOG_INFO, "permit join window over");
    }
    for (i = 0; i < EG_GW_MAX_DEVICES; i++) {
        dev = &gw->devices[i];
        if (dev->state == EG_GW_DEV_AWAITING_KEY && eg_gw_reached(now, dev->deadline_ms)) {
            gw->counters.eg_timeouts++;
            dev->state = EG_GW_DEV_STALE;
            eg_gw_log(gw, EG_LOG_WARNING, "no EG response for %E in time", dev->ext_addr);
        }
        if (dev->indirect_len != 0u && eg_gw_reached(now, dev->indirect_expiry_ms)) {
            gw->counters.indirect_expired++;
            eg_gw_dev_unqueue(gw, dev);
            dev->state = EG_GW_DEV_STALE;
            eg_gw_log(gw, EG_LOG_WARNING, "%E never polled for its frame", dev->ext_addr);
        }
    }
}
