#include "fake_platform.h"

#include <string.h>

#include "test_util.h"

static uint32_t fake_uptime(void *ctx)
{
    return ((fake_platform *)ctx)->now;
}

static bool fake_random(void *ctx, uint8_t *out, size_t len)
{
    fake_platform *f = ctx;
    size_t i;
    if (f->random_fails) {
        return false;
    }
    for (i = 0; i < len; i++) {
        out[i] = f->forced_pos < f->forced_len ? f->forced_random[f->forced_pos++]
                                               : (uint8_t)test_rand(&f->seed);
    }
    return true;
}

static bool fake_radio(void *ctx, const uint8_t *psdu, size_t len)
{
    fake_platform *f = ctx;
    if (f->radio_fails || f->radio_count >= FAKE_MAX_FRAMES || len > EG_MAC_MAX_PSDU) {
        return false;
    }
    memcpy(f->radio[f->radio_count], psdu, len);
    f->radio_len[f->radio_count++] = len;
    return true;
}

static bool fake_uart(void *ctx, const uint8_t *bytes, size_t len)
{
    fake_platform *f = ctx;
    if (f->uart_fails || f->uart_len + len > FAKE_UART_CAP) {
        return false;
    }
    memcpy(f->uart + f->uart_len, bytes, len);
    f->uart_len += len;
    return true;
}

static void fake_pending(void *ctx, const eg_mac_address *device, bool pending)
{
    fake_platform *f = ctx;
    (void)device;
    f->pending_calls++;
    f->last_pending = pending;
}

static void fake_log(void *ctx, uint8_t level, const char *text)
{
    (void)level;
    (void)text;
    ((fake_platform *)ctx)->local_logs++;
}

void fake_platform_init(fake_platform *fake, eg_platform *platform)
{
    memset(fake, 0, sizeof(*fake));
    fake->now = 1000;
    fake->seed = 0x12345678u;
    eg_hdlc_decoder_init(&fake->uart_decoder);
    memset(platform, 0, sizeof(*platform));
    platform->ctx = fake;
    platform->uptime_ms = fake_uptime;
    platform->random_bytes = fake_random;
    platform->radio_transmit = fake_radio;
    platform->uart_write = fake_uart;
    platform->indirect_pending = fake_pending;
    platform->local_log = fake_log;
}

void fake_force_random(fake_platform *fake, const uint8_t *bytes, size_t len)
{
    memcpy(fake->forced_random, bytes, len);
    fake->forced_len = len;
    fake->forced_pos = 0;
}

const uint8_t *fake_next_radio(fake_platform *fake, size_t *len)
{
    if (fake->radio_read >= fake->radio_count) {
        return NULL;
    }
    *len = fake->radio_len[fake->radio_read];
    return fake->radio[fake->radio_read++];
}

size_t fake_radio_unread(const fake_platform *fake)
{
    return fake->radio_count - fake->radio_read;
}

bool fake_next_uart(fake_platform *fake, enrolgate_v1_UartMessageType *type,
                    enrolgate_v1_GatewayHello *hello, enrolgate_v1_EgRequest *request, int *logs)
{
    const uint8_t *payload;
    size_t len;
    enrolgate_v1_GatewayLog log;
    enrolgate_v1_GatewayHello h;
    enrolgate_v1_EgRequest r;

    while (fake->uart_read < fake->uart_len) {
        if (!eg_hdlc_decoder_push(&fake->uart_decoder, fake->uart[fake->uart_read++], &payload,
                                  &len)) {
            continue;
        }
        if (eg_uart_decode_outbound(payload, len, type, hello ? hello : &h,
                                    request ? request : &r, &log) != EG_UART_OK) {
            return false; /* the gateway wrote something undecodable: the test will fail */
        }
        if (*type == enrolgate_v1_UartMessageType_UART_MESSAGE_TYPE_LOG) {
            if (logs != NULL) {
                (*logs)++;
            }
            continue;
        }
        return true;
    }
    return false;
}
