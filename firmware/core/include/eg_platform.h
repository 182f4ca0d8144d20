/*
 * What the gateway core needs from the board it runs on. The core makes no OS calls and owns no
 * threads: a port (nrf52840/, posix/gateway/) fills this table, feeds radio and UART input in, and
 * calls eg_gw_tick() often (every 10-50 ms is plenty for deadlines of hundreds of milliseconds).
 * All callbacks are invoked from inside eg_gw_* calls, on the caller's thread.
 */
#ifndef EG_PLATFORM_H
#define EG_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eg_mac.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct eg_platform {
    void *ctx; /* passed back to every callback */

    /* Monotonic milliseconds since boot; may wrap (the core compares with wrap-safe arithmetic). */
    uint32_t (*uptime_ms)(void *ctx);

    /* Fills out with len bytes from a cryptographically secure generator (request ids must be
     * unpredictable). Returns false if none is available; the core then refuses to proceed. */
    bool (*random_bytes)(void *ctx, uint8_t *out, size_t len);

    /* Transmits one PSDU (MPDU + FCS, 5..127 bytes) on the configured channel. A radio that
     * computes the FCS in hardware drops the last two bytes. Returns false if it could not. */
    bool (*radio_transmit)(void *ctx, const uint8_t *psdu, size_t len);

    /* Writes bytes to the host UART (already HDLC-framed). Returns false if they were not queued. */
    bool (*uart_write)(void *ctx, const uint8_t *bytes, size_t len);

    /* Optional (may be NULL). Radios that acknowledge in hardware must set the frame pending bit of
     * the ack to a data request themselves: the core reports here when a device gains or loses a
     * queued (indirect) frame, under both its extended and, when it has one, its short address. */
    void (*indirect_pending)(void *ctx, const eg_mac_address *device, bool pending);

    /* Optional (may be NULL). A local copy of every log line (e.g. stderr of the simulator),
     * whether or not its level is sent to the host. level: 1 error .. 4 debug. */
    void (*local_log)(void *ctx, uint8_t level, const char *text);
} eg_platform;

#ifdef __cplusplus
}
#endif

#endif
