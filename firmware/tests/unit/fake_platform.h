/* A scripted platform for the gateway tests: a settable clock, a deterministic (or failing, or
 * forced) random source, and recorders for everything sent on the radio and the UART. */
#ifndef EG_FAKE_PLATFORM_H
#define EG_FAKE_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eg_gateway.h"
#include "eg_platform.h"

#define FAKE_MAX_FRAMES 256
#define FAKE_UART_CAP 65536
#define FAKE_FORCED_RANDOM 64

typedef struct fake_platform {
    uint32_t now;
    uint32_t seed;
    bool random_fails;
    uint8_t forced_random[FAKE_FORCED_RANDOM]; /* consumed before the generator */
    size_t forced_len, forced_pos;
    bool radio_fails, uart_fails;

    uint8_t radio[FAKE_MAX_FRAMES][EG_MAC_MAX_PSDU];
    size_t radio_len[FAKE_MAX_FRAMES];
    size_t radio_count, radio_read;

    uint8_t uart[FAKE_UART_CAP];
    size_t uart_len, uart_read;
    eg_hdlc_decoder uart_decoder;

    int pending_calls;
    bool last_pending;
    int local_logs;
} fake_platform;

void fake_platform_init(fake_platform *fake, eg_platform *platform);

/* Makes the next random draws return these bytes (e.g. to force a short address collision). */
void fake_force_random(fake_platform *fake, const uint8_t *bytes, size_t len);

/* Next radio frame not yet read, or NULL. */
const uint8_t *fake_next_radio(fake_platform *fake, size_t *len);
size_t fake_radio_unread(const fake_platform *fake);

/* Next UART message of the gateway that is not a LOG (LOGs are counted in *logs if not NULL).
 * Returns false when there is none. */
bool fake_next_uart(fake_platform *fake, enrolgate_v1_UartMessageType *type,
                    enrolgate_v1_GatewayHello *hello, enrolgate_v1_EgRequest *request, int *logs);

#endif
